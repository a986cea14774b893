/**
 * The durable store: what a data directory keeps across restarts, when a write is answered,
 * and how commands share commits. (The conformance files also reopen their directory at the
 * end of their durable run; this file covers what they cannot see.)
 */
import { rm } from 'node:fs/promises';
import { Binary, Long, type MongoClient, ObjectId } from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-db/index.js';
import { GroupCommit } from '../../src/embedded-db/storage/group-commit.js';
import { LmdbStorage } from '../../src/embedded-db/storage/lmdb-storage.js';
import type { StorageOp } from '../../src/embedded-db/storage/records.js';
import { opMsg, RawConnection } from './raw-wire.js';
import { connectClient, onRealMongo, tempDataDir } from './target.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await tempDataDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A server on `dir` and a client to it, both closed after the test (or by the test). */
async function open(dir: string): Promise<{ db: EmbeddedMongo; client: MongoClient }> {
  const db = await startEmbeddedMongo({ dataDir: dir });
  const client = await connectClient(db.uri);
  cleanups.push(
    () => db.close(),
    () => client.close(),
  );
  return { db, client };
}

async function reopen(dir: string, previous: { db: EmbeddedMongo; client: MongoClient }) {
  await previous.client.close();
  await previous.db.close();
  return open(dir);
}

describe.skipIf(onRealMongo)('what a data directory keeps', () => {
  it('keeps documents with their BSON types, in their natural order, after updates and deletes', async () => {
    const dir = await dataDir();
    let s = await open(dir);
    const coll = s.client.db('app').collection('things');
    const docs = Array.from({ length: 50 }, (_, i) => ({
      _id: new ObjectId(),
      i,
      long: Long.fromString(`900719925474099${i % 10}`),
      // Every document its own bytes: read back from buffers that must not be shared.
      bin: new Binary(Buffer.from(`payload-${i}`)),
      at: new Date(1_700_000_000_000 + i),
      nested: { tags: [`t${i}`, i] },
    }));
    await coll.insertMany(docs);
    await coll.updateMany({ i: { $lt: 10 } }, { $set: { touched: true }, $inc: { long: 1 } });
    await coll.deleteMany({ i: { $gte: 40 } });
    const before = await coll.find({}, { promoteLongs: false }).toArray();

    s = await reopen(dir, s);
    const after = await s.client.db('app').collection('things').find({}, { promoteLongs: false }).toArray();
    expect(after).toEqual(before);
    expect(after.map((d) => d.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(Buffer.from((after[7]!.bin as Binary).buffer).toString()).toBe('payload-7');
    expect(s.db.storageStats().opened).toMatchObject({ collections: 1, documents: 40 });
  });

  it('keeps index definitions, and unique indexes refuse duplicates after a restart', async () => {
    const dir = await dataDir();
    let s = await open(dir);
    const keys = s.client.db('app').collection('keys');
    await keys.createIndex({ hash: 1 }, { unique: true });
    await keys.createIndex({ orgId: 1, createdAt: -1 });
    await keys.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { email: { $exists: true } }, name: 'email_when_set' });
    await keys.createIndex({ gone: 1 });
    await keys.dropIndex('gone_1');
    await keys.insertOne({ hash: 'h1', orgId: 'o1', createdAt: new Date() });
    const indexes = await keys.indexes();

    s = await reopen(dir, s);
    const again = s.client.db('app').collection('keys');
    expect(await again.indexes()).toEqual(indexes);
    await expect(again.insertOne({ hash: 'h1' })).rejects.toMatchObject({ code: 11000, keyValue: { hash: 'h1' } });
    // The partial index still leaves documents without an email out.
    await again.insertOne({ hash: 'h2' });
    await again.insertOne({ hash: 'h3', email: 'a@x.io' });
    await expect(again.insertOne({ hash: 'h4', email: 'a@x.io' })).rejects.toMatchObject({ code: 11000 });
  });

  it('keeps collection options and uuids; dropped collections and databases stay dropped', async () => {
    const dir = await dataDir();
    let s = await open(dir);
    const app = s.client.db('app');
    await app.createCollection('capped', { capped: true, size: 4096 });
    await app.collection('dropped').insertOne({ a: 1 });
    await app.collection('dropped').drop();
    await s.client
      .db('other')
      .collection('x')
      .insertMany([{ a: 1 }, { a: 2 }]);
    await s.client.db('other').dropDatabase();
    const collections = await app.listCollections().toArray();

    s = await reopen(dir, s);
    expect(await s.client.db('app').listCollections().toArray()).toEqual(collections);
    const { databases } = await s.client.db('admin').admin().listDatabases({ nameOnly: true });
    expect(databases.map((d) => d.name)).toEqual(['app']);
    expect(s.db.storageStats().opened.documents).toBe(0);
  });
});

