/**
 * kill -9 of `npm run db -- --data DIR` while writes are in flight: every write it answered
 * is there after a restart, and every command is there whole or not at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { onRealMongo, tempDataDir } from './target.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BATCH = 50;
const WRITERS = 8;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `npm run db -- --port 0 --data DIR` as a child process, once it prints its URI. */
async function startDb(dir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded-db/cli.ts', '--port', '0', '--data', dir], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  let output = '';
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /mongodb:\/\/\S+/.exec(output);
      if (match) resolve(match[0]);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', () => reject(new Error(`npm run db exited before listening: ${output}`)));
  });
  return { child, uri };
}

describe.skipIf(onRealMongo)('kill -9 while writes are in flight', () => {
  it('keeps every acknowledged write and no command in part', async () => {
    const dir = await tempDataDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const first = await startDb(dir);
    const client = await MongoClient.connect(first.uri, { maxPoolSize: WRITERS, serverSelectionTimeoutMS: 2000 });
    cleanups.push(() => client.close(true));
    const batches = client.db('app').collection('batches');
    await batches.createIndex({ batch: 1, i: 1 }, { unique: true });

    // Writers insert batches of 50 documents, one command each, until the server dies.
    const acknowledged = new Set<number>();
    let next = 0;
    let enough!: () => void;
    const enoughAcknowledged = new Promise<void>((resolve) => (enough = resolve));
    const writer = async () => {
      for (;;) {
        const batch = next++;
        const docs = Array.from({ length: BATCH }, (_, i) => ({ batch, i, pad: 'x'.repeat(100) }));
        try {
          await batches.insertMany(docs);
        } catch {
          return;
        }
        acknowledged.add(batch);
        if (acknowledged.size >= 30) enough();
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    await enoughAcknowledged;
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await Promise.all(writers);
    const sent = next;

    const second = await startDb(dir);
    const again = await MongoClient.connect(second.uri, { serverSelectionTimeoutMS: 2000 });
    cleanups.push(() => again.close());
    const counts = await again
      .db('app')
      .collection('batches')
      .aggregate<{ _id: number; n: number }>([{ $group: { _id: '$batch', n: { $sum: 1 } } }])
      .toArray();
    const stored = new Map(counts.map((c) => [c._id, c.n]));

    expect(
      [...acknowledged].filter((b) => stored.get(b) !== BATCH),
      'acknowledged batches missing or partial',
    ).toEqual([]);
    expect(
      [...stored].filter(([, n]) => n !== BATCH),
      'batches stored in part',
    ).toEqual([]);
    expect(stored.size).toBeLessThanOrEqual(sent);
    // The unique index came back with the data.
    await expect(again.db('app').collection('batches').insertOne({ batch: 0, i: 0 })).rejects.toMatchObject({ code: 11000 });
  });
});
