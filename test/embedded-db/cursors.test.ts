import { Long, MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('cursors', storage);
    await suite.db.collection('five').insertMany([1, 2, 3, 4, 5].map((i) => ({ _id: i })) as never);
    await suite.db.collection('many').insertMany(Array.from({ length: 150 }, (_, i) => ({ _id: i, pad: 'x'.repeat(10) })) as never);
  });
  afterAll(() => suite.close());

  /** Raw commands, so the batching itself (not the driver's iteration over it) is what is checked. */
  const run = (command: object) => suite.db.command(command, { promoteLongs: false });
  const ids = (batch: Array<{ _id: number }>) => batch.map((d) => d._id);

  describe('find batching', () => {
    it('hands out batches of batchSize and closes the cursor (id 0) on the last one', async () => {
      const first = await run({ find: 'five', sort: { _id: 1 }, batchSize: 2 });
      expect(ids(first.cursor.firstBatch)).toEqual([1, 2]);
      expect(first.cursor.id).toBeInstanceOf(Long);
      expect(first.cursor.id.isZero()).toBe(false);
      expect(first.cursor.ns).toBe(`${suite.dbName}.five`);

      const second = await run({ getMore: first.cursor.id, collection: 'five', batchSize: 2 });
      expect(ids(second.cursor.nextBatch)).toEqual([3, 4]);
      expect(second.cursor.id.equals(first.cursor.id)).toBe(true);

      const last = await run({ getMore: first.cursor.id, collection: 'five', batchSize: 2 });
      expect(ids(last.cursor.nextBatch)).toEqual([5]);
      expect(last.cursor.id.isZero()).toBe(true);
    });

    it('returns everything at once with id 0 when it fits in the first batch', async () => {
      const reply = await run({ find: 'five', filter: { _id: { $lte: 3 } }, sort: { _id: 1 } });
      expect(ids(reply.cursor.firstBatch)).toEqual([1, 2, 3]);
      expect(reply.cursor.id.isZero()).toBe(true);
    });

    it('defaults the first batch to 101 documents, the rest in one getMore', async () => {
      const first = await run({ find: 'many', sort: { _id: 1 } });
      expect(first.cursor.firstBatch).toHaveLength(101);
      const rest = await run({ getMore: first.cursor.id, collection: 'many' });
      expect(rest.cursor.nextBatch).toHaveLength(49);
      expect(rest.cursor.nextBatch[0]._id).toBe(101);
      expect(rest.cursor.id.isZero()).toBe(true);
    });

    it('closes after one batch with singleBatch', async () => {
      const reply = await run({ find: 'five', sort: { _id: 1 }, batchSize: 2, singleBatch: true });
      expect(ids(reply.cursor.firstBatch)).toEqual([1, 2]);
      expect(reply.cursor.id.isZero()).toBe(true);
    });

    it('stops at limit even when batches are smaller', async () => {
      const first = await run({ find: 'five', sort: { _id: 1 }, limit: 3, batchSize: 2 });
      expect(ids(first.cursor.firstBatch)).toEqual([1, 2]);
      const rest = await run({ getMore: first.cursor.id, collection: 'five', batchSize: 2 });
      expect(ids(rest.cursor.nextBatch)).toEqual([3]);
      expect(rest.cursor.id.isZero()).toBe(true);
    });

    it('lets the driver iterate across many getMores', async () => {
      const all = await suite.db.collection('many').find({}, { batchSize: 7 }).sort({ _id: -1 }).toArray();
      expect(all).toHaveLength(150);
      expect(all[0]._id).toBe(149);
      expect(all[149]._id).toBe(0);
    });
  });

  describe('getMore and killCursors errors', () => {
    it('answers a getMore on an unknown cursor with CursorNotFound (43)', async () => {
      await expect(run({ getMore: Long.fromNumber(123456789), collection: 'five' })).rejects.toMatchObject({ code: 43 });
    });

    it('kills a cursor, after which getMore fails', async () => {
      const first = await run({ find: 'five', batchSize: 1 });
      const killed = await run({ killCursors: 'five', cursors: [first.cursor.id] });
      expect(killed.cursorsKilled.map(String)).toEqual([first.cursor.id.toString()]);
      expect(killed.cursorsNotFound).toEqual([]);
      await expect(run({ getMore: first.cursor.id, collection: 'five' })).rejects.toMatchObject({ code: 43 });
    });

    it('reports unknown ids in cursorsNotFound', async () => {
      const reply = await run({ killCursors: 'five', cursors: [Long.fromNumber(987654321)] });
      expect(reply.cursorsNotFound.map(String)).toEqual(['987654321']);
      expect(reply.cursorsKilled).toEqual([]);
    });

    it('kills the cursor a driver abandons early (killCursors answered with cursorsKilled)', async () => {
      const client = new MongoClient(suite.target.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
      const replies: Document[] = [];
      client.on('commandSucceeded', (event) => {
        if (event.commandName === 'killCursors') replies.push(event.reply as Document);
      });
      try {
        const cursor = client.db(suite.dbName).collection('many').find({}, { batchSize: 5 });
        expect(await cursor.next()).not.toBeNull();
        await cursor.close();
        expect(replies).toHaveLength(1);
        expect(replies[0].cursorsKilled).toHaveLength(1);
      } finally {
        await client.close();
      }
    });
  });
});