describe.skipIf(onRealMongo)('when a write is answered', () => {
  it('answers pipelined writes in order, after one commit shared by all of them', async () => {
    const { db } = await open(await dataDir());
    const raw = await RawConnection.open(db.uri);
    cleanups.push(async () => raw.destroy());
    const before = db.storageStats().commits;
    // Twenty inserts in one TCP write: they run as they arrive and wait for one commit.
    raw.send(Buffer.concat(Array.from({ length: 20 }, (_, i) => opMsg(100 + i, { insert: 'burst', documents: [{ i }], $db: 'app' }))));
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await raw.nextReply());
    expect(replies.map((r) => r.responseTo)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(replies.every((r) => r.doc.ok === 1 && r.doc.n === 1)).toBe(true);
    expect(db.storageStats().commits - before).toBe(1);
    expect(db.storageStats().commandsCommitted).toBeGreaterThanOrEqual(20);
  });

  it('answers a read at once, and a reply behind a pending write after that write', async () => {
    const { db } = await open(await dataDir());
    const raw = await RawConnection.open(db.uri);
    cleanups.push(async () => raw.destroy());
    raw.send(Buffer.concat([opMsg(1, { insert: 'c', documents: [{ _id: 1 }], $db: 'app' }), opMsg(2, { find: 'c', filter: {}, $db: 'app' })]));
    const [first, second] = [await raw.nextReply(), await raw.nextReply()];
    expect([first.responseTo, second.responseTo]).toEqual([1, 2]);
    // The read ran right after the insert, so it saw it.
    expect(second.doc.cursor.firstBatch).toEqual([{ _id: 1 }]);
  });

  it('answers an error when a commit fails, and the store goes back to what the disk holds', async () => {
    const dir = await dataDir();
    const { client } = await open(dir);
    const coll = client.db('app').collection('c');
    await coll.insertOne({ _id: 'kept' as never });
    const write = vi.spyOn(LmdbStorage.prototype, 'write').mockRejectedValueOnce(new Error('No space left on device'));
    cleanups.push(async () => write.mockRestore());
    await expect(coll.insertOne({ _id: 'lost' as never })).rejects.toThrow(/could not be made durable/);
    expect(await coll.find().toArray()).toEqual([{ _id: 'kept' }]);
    await coll.insertOne({ _id: 'later' as never });
    expect(await coll.countDocuments()).toBe(2);
  });
});

describe('group commit', () => {
  /** A writer whose commits finish when the test says so. */
  function heldWriter() {
    const writes: Array<{ commands: number; finish: (err?: Error) => void }> = [];
    const writer = {
      write(commands: readonly (readonly StorageOp[])[]) {
        return new Promise<void>((resolve, reject) => writes.push({ commands: commands.length, finish: (err) => (err ? reject(err) : resolve()) }));
      },
    };
    return { writer, writes };
  }
  const op: StorageOp[] = [{ table: 'docs', key: Buffer.from('k'), value: Buffer.from('v') }];
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('writes one commit at a time; everything that arrives meanwhile shares the next', async () => {
    const { writer, writes } = heldWriter();
    const commits = new GroupCommit(writer, () => {});
    const first = commits.submit(op);
    await turn();
    expect(writes.map((w) => w.commands)).toEqual([1]);
    const rest = Array.from({ length: 19 }, () => commits.submit(op));
    await turn();
    expect(writes).toHaveLength(1);
    writes[0]!.finish();
    await first;
    await turn();
    expect(writes.map((w) => w.commands)).toEqual([1, 19]);
    writes[1]!.finish();
    await Promise.all(rest);
    expect(commits.stats()).toEqual({ commits: 2, commands: 20 });
  });

  it('commands of one event-loop turn share the first commit', async () => {
    const { writer, writes } = heldWriter();
    const commits = new GroupCommit(writer, () => {});
    const all = Array.from({ length: 20 }, () => commits.submit(op));
    await turn();
    expect(writes.map((w) => w.commands)).toEqual([20]);
    writes[0]!.finish();
    await Promise.all(all);
  });

  it('refuses the failed commit and everything queued behind it, then reports the failure', async () => {
    const { writer, writes } = heldWriter();
    const failures: string[] = [];
    const commits = new GroupCommit(writer, (err) => failures.push(err.message));
    const failed = commits.submit(op);
    await turn();
    const behind = commits.submit(op);
    writes[0]!.finish(new Error('EIO'));
    await expect(failed).rejects.toThrow('EIO');
    await expect(behind).rejects.toThrow('EIO');
    expect(failures).toEqual(['EIO']);
    expect(writes).toHaveLength(1);
    const later = commits.submit(op);
    await turn();
    writes[1]!.finish();
    await later;
    expect(commits.stats()).toEqual({ commits: 1, commands: 1 });
  });
});
