// The least any /verify can do, on bare node:http: a ceiling for Keyhold's own figure. Per request
// it does only what the contract and the /verify issue require: parse the key and check its
// checksum, hash it, find it in an LRU cache (filled on first sight: the database read is not the
// point), spend one unit of a rate-limiter-flexible memory limiter, write the same headers and
// body as a good Keyhold answer, and one access line. No framework, validation or routing.
// Run by bench/run.ts as a child; BENCH_BODY and BENCH_HEADERS come from a real good answer.
import { createServer } from 'node:http';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { parseApiKey } from '../src/core/key-format.js';
import { createLogger } from '../src/logging/logger.js';
import { serveBenchControl } from './child-control.js';

const body = process.env.BENCH_BODY ?? '{}';
const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}') as Record<string, string>;
const keyId = headers['x-api-key-id'] ?? 'key_unknown';
const logger = createLogger({ level: 'info' });
const known = new LRUCache<string, string>({ max: 10_000, ttl: 5_000 });
const limiter = new RateLimiterMemory({ points: 1_000_000, duration: 60 });
let seq = 0;

const server = createServer((req, res) => {
  const started = performance.now();
  const reqId = `bench-${(++seq).toString(36)}`;
  const parsed = parseApiKey((req.headers.authorization ?? '').slice('Bearer '.length));
  if (!parsed.ok) {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' }).end('{"valid":false}');
    return;
  }
  let id = known.get(parsed.hash);
  if (id === undefined) known.set(parsed.hash, (id = keyId));
  void limiter.consume(id).then((rate) => {
    res.writeHead(200, {
      ...headers,
      'x-request-id': reqId,
      'x-ratelimit-remaining': rate.remainingPoints,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    logger.info({ reqId, method: req.method!, url: req.url!, status: 200, ms: Math.round((performance.now() - started) * 10) / 10, keyId: id }, 'request');
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  serveBenchControl({ url: `http://127.0.0.1:${port}`, secrets: {} }, async () => void server.close());
});
