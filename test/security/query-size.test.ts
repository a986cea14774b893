// A GraphQL query string is bounded before it is parsed, and parsed documents are cached by the
// memory they really hold: a short query padded with a megabyte of spaces can neither be parsed
// nor fill the document cache. Proven in-process for the answers, and on a real server process
// for memory, its RSS read from /proc while the padded queries arrive.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentStore, estimatedBytes } from '../../src/graphql/document-store.js';
import { useKeyhold } from '../support/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX = 4096;
const k = useKeyhold({ GRAPHQL_MAX_QUERY_LENGTH: String(MAX) });

/** `{__typename}` padded with spaces to exactly `length` characters. */
const padded = (length: number, tag = '') => {
  const head = `{__typename}#${tag}\n`;
  return head + ' '.repeat(length - head.length);
};
const post = (body: unknown) => k.http('POST', '/graphql', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a query string over GRAPHQL_MAX_QUERY_LENGTH', () => {
  it('is answered 413 BAD_USER_INPUT, naming both lengths', async () => {
    const res = await post({ query: padded(MAX + 1) });

    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: [{ message: `The GraphQL query is too long: ${MAX + 1} characters, at most ${MAX} are accepted.`, extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('is refused over GET too', async () => {
    const res = await k.http('GET', `/graphql?query=${encodeURIComponent(padded(MAX + 1))}`, { headers: { 'apollo-require-preflight': '1' } });

    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('is refused inside a batch as well', async () => {
    const res = await post([{ query: '{__typename}' }, { query: padded(MAX + 1) }]);

    expect(res.status).toBe(413);
  });

  it('at exactly the limit is parsed and answered', async () => {
    const res = await post({ query: padded(MAX) });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the document cache', () => {
  it('counts the source text a parsed document keeps, not its JSON form', () => {
    const doc = parse(padded(100_000));

    expect(JSON.stringify(doc).length).toBeLessThan(1000);
    expect(estimatedBytes(doc)).toBeGreaterThanOrEqual(100_000);
  });

  it('holds at most its budget of padded documents', async () => {
    const budget = 1024 * 1024;
    const store = createDocumentStore(budget);
    for (let i = 0; i < 100; i++) await store.set(`q${i}`, parse(padded(100_000, String(i))));

    const kept = (await Promise.all(Array.from({ length: 100 }, (_, i) => store.get(`q${i}`)))).filter((d) => d !== undefined);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.reduce((sum, d) => sum + d.loc!.source.body.length, 0)).toBeLessThanOrEqual(budget);
    expect(await store.get('q99')).toBeDefined();
  });
});

// The attack as first reported: 300 requests of `{__typename}` padded with 1,000,000 spaces,
// each a different query, so each would be a new cache entry (about 1 MB of RSS each, kept).
const ATTACK_REQUESTS = 300;
const PADDING = 1_000_000;
// Parsing each padded query is the slow part: half as many still hold three times the cache's
// budget, twice the growth limit below, if the cache undercounted them.
const PARSED_ATTACK_REQUESTS = 150;
// The server keeps some of what it parsed; growth beyond this is memory it should not hold.
const RSS_GROWTH_LIMIT_MB = 80;

describe('a server under the padded-query attack', () => {
  let server: ChildProcess | undefined;
  afterEach(() => {
    server?.kill('SIGKILL');
    server = undefined;
  });

  /**
   * `src/server.ts` in its own process. `--gc-global` makes every collection a full one, so the
   * RSS read between requests is what the server holds, not garbage a collection would free.
   */
  async function startServer(env: Record<string, string> = {}): Promise<{ url: string; rssMb: () => number }> {
    const child = spawn(process.execPath, ['--gc-global', '--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk;
        const found = /Keyhold listening on (http:\/\/[^\s"]+)/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code} before listening: ${out}`)));
    });
    const rssMb = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    return { url, rssMb };
  }

  /** POSTs every body, four at a time over kept-alive connections; returns the statuses. */
  async function postAll(url: string, bodies: Iterable<Buffer[]>): Promise<number[]> {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const target = new URL('/graphql', url);
    const one = (parts: Buffer[]) =>
      new Promise<number>((resolve, reject) => {
        const length = parts.reduce((sum, p) => sum + p.length, 0);
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': length },
          },
          (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
        );
        req.on('error', reject);
        for (const part of parts) req.write(part);
        req.end();
      });
    const queue = [...bodies];
    const statuses: number[] = [];
    const worker = async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) statuses.push(await one(body));
    };
    try {
      await Promise.all([worker(), worker(), worker(), worker()]);
    } finally {
      agent.destroy();
    }
    return statuses;
  }

  /** Each body is `{"query":"{__typename}#<n>\n<spaces>"}`, sent in parts so the megabyte of spaces is encoded once. */
  function* attack(requests: number): Generator<Buffer[]> {
    const padding = Buffer.from(`${' '.repeat(PADDING)}"}`);
    for (let n = 0; n < requests; n++) yield [Buffer.from(`{"query":"{__typename}#${n}\\n`), padding];
  }

  async function rssGrowthUnderAttack(requests: number, env?: Record<string, string>): Promise<{ growthMb: number; statuses: Set<number> }> {
    const { url, rssMb } = await startServer(env);
    await postAll(
      url,
      Array.from({ length: 20 }, () => [Buffer.from(JSON.stringify({ query: '{__typename}' }))]),
    );
    const before = rssMb();
    const statuses = new Set(await postAll(url, attack(requests)));
    return { growthMb: rssMb() - before, statuses };
  }

  it('refuses every padded query (413) and its RSS stays within bounds', async () => {
    const { growthMb, statuses } = await rssGrowthUnderAttack(ATTACK_REQUESTS);

    expect(growthMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    expect(statuses).toEqual(new Set([413]));
  }, 120_000);

  it('with the length limit raised past the padding, parses them all, and the document cache still bounds its RSS', async () => {
    const { growthMb, statuses } = await rssGrowthUnderAttack(PARSED_ATTACK_REQUESTS, { GRAPHQL_MAX_QUERY_LENGTH: String(2 * PADDING) });

    expect(growthMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    expect(statuses).toEqual(new Set([200]));
  }, 120_000);
});
