// `npm run bench`: /verify and GraphQL throughput against the physical limit of this machine.
//
// Servers run as child processes (Keyhold as `npm start` runs it, embedded database and all; a
// bare node:http server; one fastify route), autocannon runs here: on 2 cores the load generator
// and the server under test each get one, rather than fighting over one event loop. Targets are interleaved round by round so that drift
// (thermal, other tenants) hits every target alike; each figure is the median of the rounds.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateApiKey } from '../src/core/key-format.js';
import { CONNECTIONS, measure, median, PINNED, pinLoadGenerator, startServer, type Sample, type Server, type Target } from './load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_SECONDS = 2;
// BENCH_COMPARE_DIR: another checkout of Keyhold (an earlier commit, say) whose
// bench/keyhold-server.ts runs beside a server of this tree, both on the same database and keys
// and given the same targets (good key, malformed key, GraphQL), each pair measured back to back
// in every round, so the two are compared within one run. BENCH_COMPARE_ENV (JSON) adds variables
// to the other server (BENCH_COMPARE_DIR=. with {"BENCH_LOG_DEST":"sync"} compares a setting).
const COMPARE_DIR = process.env.BENCH_COMPARE_DIR;
const COMPARE_ENV = JSON.parse(process.env.BENCH_COMPARE_ENV ?? '{}') as Record<string, string>;
const COMPARE_LABEL = process.env.BENCH_COMPARE_LABEL ?? 'compared';

