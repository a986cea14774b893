import { Long, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('crud_write', storage);
  });
  afterAll(() => suite.close());

  const seeded = async (name: string, docs: object[]) => {
    const coll = suite.db.collection(name);
    await coll.insertMany(docs.map((d) => ({ ...d })));
    return coll;
  };

  describe('insert', () => {
    it('generates an ObjectId _id and reports n', async () => {
      const reply = await suite.db.command({ insert: 'gen', documents: [{ a: 1 }, { a: 2 }] });
      expect(reply).toMatchObject({ n: 2, ok: 1 });
      const docs = await suite.db.collection('gen').find().toArray();
      expect(docs.every((d) => d._id instanceof ObjectId)).toBe(true);
      expect(Object.keys(docs[0])[0]).toBe('_id');
    });

    it('rejects an array _id', async () => {
      const reply = await suite.db.command({ insert: 'badid', documents: [{ _id: [1, 2] }] });
      expect(reply.writeErrors[0]).toMatchObject({ index: 0, code: 53 });
    });
  });

  describe('update operators', () => {
    it('applies $set, $inc, $unset and $push', async () => {
      const coll = await seeded('ops', [{ _id: 1, n: 1, gone: true, list: ['a'] }]);
      const res = await coll.updateOne({ _id: 1 as never }, { $set: { 'sub.x': 'y' }, $inc: { n: 2 }, $unset: { gone: '' }, $push: { list: 'b' } } as never);
      expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
      expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, n: 3, list: ['a', 'b'], sub: { x: 'y' } });
    });

    it('keeps an int64 counter an int64 through $inc', async () => {
      const coll = await seeded('longinc', [{ _id: 1, n: Long.fromNumber(41) }]);
      await coll.updateOne({ _id: 1 as never }, { $inc: { n: 1 } });
      const doc = await coll.findOne({ _id: 1 as never }, { promoteLongs: false });
      expect(doc?.n).toBeInstanceOf(Long);
      expect(doc?.n.toNumber()).toBe(42);
    });

    it('counts an update that changes nothing as matched but not modified', async () => {
      const coll = await seeded('nochange', [{ _id: 1, n: 5 }]);
      expect(await coll.updateOne({ _id: 1 as never }, { $set: { n: 5 } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    });

    it('updates one or many', async () => {
      const coll = await seeded('multi', [{ g: 1 }, { g: 1 }, { g: 2 }]);
      expect(await coll.updateOne({ g: 1 }, { $set: { seen: true } })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
      expect(await coll.updateMany({ g: 1 }, { $set: { seen: true } })).toMatchObject({ matchedCount: 2, modifiedCount: 1 });
      expect(await coll.countDocuments({ seen: true })).toBe(2);
    });

    it('replaces a document whole, keeping its _id', async () => {
      const coll = await seeded('replace', [{ _id: 1, a: 1, b: 2 }]);
      await coll.replaceOne({ _id: 1 as never }, { c: 3 });
      expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, c: 3 });
    });

    it('refuses to change _id (ImmutableField) and leaves the document as it was', async () => {
      const coll = await seeded('immutable', [{ _id: 1, a: 1 }]);
      await expect(coll.updateOne({ _id: 1 as never }, { $set: { _id: 2, a: 2 } } as never)).rejects.toMatchObject({ code: 66 });
      expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, a: 1 });
    });

    it('rejects unknown and conflicting modifiers', async () => {
      const coll = await seeded('badmods', [{ _id: 1, a: 1 }]);
      await expect(coll.updateOne({ _id: 1 as never }, { $bogus: { a: 1 } } as never)).rejects.toMatchObject({ code: 9 });
      await expect(coll.updateOne({ _id: 1 as never }, { $set: { a: 2 }, $inc: { a: 1 } })).rejects.toMatchObject({ code: 40 });
      await expect(coll.updateOne({ _id: 1 as never }, { $inc: { a: 'x' } } as never)).rejects.toMatchObject({ code: 14 });
    });

    it('rejects $inc on a string and $push on a non-array', async () => {
      const coll = await seeded('badtargets', [{ _id: 1, s: 'x', n: 1 }]);
      await expect(coll.updateOne({ _id: 1 as never }, { $inc: { s: 1 } } as never)).rejects.toMatchObject({ code: 14 });
      await expect(coll.updateOne({ _id: 1 as never }, { $push: { n: 1 } } as never)).rejects.toMatchObject({ code: 2 });
      expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, s: 'x', n: 1 });
    });
  });

  describe('upsert', () => {
    it('inserts from the query equality fields and $setOnInsert, reporting the upserted id', async () => {
      const coll = suite.db.collection('upserts');
      const res = await coll.updateOne({ key: 'k1', n: { $gt: 0 } }, { $set: { v: 1 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(res).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
      expect(res.upsertedId).toBeInstanceOf(ObjectId);
      const doc = await coll.findOne({ key: 'k1' });
      expect(doc).toEqual({ _id: res.upsertedId, key: 'k1', v: 1, created: true });
    });

    it('skips $setOnInsert when the document exists', async () => {
      const coll = await seeded('upsert_existing', [{ key: 'k', v: 0 }]);
      const res = await coll.updateOne({ key: 'k' }, { $set: { v: 1 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(res).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await coll.findOne({ key: 'k' }, { projection: { _id: 0 } })).toEqual({ key: 'k', v: 1 });
    });

    it('uses the query _id, and reports upserted entries with their statement index', async () => {
      const reply = await suite.db.command({
        update: 'upsert_ids',
        updates: [
          { q: { _id: 'a' }, u: { $set: { n: 1 } }, upsert: true },
          { q: { _id: 'b' }, u: { n: 2 }, upsert: true },
        ],
      });
      expect(reply).toMatchObject({
        n: 2,
        nModified: 0,
        ok: 1,
        upserted: [
          { index: 0, _id: 'a' },
          { index: 1, _id: 'b' },
        ],
      });
      expect(await suite.db.collection('upsert_ids').find().sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]);
    });
  });

  describe('delete', () => {
    it('deletes one (limit 1) or all matching (limit 0)', async () => {
      const coll = await seeded('deletes', [{ g: 1 }, { g: 1 }, { g: 1 }, { g: 2 }]);
      expect(await coll.deleteOne({ g: 1 })).toMatchObject({ deletedCount: 1 });
      expect(await coll.deleteMany({ g: 1 })).toMatchObject({ deletedCount: 2 });
      expect(await coll.deleteMany({ g: 3 })).toMatchObject({ deletedCount: 0 });
      expect(await coll.countDocuments()).toBe(1);
    });

    it('rejects a limit other than 0 or 1', async () => {
      await seeded('delete_limit', [{ a: 1 }]);
      const command = {
        delete: 'delete_limit',
        deletes: [
          { q: {}, limit: 0 },
          { q: {}, limit: 5 },
        ],
      };
      await expect(suite.db.command(command)).rejects.toMatchObject({ code: 9 });
      expect(await suite.db.collection('delete_limit').countDocuments()).toBe(1);
    });
  });

  describe('document sequences and bulk writes', () => {
    it('runs a mixed bulkWrite (insert, update and delete statements batched by the driver)', async () => {
      const coll = suite.db.collection('bulk');
      const res = await coll.bulkWrite([
        { insertOne: { document: { _id: 1, n: 1 } } },
        { insertOne: { document: { _id: 2, n: 2 } } },
        { updateOne: { filter: { _id: 1 }, update: { $inc: { n: 10 } } } },
        { deleteOne: { filter: { _id: 2 } } },
      ] as never);
      expect(res).toMatchObject({ insertedCount: 2, matchedCount: 1, modifiedCount: 1, deletedCount: 1 });
      expect(await coll.find().toArray()).toEqual([{ _id: 1, n: 11 }]);
    });
  });
});
