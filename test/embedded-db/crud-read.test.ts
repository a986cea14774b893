import { Binary, Decimal128, Long, ObjectId, UUID } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('crud_read', storage);
  });
  afterAll(() => suite.close());

  const fresh = async (name: string, docs: object[]) => {
    const coll = suite.db.collection(name);
    if (docs.length > 0) await coll.insertMany(docs.map((d) => ({ ...d })));
    return coll;
  };

  describe('BSON types survive the round trip', () => {
    it('keeps ObjectId, Date, Long, Decimal128, Binary, UUID, null and missing apart', async () => {
      const id = new ObjectId();
      const big = Long.fromString('9007199254740993');
      const uuid = new UUID();
      const coll = await fresh('types', [
        { _id: id, when: new Date(1_700_000_000_123), big, dec: Decimal128.fromString('12.50'), bin: new Binary(Buffer.from([1, 2, 3])), uuid, nothing: null },
      ]);
      const doc = await coll.findOne({ _id: id });
      expect(doc?._id).toBeInstanceOf(ObjectId);
      expect(doc?._id.equals(id)).toBe(true);
      expect(doc?.when).toEqual(new Date(1_700_000_000_123));
      expect(doc?.big).toBeInstanceOf(Long);
      expect(doc?.big.toString()).toBe('9007199254740993');
      expect(doc?.dec).toBeInstanceOf(Decimal128);
      expect(doc?.dec.toString()).toBe('12.50');
      expect(doc?.bin).toBeInstanceOf(Binary);
      expect(Buffer.from(doc?.bin.buffer).equals(Buffer.from([1, 2, 3]))).toBe(true);
      expect(doc?.uuid.toHexString()).toBe(uuid.toHexString());
      expect(doc).toHaveProperty('nothing', null);
      expect(doc).not.toHaveProperty('missing');
    });

    it('returns a small Long as int64 when asked not to promote', async () => {
      const coll = await fresh('longs', [{ _id: 1, n: Long.fromNumber(5) }]);
      const doc = await coll.findOne({ _id: 1 as never }, { promoteLongs: false });
      expect(doc?.n).toBeInstanceOf(Long);
    });
  });

  describe('filters', () => {
    it('matches ObjectId by value, alone, with $eq and with $in', async () => {
      const [a, b] = [new ObjectId(), new ObjectId()];
      const coll = await fresh('oids', [
        { _id: a, n: 1 },
        { _id: b, n: 2 },
      ]);
      const copy = new ObjectId(a.toHexString());
      expect((await coll.find({ _id: copy }).toArray()).map((d) => d.n)).toEqual([1]);
      expect((await coll.find({ _id: { $eq: copy } }).toArray()).map((d) => d.n)).toEqual([1]);
      expect(
        (
          await coll
            .find({ _id: { $in: [copy, b] } })
            .sort({ n: 1 })
            .toArray()
        ).map((d) => d.n),
      ).toEqual([1, 2]);
      expect((await coll.find({ _id: { $ne: copy } }).toArray()).map((d) => d.n)).toEqual([2]);
    });

    it('compares dates by time', async () => {
      const coll = await fresh(
        'dates',
        [1, 2, 3].map((i) => ({ i, at: new Date(Date.UTC(2024, 0, i)) })),
      );
      const found = await coll.find({ at: { $gte: new Date(Date.UTC(2024, 0, 2)), $lt: new Date(Date.UTC(2024, 0, 3)) } }).toArray();
      expect(found.map((d) => d.i)).toEqual([2]);
      expect(await coll.countDocuments({ at: new Date(Date.UTC(2024, 0, 3)) })).toBe(1);
    });

    it('treats numbers by value across int, double, long and decimal', async () => {
      const coll = await fresh('numbers', [
        { k: 'int', n: 1 },
        { k: 'long', n: Long.fromNumber(1) },
        { k: 'decimal', n: Decimal128.fromString('1.0') },
        { k: 'half', n: 1.5 },
      ]);
      const kinds = async (filter: object) => (await coll.find(filter).toArray()).map((d) => d.k).sort();
      expect(await kinds({ n: 1 })).toEqual(['decimal', 'int', 'long']);
      expect(await kinds({ n: Long.fromNumber(1) })).toEqual(['decimal', 'int', 'long']);
      expect(await kinds({ n: { $gt: 1 } })).toEqual(['half']);
    });

    it('tells null from missing', async () => {
      const coll = await fresh('nulls', [{ k: 'null', x: null }, { k: 'missing' }, { k: 'set', x: 1 }]);
      const kinds = async (filter: object) => (await coll.find(filter).toArray()).map((d) => d.k).sort();
      expect(await kinds({ x: null })).toEqual(['missing', 'null']);
      expect(await kinds({ x: { $exists: false } })).toEqual(['missing']);
      expect(await kinds({ x: { $type: 'null' } })).toEqual(['null']);
    });

    it('matches array elements, dotted paths, $or, $regex and $elemMatch', async () => {
      const coll = await fresh('shapes', [
        { k: 'a', tags: ['red', 'blue'], sub: { v: 1 }, name: 'alpha' },
        { k: 'b', tags: ['green'], sub: { v: 2 }, name: 'beta', items: [{ q: 1 }, { q: 5 }] },
      ]);
      const kinds = async (filter: object) => (await coll.find(filter).toArray()).map((d) => d.k).sort();
      expect(await kinds({ tags: 'blue' })).toEqual(['a']);
      expect(await kinds({ 'sub.v': 2 })).toEqual(['b']);
      expect(await kinds({ $or: [{ 'sub.v': 1 }, { name: 'beta' }] })).toEqual(['a', 'b']);
      expect(await kinds({ name: { $regex: '^al' } })).toEqual(['a']);
      expect(await kinds({ items: { $elemMatch: { q: { $gt: 3 } } } })).toEqual(['b']);
    });

    it('rejects an unknown query operator with BadValue', async () => {
      const coll = await fresh('badop', [{ a: 1 }]);
      await expect(coll.find({ a: { $bogus: 1 } }).toArray()).rejects.toMatchObject({ code: 2 });
    });
  });

  describe('sort, skip, limit and projection', () => {
    const rows = [
      { _id: 1, name: 'cara', age: 30, sub: { x: 1, y: 2 } },
      { _id: 2, name: 'abe', age: 40, sub: { x: 3, y: 4 } },
      { _id: 3, name: 'bo', age: 30, sub: { x: 5, y: 6 } },
      { _id: 4, name: 'dee', age: 20, sub: { x: 7, y: 8 } },
    ];

    it('sorts on one and several keys, then skips and limits', async () => {
      const coll = await fresh('sorting', rows);
      expect((await coll.find().sort({ name: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3, 1, 4]);
      expect((await coll.find().sort({ age: -1, name: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3, 1, 4]);
      expect((await coll.find().sort({ age: 1, _id: 1 }).skip(1).limit(2).toArray()).map((d) => d._id)).toEqual([1, 3]);
    });

    it('projects by inclusion (with _id first) and by exclusion', async () => {
      const coll = await fresh('projection', rows);
      const included = await coll.findOne({ _id: 1 as never }, { projection: { age: 1, name: 1 } });
      expect(Object.keys(included ?? {})).toEqual(['_id', 'name', 'age']);
      expect(await coll.findOne({ _id: 1 as never }, { projection: { _id: 0, 'sub.y': 1 } })).toEqual({ sub: { y: 2 } });
      expect(await coll.findOne({ _id: 1 as never }, { projection: { sub: 0, age: 0 } })).toEqual({ _id: 1, name: 'cara' });
    });
  });

  describe('count and distinct', () => {
    it('counts with the count command, honouring query, skip and limit', async () => {
      const coll = await fresh(
        'counting',
        [1, 2, 3, 4, 5].map((i) => ({ i, even: i % 2 === 0 })),
      );
      expect(await coll.estimatedDocumentCount()).toBe(5);
      expect(await coll.countDocuments({ even: true })).toBe(2);
      const reply = await suite.db.command({ count: 'counting', query: { i: { $gt: 1 } }, skip: 1, limit: 2 });
      expect(reply).toMatchObject({ n: 2, ok: 1 });
      expect(await suite.db.command({ count: 'no_such_collection' })).toMatchObject({ n: 0, ok: 1 });
    });

    it('returns distinct values, unwinding arrays and merging equal numbers', async () => {
      const coll = await fresh('distincts', [
        { tag: ['a', 'b'], n: 1, g: 1 },
        { tag: 'b', n: Long.fromNumber(1), g: 1 },
        { tag: 'c', n: 2, g: 2 },
        { n: 3, g: 2 },
      ]);
      expect((await coll.distinct('tag')).sort()).toEqual(['a', 'b', 'c']);
      expect((await coll.distinct('n')).map(Number).sort()).toEqual([1, 2, 3]);
      expect(await coll.distinct('tag', { g: 2 })).toEqual(['c']);
    });
  });

  describe('isolation', () => {
    it('stores a copy: changing the inserted object afterwards changes nothing', async () => {
      const coll = suite.db.collection('isolation');
      const doc = { _id: 'iso', nested: { list: [1, 2] } };
      await coll.insertOne(doc as never);
      doc.nested.list.push(3);
      expect(await coll.findOne({ _id: 'iso' as never })).toEqual({ _id: 'iso', nested: { list: [1, 2] } });
    });

    it('keeps documents updated by one statement independent of each other', async () => {
      const coll = await fresh('aliasing', [{ _id: 1 }, { _id: 2 }]);
      await coll.updateMany({}, { $push: { list: { x: 1 } } } as never);
      await coll.updateOne({ _id: 1 as never }, { $set: { 'list.0.x': 99 } });
      expect(await coll.findOne({ _id: 2 as never })).toEqual({ _id: 2, list: [{ x: 1 }] });
    });
  });
});