async function main(): Promise<void> {
  const started = Date.now();
  pinLoadGenerator();
  console.log(`Keyhold bench: ${ROUNDS} interleaved rounds × ${SECONDS} s per target, ${CONNECTIONS} connections, pipelining 1, all on 127.0.0.1`);
  console.log(
    PINNED
      ? 'autocannon pinned to CPU 0, every server under test to CPU 1 (taskset); the database floats'
      : 'not pinned to cores (BENCH_PIN=0, one core, or no taskset)',
  );
  console.log('Keyhold runs as in production: LOG_LEVEL info (one access line per request), the database in its own process.');
  console.log('starting servers: the database; Keyhold with 1,000 keys (at info and at warn) and with 100,000 keys …');
  const database = await startServer('database', 'database-server.ts', {}, { pin: false });
  const secretsKey = randomBytes(32).toString('base64');
  const keyholdAt = async (name: string, dbName: string, seed: number, extra: Record<string, string> = {}) => {
    const env = { MONGODB_URI: database.url, SECRETS_KEY: secretsKey, BENCH_DB_NAME: dbName, BENCH_SEED_KEYS: String(seed), ...extra };
    const seeder = await startServer(`seed ${dbName}`, 'seeder.ts', env, { pin: false });
    await seeder.stop();
    const server = await startServer(name, 'keyhold-server.ts', env);
    return { ...server, secrets: seeder.secrets };
  };
  const [small, quiet, large] = await Promise.all([
    keyholdAt('keyhold-1k', 'bench_1k', 1000),
    // The same, without the one-line-per-request access log: what that line costs.
    keyholdAt('keyhold-1k-warn', 'bench_1k_warn', 1000, { BENCH_LOG_LEVEL: 'warn' }),
    keyholdAt('keyhold-100k', 'bench_100k', 100_000),
  ]);
  const servers: Server[] = [small, quiet, large, database];
  try {
    // The comparison runs on a pair of servers that see the same load and nothing else (the 1k
    // server above also takes the unknown-key and GraphQL load, which changes its heap). Each is
    // listed as soon as it runs, so that a failed start stops the others too.
    let pair: { ours: Server; theirs: Server } | undefined;
    if (COMPARE_DIR) {
      const compareEnv = { MONGODB_URI: database.url, SECRETS_KEY: secretsKey, BENCH_DB_NAME: 'bench_1k' };
      const ours = await startServer('keyhold-1k (paired)', 'keyhold-server.ts', compareEnv);
      servers.push(ours);
      const theirs = await startServer(
        COMPARE_LABEL,
        path.resolve(COMPARE_DIR, 'bench/keyhold-server.ts'),
        { ...compareEnv, ...COMPARE_ENV },
        { cwd: path.resolve(COMPARE_DIR) },
      );
      servers.push(theirs);
      pair = { ours, theirs };
    }
    // The bare server answers the very bytes of a good /verify answer.
    const good = await fetch(`${small.url}/verify`, { headers: { authorization: `Bearer ${small.secrets.verify!}` } });
    const goodBody = await good.text();
    if (good.status !== 200) throw new Error(`good key answered ${good.status}`);
    // The headers a good answer carries beyond what node:http adds itself (the contract's key id
    // and rate-limit headers, the request id, no-store, nosniff): what writing them costs alone.
    const nodeOwn = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type']);
    const goodHeaders = Object.fromEntries([...good.headers].filter(([name]) => !nodeOwn.has(name)));
    const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const [bare, withHeaders, least, floor] = await Promise.all([
      startServer('bare', 'bare-server.ts', { BENCH_BODY: goodBody, BENCH_MODE: 'node' }),
      startServer('bare-headers', 'bare-server.ts', { BENCH_BODY: goodBody, BENCH_MODE: 'node', BENCH_HEADERS: JSON.stringify(goodHeaders) }),
      startServer('least-verify', 'least-verify-server.ts', { BENCH_BODY: goodBody, BENCH_HEADERS: JSON.stringify(goodHeaders) }),
      startServer('fastify-floor', 'bare-server.ts', { BENCH_BODY: goodBody, BENCH_MODE: 'fastify' }),
    ]);
    servers.push(bare, withHeaders, least, floor);
    console.log(`servers up in ${((Date.now() - started) / 1000).toFixed(1)} s; good /verify body ${Buffer.byteLength(goodBody)} bytes`);

    const allTargets: Target[] = [
      { name: 'bare node:http (same body)', server: bare, path: '/verify', method: 'GET', headers: {}, expectStatus: 200 },
      { name: "bare node:http + a good answer's headers", server: withHeaders, path: '/verify', method: 'GET', headers: {}, expectStatus: 200 },
      {
        name: 'node:http, the least a /verify must do',
        server: least,
        path: '/verify',
        method: 'GET',
        headers: bearer(small.secrets.verify!),
        expectStatus: 200,
      },
      { name: 'fastify, one route, no logging', server: floor, path: '/verify', method: 'GET', headers: {}, expectStatus: 200 },
      { name: '/verify good key (1k keys)', server: small, path: '/verify', method: 'GET', headers: bearer(small.secrets.verify!), expectStatus: 200 },
      { name: '/verify good key, LOG_LEVEL=warn', server: quiet, path: '/verify', method: 'GET', headers: bearer(quiet.secrets.verify!), expectStatus: 200 },
      { name: '/verify good key (100k keys)', server: large, path: '/verify', method: 'GET', headers: bearer(large.secrets.verify!), expectStatus: 200 },
      { name: '/verify malformed key', server: small, path: '/verify', method: 'GET', headers: bearer('sk_live_not-a-key'), expectStatus: 401 },
      { name: '/verify unknown well-formed key', server: small, path: '/verify', method: 'GET', headers: bearer(generateApiKey()), expectStatus: 401 },
      {
        name: 'GraphQL currentKey',
        server: small,
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ currentKey { id name access } }' }),
        rotate: small.secrets.graphql,
        expectStatus: 200,
      },
      ...(pair ? pairedTargets(pair, bearer(small.secrets.verify!), small.secrets.graphql) : []),
    ];
    // BENCH_TARGETS=a,b runs only the targets whose names contain one of these (and the bare server).
    const only = process.env.BENCH_TARGETS?.split(',').filter(Boolean);
    const targets = only ? allTargets.filter((t, i) => i === 0 || only.some((o) => t.name.includes(o))) : allTargets;

    for (const t of targets) await measure(t, WARMUP_SECONDS);
    const samples = new Map<Target, Sample[]>(targets.map((t) => [t, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of targets) samples.get(t)!.push(await measure(t, SECONDS));
      console.log(`round ${round}/${ROUNDS} done`);
    }

    const summary = targets.map((t) => {
      const s = samples.get(t)!;
      return {
        t,
        reqPerSec: median(s.map((x) => x.reqPerSec)),
        p50: median(s.map((x) => x.p50)),
        p99: median(s.map((x) => x.p99)),
        cpu: median(s.map((x) => x.serverCpu)),
        cpuPerRequest: median(s.map((x) => x.cpuPerRequest)),
      };
    });
    // Ratios are paired: each round's figure over the same round's reference, then the median of
    // those. The machine has slow spells of a few seconds; a round hit by one lowers both sides.
    const byName = (name: string) => targets.find((t) => t.name === name);
    const ratio = (name: string, reference: string) => {
      const [a, b] = [byName(name), byName(reference)];
      if (!a || !b) return Number.NaN;
      const [sa, sb] = [samples.get(a)!, samples.get(b)!];
      return median(sa.map((x, round) => x.reqPerSec / sb[round]!.reqPerSec));
    };
    const BARE = targets[0]!.name;
    console.log('');
    console.table(
      summary.map((s) => ({
        target: s.t.name,
        'req/s': Math.round(s.reqPerSec),
        'p50 ms': s.p50,
        'p99 ms': s.p99,
        'vs bare': Number(ratio(s.t.name, BARE).toFixed(3)),
        'server CPU': `${Math.round(s.cpu * 100)}%`,
        'CPU µs/req': Number(s.cpuPerRequest.toFixed(1)),
        'all req/s per round': samples
          .get(s.t)!
          .map((x) => Math.round(x.reqPerSec))
          .join(' '),
      })),
    );
    const checks = [
      { what: 'good-key /verify ≥ 0.80 × bare', ratio: ratio('/verify good key (1k keys)', BARE), min: 0.8 },
      { what: 'malformed-key /verify ≥ 0.85 × bare', ratio: ratio('/verify malformed key', BARE), min: 0.85 },
      { what: 'good key, 100k keys ≥ 0.90 × 1k keys', ratio: ratio('/verify good key (100k keys)', '/verify good key (1k keys)'), min: 0.9 },
    ];
    console.log(
      "req/s and latencies: medians over the rounds; ratios: medians of each round's ratio. CPU µs/req: the server process's CPU time per answered request.",
    );
    console.log('"+ a good answer\'s headers" is node:http writing the same headers as Keyhold, with nothing else to do;');
    console.log('"the least a /verify must do": node:http that checks the key (checksum, hash, LRU), spends the limiter and writes');
    console.log('the same answer and access line as Keyhold, nothing else: the ceiling for any /verify on this machine;');
    console.log('"fastify, one route" is the framework\'s own floor; "LOG_LEVEL=warn" is Keyhold without its access line.');
    for (const c of checks.filter((x) => !Number.isNaN(x.ratio))) console.log(`${c.ratio >= c.min ? 'MET ' : 'MISS'}  ${c.what}: ${c.ratio.toFixed(3)}`);
    if (pair) {
      for (const what of PAIRED) {
        const [ours, theirs] = [byName(`${what}, ${THIS_TREE}`), byName(`${what}, ${COMPARE_LABEL}`)];
        if (!ours || !theirs) continue;
        const [a, b] = [samples.get(ours)!, samples.get(theirs)!];
        // CPU per request is the steadier figure on a busy machine: it does not count time spent waiting for a core.
        const req = median(a.map((x, round) => x.reqPerSec / b[round]!.reqPerSec));
        const cpu = median(a.map((x, round) => x.cpuPerRequest / b[round]!.cpuPerRequest));
        console.log(`      ${what}: this tree / ${COMPARE_LABEL}: req/s ${req.toFixed(3)}, CPU µs per request ${cpu.toFixed(3)} (paired medians)`);
      }
    }
    const LEAST = 'node:http, the least a /verify must do';
    if (byName(LEAST))
      console.log(
        `      the least a /verify must do: ${ratio(LEAST, BARE).toFixed(3)} × bare; Keyhold's good key reaches ${ratio('/verify good key (1k keys)', LEAST).toFixed(3)} of it`,
      );
  } finally {
    // Keyhold flushes lastUsedAt on close: the database goes last.
    await Promise.all(servers.filter((s) => s !== database).map((s) => s.stop()));
    await database.stop();
  }

  await embeddedIndexBench();
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** The embedded database's index benchmark (another module), when it is present in this tree. */
async function embeddedIndexBench(): Promise<void> {
  const file = path.join(here, 'embedded-db-index.ts');
  if (!existsSync(file)) {
    console.log('\n(embedded-db index benchmark: bench/embedded-db-index.ts not present, skipped)');
    return;
  }
  console.log('\nembedded-db index benchmark (1,000 vs 100,000 keys):');
  const mod = (await import(pathToFileURL(file).href)) as { runEmbeddedIndexBench?: () => Promise<unknown> };
  if (typeof mod.runEmbeddedIndexBench !== 'function') {
    console.log('  bench/embedded-db-index.ts exports no runEmbeddedIndexBench(); skipped');
    return;
  }
  const figures = await mod.runEmbeddedIndexBench();
  if (figures !== undefined) console.table(figures);
}

const THIS_TREE = 'this tree';
const PAIRED = ['/verify good key', '/verify malformed key', 'GraphQL currentKey'] as const;

/** The compared targets, each measured on this tree's paired server and right after on the other one. */
function pairedTargets(pair: { ours: Server; theirs: Server }, goodKey: Record<string, string>, graphqlKeys: string[] | undefined): Target[] {
  const request = (what: (typeof PAIRED)[number]): Omit<Target, 'name' | 'server'> => {
    if (what === 'GraphQL currentKey') {
      const body = JSON.stringify({ query: '{ currentKey { id name access } }' });
      return { path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body, rotate: graphqlKeys, expectStatus: 200 };
    }
    const good = what === '/verify good key';
    return { path: '/verify', method: 'GET', headers: good ? goodKey : { authorization: 'Bearer sk_live_not-a-key' }, expectStatus: good ? 200 : 401 };
  };
  return PAIRED.flatMap((what) => [
    { name: `${what}, ${THIS_TREE}`, server: pair.ours, ...request(what) },
    { name: `${what}, ${COMPARE_LABEL}`, server: pair.theirs, ...request(what) },
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
