/**
 * Where the conformance suite runs: the embedded server by default, a real MongoDB (7.0 or
 * later) when MONGODB_URI is set. Every assertion is the same for both, so a divergence of
 * the embedded server from mongod shows up as a failing test against one of them.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-db/index.js';

export const realMongoUri = process.env.MONGODB_URI;
/** Tests that stop the server or feed it garbage only make sense embedded: skip them if this is set. */
export const onRealMongo = realMongoUri !== undefined;

export interface Target {
  readonly uri: string;
  /** Set when the target is the embedded server (absent against a real MongoDB). */
  readonly embedded?: EmbeddedMongo;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  if (realMongoUri) return { uri: realMongoUri, close: async () => {} };
  const embedded = await startEmbeddedMongo();
  return { uri: embedded.uri, embedded, close: () => embedded.close() };
}

/** A database name no other test file (or concurrent run against a shared mongod) uses. */
export function uniqueDbName(area: string): string {
  return `keyhold_edb_${area}_${randomBytes(4).toString('hex')}`;
}

export function connectClient(uri: string): Promise<MongoClient> {
  return new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
}

/** One target, one client and one private database per test file, dropped afterwards. */
export async function openSuite(area: string) {
  const target = await startTarget();
  const client = await connectClient(target.uri);
  const dbName = uniqueDbName(area);
  const db = client.db(dbName);
  return {
    target,
    client,
    db,
    dbName,
    async close() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await target.close();
    },
  };
}

export type Suite = Awaited<ReturnType<typeof openSuite>>;
