// `npm run bench:profile [good|malformed|unknown] [seconds]`: where a /verify request's CPU goes.
//
// Starts the database and Keyhold (1,000 keys, LOG_LEVEL info) as `npm run bench` does, with V8's
// sampling profiler on in the Keyhold child, loads one target with autocannon, then prints the
// self time by package and the hottest functions, per request. The raw .cpuprofile is kept for
// Chrome DevTools.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateApiKey } from '../src/core/key-format.js';
import { measure, startServer, type Target } from './load.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, on the monotonic clock process.hrtime reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const which = (process.argv[2] ?? 'good') as 'good' | 'malformed' | 'unknown' | 'bare';
const seconds = Number(process.argv[3] ?? 10);
const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-profile-'));
const interval = Number(process.env.PROFILE_INTERVAL_US ?? 1000);
const profiling = ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${interval}`];

const database = await startServer('database', 'database-server.ts', {}, { pin: false });
const env = {
  MONGODB_URI: database.url,
  SECRETS_KEY: randomBytes(32).toString('base64'),
  BENCH_DB_NAME: 'profile',
  BENCH_SEED_KEYS: '1000',
  BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
};
const seeder = await startServer('seed', 'seeder.ts', env, { pin: false });
await seeder.stop();
// 'bare': the node:http reference server under the same profiler, to tell its cost from Keyhold's.
const keyhold =
  which === 'bare'
    ? await startServer(
        'bare',
        'bare-server.ts',
        { BENCH_MODE: 'node', BENCH_BODY: JSON.stringify({ valid: true, pad: 'x'.repeat(150) }) },
        { nodeFlags: profiling },
      )
    : await startServer('keyhold', 'keyhold-server.ts', env, { nodeFlags: profiling });
const secret = { good: seeder.secrets.verify!, malformed: 'sk_live_not-a-key', unknown: generateApiKey(), bare: '' }[which];
const target: Target = {
  name: `/verify ${which}`,
  server: keyhold,
  path: '/verify',
  method: 'GET',
  headers: { authorization: `Bearer ${secret}` },
  expectStatus: which === 'good' || which === 'bare' ? 200 : 401,
};
await measure(target, 2);
const sample = await measure(target, seconds);
await keyhold.stop();
await database.stop();

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
const requests = sample.requests;
// Only the samples taken while the load ran: start-up and warm-up would be billed to the requests.
const [from, to] = sample.window;
const selfMicros = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= from && at <= to) selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  if (micros === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = packageOf(url, functionName);
  byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
  const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
}
const total = [...byPackage].filter(([p]) => p !== '(idle)').reduce((sum, [, us]) => sum + us, 0);

console.log(
  `${target.name}: ${Math.round(sample.reqPerSec)} req/s over ${seconds} s; CPU µs/req (process) ${sample.cpuPerRequest.toFixed(1)}; sampled busy µs/req ${(total / requests).toFixed(1)}`,
);
const table = (m: Map<string, number>, n: number) =>
  [...m]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([what, us]) => ({ what, 'µs/req': Number((us / requests).toFixed(2)), share: `${((us / total) * 100).toFixed(1)}%` }));
console.table(table(byPackage, 25));
console.table(table(byFunction, 40));
console.log(`profile: ${path.join(dir, file)}`);

function packageOf(url: string, fn: string): string {
  if (!url) return fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' ? fn : `(native) ${fn}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0)
    return `keyhold ${url
      .slice(src + 1)
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return shortUrl(url);
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url;
}
