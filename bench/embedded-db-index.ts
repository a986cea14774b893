/**
 * Does a key lookup by hash stay as fast with 100,000 stored keys as with 1,000? Times
 * `findOne({hash})` through the official driver over the wire against the embedded
 * database, the way /verify looks keys up. Run: npx tsx bench/embedded-db-index.ts
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-db/index.js';

export interface LookupFigures {
  opsPerSec: number;
  p50us: number;
}

const SEED_BATCH = 10_000;
const WARMUP_LOOKUPS = 1_000;
const ROUNDS = 5;
const LOOKUPS_PER_ROUND = 1_000;

const hashOf = (i: number) => createHash('sha256').update(`kh_live_${i}`).digest('hex');

async function seed(coll: Collection, count: number): Promise<string[]> {
  await coll.createIndex({ hash: 1 }, { unique: true });
  const orgs = Array.from({ length: 20 }, () => new ObjectId());
  const hashes: string[] = [];
  for (let start = 0; start < count; start += SEED_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + SEED_BATCH, count); i++) {
      const hash = hashOf(i);
      hashes.push(hash);
      batch.push({
        _id: `key_${i.toString(36).padStart(8, '0')}`,
        hash,
        orgId: orgs[i % orgs.length],
        name: `key ${i}`,
        prefix: hash.slice(0, 8),
        scopes: ['read'],
        createdAt: new Date(),
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      });
    }
    await coll.insertMany(batch as never[], { ordered: false });
  }
  return hashes;
}

/** Sequential lookups of random stored hashes; each one's latency in microseconds. */
async function lookups(coll: Collection, hashes: string[], n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const hash = hashes[Math.floor(Math.random() * hashes.length)];
    const start = process.hrtime.bigint();
    const doc = await coll.findOne({ hash });
    times.push(Number(process.hrtime.bigint() - start) / 1000);
    if (!doc) throw new Error(`lookup of a stored hash found nothing: ${hash}`);
  }
  return times;
}

function figures(times: number[]): LookupFigures {
  const sorted = [...times].sort((a, b) => a - b);
  const totalUs = times.reduce((sum, t) => sum + t, 0);
  return {
    opsPerSec: Math.round((times.length / totalUs) * 1e6),
    p50us: Math.round(sorted[Math.floor(sorted.length / 2)]),
  };
}

export async function runEmbeddedIndexBench(): Promise<{ keys1k: LookupFigures; keys100k: LookupFigures }> {
  const server = await startEmbeddedMongo();
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db('keyhold_bench');
    const small = db.collection('keys_1k');
    const large = db.collection('keys_100k');
    const smallHashes = await seed(small, 1_000);
    const largeHashes = await seed(large, 100_000);

    await lookups(small, smallHashes, WARMUP_LOOKUPS);
    await lookups(large, largeHashes, WARMUP_LOOKUPS);
    // Interleaved rounds, so drift (GC, CPU frequency) lands on both sizes alike.
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      smallTimes.push(...(await lookups(small, smallHashes, LOOKUPS_PER_ROUND)));
      largeTimes.push(...(await lookups(large, largeHashes, LOOKUPS_PER_ROUND)));
    }
    return { keys1k: figures(smallTimes), keys100k: figures(largeTimes) };
  } finally {
    await client.close();
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { keys1k, keys100k } = await runEmbeddedIndexBench();
  console.log(`findOne({hash}) over the wire, ${ROUNDS * LOOKUPS_PER_ROUND} sequential lookups each`);
  console.log(`    1,000 keys: ${keys1k.opsPerSec} lookups/s, p50 ${keys1k.p50us} µs`);
  console.log(`  100,000 keys: ${keys100k.opsPerSec} lookups/s, p50 ${keys100k.p50us} µs`);
  console.log(`  ratio (100k / 1k throughput): ${(keys100k.opsPerSec / keys1k.opsPerSec).toFixed(2)}`);
}
