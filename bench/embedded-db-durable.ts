/**
 * The embedded database's data directory: how long opening one with 100,000 keys takes (the
 * goal: under 2 s), and what group commit saves (commits per burst of concurrent inserts).
 * Part of `npm run bench`; alone: npx tsx bench/embedded-db-durable.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Collection } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/embedded-db/index.js';

const KEYS = 100_000;
const SEED_BATCH = 10_000;
const OPEN_ROUNDS = 3;
const BURST = 20;
const BURST_ROUNDS = 5;

/** api_keys as Keyhold stores them, with its indexes. */
async function seed(coll: Collection): Promise<void> {
  await coll.createIndex({ hash: 1 }, { unique: true });
  await coll.createIndex({ orgId: 1, createdAt: -1 });
  for (let start = 0; start < KEYS; start += SEED_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + SEED_BATCH, KEYS); i++) {
      batch.push({
        _id: `key_${randomBytes(12).toString('hex')}`,
        orgId: `org_${Math.floor(i / 50)}`,
        name: `seeded ${i}`,
        prefix: 'sk_live_Ab3x',
        hash: createHash('sha256').update(`key ${i}`).digest('hex'),
        access: 'FULL_ACCESS',
        rateLimitPerMinute: 100,
        createdBy: 'bench',
        createdAt: new Date(),
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        __v: 0,
      });
    }
    await coll.insertMany(batch as never[], { ordered: false });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function withClient<T>(db: EmbeddedMongo, run: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await new MongoClient(db.uri, { maxPoolSize: BURST }).connect();
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

export interface DurableFigures {
  openMs: number[];
  /** CPU time of each open (every thread of this process): what a busy machine cannot stretch. */
  openCpuMs: number[];
  burst: { concurrent: number; commitsPerBurst: number[]; sequentialCommits: number; burstMs: number; sequentialMsEach: number };
}

export async function runDurableBench(): Promise<DurableFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'keyhold-bench-data-'));
  try {
    let db = await startEmbeddedMongo({ dataDir: dir });
    await withClient(db, (client) => seed(client.db('keyhold').collection('api_keys')));
    await db.close();

    const openMs: number[] = [];
    const openCpuMs: number[] = [];
    for (let round = 0; round < OPEN_ROUNDS; round++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      db = await startEmbeddedMongo({ dataDir: dir });
      openMs.push(Math.round(performance.now() - started));
      const used = process.cpuUsage(cpu);
      openCpuMs.push(Math.round((used.user + used.system) / 1000));
      const { documents } = db.storageStats().opened;
      if (documents !== KEYS) throw new Error(`opened ${documents} documents, expected ${KEYS}`);
      if (round < OPEN_ROUNDS - 1) await db.close();
    }

    const burst = await withClient(db, async (client) => {
      const coll = client.db('keyhold').collection('burst');
      // Every connection of the pool open first, as in a server that has been running a while.
      await Promise.all(Array.from({ length: BURST }, () => client.db('admin').command({ ping: 1 })));
      const commitsPerBurst: number[] = [];
      const burstTimes: number[] = [];
      for (let round = 0; round < BURST_ROUNDS; round++) {
        const before = db.storageStats().commits;
        const started = performance.now();
        await Promise.all(Array.from({ length: BURST }, (_, i) => coll.insertOne({ round, i })));
        burstTimes.push(performance.now() - started);
        commitsPerBurst.push(db.storageStats().commits - before);
      }
      const before = db.storageStats().commits;
      const started = performance.now();
      for (let i = 0; i < BURST; i++) await coll.insertOne({ sequential: i });
      const sequentialMsEach = (performance.now() - started) / BURST;
      return {
        concurrent: BURST,
        commitsPerBurst,
        sequentialCommits: db.storageStats().commits - before,
        burstMs: Number(median(burstTimes).toFixed(1)),
        sequentialMsEach: Number(sequentialMsEach.toFixed(2)),
      };
    });
    await db.close();
    return { openMs, openCpuMs, burst };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function printDurableFigures({ openMs, openCpuMs, burst }: DurableFigures): void {
  const first = openMs[0]!;
  console.log(`open a data directory holding ${KEYS.toLocaleString('en')} keys (read from disk, indexes rebuilt, listening):`);
  console.log(`  ${openMs.join(' ms, ')} ms (first, then warm); goal under 2000 ms: ${first < 2000 ? 'MET' : 'MISS'}`);
  console.log(
    `  CPU time ${openCpuMs.join(' ms, ')} ms (wall time above it is waiting for a core: load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
  );
  console.log(`group commit, ${burst.concurrent} concurrent inserts over ${burst.concurrent} connections:`);
  console.log(`  ${burst.commitsPerBurst.join(', ')} disk commits per burst (median burst ${burst.burstMs} ms)`);
  console.log(`  vs ${burst.concurrent} sequential inserts: ${burst.sequentialCommits} commits, ${burst.sequentialMsEach} ms each`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  printDurableFigures(await runDurableBench());
}
