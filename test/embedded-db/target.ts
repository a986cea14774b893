/**
 * Where the conformance suite runs: the embedded server by default, a real MongoDB (7.0 or
 * later) when MONGODB_URI is set. Every assertion is the same for both, so a divergence of
 * the embedded server from mongod shows up as a failing test against one of them.
 *
 * The embedded server has two storages: in memory, and durable on a data directory (what
 * `npm start` uses). Files that store data run once on each (`STORAGES`); a real MongoDB has
 * its own storage, so there they run once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { expect } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-db/index.js';

export const realMongoUri = process.env.MONGODB_URI;
/** Tests that stop the server or feed it garbage only make sense embedded: skip them if this is set. */
export const onRealMongo = realMongoUri !== undefined;

export type Storage = 'memory' | 'durable';
export const STORAGES: readonly Storage[] = onRealMongo ? ['durable'] : ['memory', 'durable'];

export interface Target {
  readonly uri: string;
  /** Set when the target is the embedded server (absent against a real MongoDB). */
  readonly embedded?: EmbeddedMongo;
  /** Set when the embedded server keeps its data in a directory. */
  readonly dataDir?: string;
  close(): Promise<void>;
}

/** A fresh data directory under the system's temporary directory; remove it when done. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'keyhold-edb-'));
}

export async function startTarget(storage: Storage = 'durable'): Promise<Target> {
  if (realMongoUri) return { uri: realMongoUri, close: async () => {} };
  const dataDir = storage === 'durable' ? await tempDataDir() : undefined;
  const embedded = await startEmbeddedMongo({ dataDir });
  return {
    uri: embedded.uri,
    embedded,
    dataDir,
    async close() {
      await embedded.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database name no other test file (or concurrent run against a shared mongod) uses. */
export function uniqueDbName(area: string): string {
  return `keyhold_edb_${area}_${randomBytes(4).toString('hex')}`;
}

export function connectClient(uri: string): Promise<MongoClient> {
  return new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
}

/** One target, one client and one private database per test file (and storage), dropped afterwards. */
export async function openSuite(area: string, storage?: Storage) {
  const target = await startTarget(storage);
  const client = await connectClient(target.uri);
  const dbName = uniqueDbName(area);
  const db = client.db(dbName);
  return {
    target,
    client,
    db,
    dbName,
    async close() {
      try {
        // Whatever the file did, its data directory must give back exactly what the server
        // showed. (The directory goes with the target; only a shared server needs the drop.)
        if (target.dataDir) await expectSameAfterReopening(client, target);
        else await db.dropDatabase().catch(() => undefined);
      } finally {
        await client.close();
        await target.close();
      }
    },
  };
}

/** Everything a client can see: databases, collections with options and uuid, indexes, documents in natural order. */
export async function snapshot(client: MongoClient): Promise<unknown> {
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  const out: Record<string, unknown> = {};
  for (const { name } of databases.sort((a, b) => a.name.localeCompare(b.name))) {
    const db = client.db(name);
    for (const info of (await db.listCollections().toArray()).sort((a, b) => a.name.localeCompare(b.name))) {
      const coll = db.collection(info.name);
      out[`${name}.${info.name}`] = {
        info,
        indexes: await coll.listIndexes().toArray(),
        docs: await coll.find({}, { promoteLongs: false }).toArray(),
      };
    }
  }
  return out;
}

/** Closes the server, opens its data directory again, and compares what both show. */
async function expectSameAfterReopening(client: MongoClient, target: Target): Promise<void> {
  const before = await snapshot(client);
  await target.embedded!.close();
  const reopened = await startEmbeddedMongo({ dataDir: target.dataDir });
  const again = await connectClient(reopened.uri);
  try {
    expect(await snapshot(again), `${target.dataDir} after reopening`).toEqual(before);
  } finally {
    await again.close();
    await reopened.close();
  }
}

export type Suite = Awaited<ReturnType<typeof openSuite>>;
