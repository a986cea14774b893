import { Long } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('aggregate', storage);
    await suite.db.collection('orders').insertMany([
      { _id: 1, org: 'a', amount: 10, item: 'x' },
      { _id: 2, org: 'a', amount: 5, item: 'y' },
      { _id: 3, org: 'b', amount: 7, item: 'x' },
      { _id: 4, org: 'c', amount: 1, item: 'z' },
    ] as never);
    await suite.db.collection('items').insertMany([
      { _id: 'x', label: 'Ex' },
      { _id: 'y', label: 'Why' },
    ] as never);
  });
  afterAll(() => suite.close());

  const orders = () => suite.db.collection('orders');

  describe('pipelines', () => {
    it('$match, $group, $sort', async () => {
      const out = await orders()
        .aggregate([{ $match: { amount: { $gte: 5 } } }, { $group: { _id: '$org', total: { $sum: '$amount' }, n: { $sum: 1 } } }, { $sort: { total: -1 } }])
        .toArray();
      expect(out).toEqual([
        { _id: 'a', total: 15, n: 2 },
        { _id: 'b', total: 7, n: 1 },
      ]);
    });

    it('$sort, $skip, $limit and $project', async () => {
      const out = await orders()
        .aggregate([{ $sort: { amount: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 0, item: 1, double: { $multiply: ['$amount', 2] } } }])
        .toArray();
      expect(out).toEqual([
        { item: 'y', double: 10 },
        { item: 'x', double: 14 },
      ]);
    });

    it('$count', async () => {
      expect(
        await orders()
          .aggregate([{ $match: { item: 'x' } }, { $count: 'howMany' }])
          .toArray(),
      ).toEqual([{ howMany: 2 }]);
    });

    it('$lookup from another collection of the same database', async () => {
      const out = await orders()
        .aggregate([
          { $match: { _id: { $in: [1, 4] } } },
          { $sort: { _id: 1 } },
          { $lookup: { from: 'items', localField: 'item', foreignField: '_id', as: 'itemDoc' } },
        ])
        .toArray();
      expect(out[0].itemDoc).toEqual([{ _id: 'x', label: 'Ex' }]);
      expect(out[1].itemDoc).toEqual([]);
    });

    it('passes stored documents through with their BSON types', async () => {
      await suite.db.collection('typed').insertOne({ _id: 1 as never, n: Long.fromString('9007199254740993') });
      const [doc] = await suite.db
        .collection('typed')
        .aggregate([{ $match: { _id: 1 } }])
        .toArray();
      expect(doc.n).toBeInstanceOf(Long);
      expect(doc.n.toString()).toBe('9007199254740993');
    });

    it('answers countDocuments (an aggregation) on a filter and on an empty collection', async () => {
      expect(await orders().countDocuments({ org: 'a' })).toBe(2);
      expect(await suite.db.collection('empty_one').countDocuments()).toBe(0);
    });
  });

  describe('cursor replies', () => {
    it('replies with a cursor, honouring cursor.batchSize', async () => {
      const reply = await suite.db.command({ aggregate: 'orders', pipeline: [{ $sort: { _id: 1 } }], cursor: { batchSize: 3 } });
      expect(reply.cursor.firstBatch.map((d: { _id: number }) => d._id)).toEqual([1, 2, 3]);
      expect(reply.cursor.ns).toBe(`${suite.dbName}.orders`);
      const more = await suite.db.command({ getMore: reply.cursor.id, collection: 'orders' });
      expect(more.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual([4]);
    });

    it('requires the cursor option (FailedToParse, 9)', async () => {
      await expect(suite.db.command({ aggregate: 'orders', pipeline: [] })).rejects.toMatchObject({ code: 9 });
    });

    it('returns an empty result from a missing collection', async () => {
      expect(
        await suite.db
          .collection('never_written')
          .aggregate([{ $match: {} }])
          .toArray(),
      ).toEqual([]);
    });
  });
});
