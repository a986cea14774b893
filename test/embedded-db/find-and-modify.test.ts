import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('find_and_modify', storage);
  });
  afterAll(() => suite.close());

  const seeded = async (name: string, docs: object[]) => {
    const coll = suite.db.collection(name);
    await coll.insertMany(docs.map((d) => ({ ...d })));
    return coll;
  };

  describe('findAndModify', () => {
    it('returns the document before the update by default and after it with new', async () => {
      const coll = await seeded('before_after', [{ _id: 1, n: 1 }]);
      expect(await coll.findOneAndUpdate({ _id: 1 as never }, { $inc: { n: 1 } })).toEqual({ _id: 1, n: 1 });
      expect(await coll.findOneAndUpdate({ _id: 1 as never }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({ _id: 1, n: 3 });
    });

    it('reports lastErrorObject for an update of an existing document', async () => {
      await seeded('leo_update', [{ _id: 1, n: 1 }]);
      const reply = await suite.db.command({ findAndModify: 'leo_update', query: { _id: 1 }, update: { $set: { n: 2 } }, new: true });
      expect(reply.lastErrorObject).toEqual({ n: 1, updatedExisting: true });
      expect(reply.value).toEqual({ _id: 1, n: 2 });
    });

    it('reports n 0 and a null value when nothing matches', async () => {
      await seeded('leo_none', [{ _id: 1 }]);
      const reply = await suite.db.command({ findAndModify: 'leo_none', query: { _id: 2 }, update: { $set: { n: 2 } } });
      expect(reply.lastErrorObject).toEqual({ n: 0, updatedExisting: false });
      expect(reply.value).toBeNull();
    });

    it('upserts, reporting the new _id, and returns the inserted document with new', async () => {
      const reply = await suite.db.command({
        findAndModify: 'fam_upsert',
        query: { key: 'k' },
        update: { $set: { v: 1 }, $setOnInsert: { fresh: true } },
        upsert: true,
        new: true,
      });
      expect(reply.lastErrorObject.n).toBe(1);
      expect(reply.lastErrorObject.updatedExisting).toBe(false);
      expect(reply.lastErrorObject.upserted).toBeInstanceOf(ObjectId);
      expect(reply.value).toEqual({ _id: reply.lastErrorObject.upserted, key: 'k', v: 1, fresh: true });
    });

    it('returns null for an upsert without new', async () => {
      const coll = suite.db.collection('fam_upsert_old');
      expect(await coll.findOneAndUpdate({ key: 'x' }, { $set: { v: 1 } }, { upsert: true })).toBeNull();
      expect(await coll.countDocuments({ key: 'x', v: 1 })).toBe(1);
    });

    it('picks the first document in sort order', async () => {
      const coll = await seeded('fam_sort', [
        { p: 2, name: 'mid' },
        { p: 3, name: 'high' },
        { p: 1, name: 'low' },
      ]);
      const doc = await coll.findOneAndUpdate({}, { $set: { taken: true } }, { sort: { p: -1 }, returnDocument: 'after' });
      expect(doc?.name).toBe('high');
      expect(await coll.countDocuments({ taken: true })).toBe(1);
    });

    it('projects the returned document with fields', async () => {
      const coll = await seeded('fam_fields', [{ _id: 1, a: 1, b: 2 }]);
      const doc = await coll.findOneAndUpdate({ _id: 1 as never }, { $set: { a: 5 } }, { projection: { a: 1 }, returnDocument: 'after' });
      expect(doc).toEqual({ _id: 1, a: 5 });
    });

    it('removes and returns the removed document', async () => {
      const coll = await seeded('fam_remove', [
        { _id: 1, a: 1 },
        { _id: 2, a: 2 },
      ]);
      const reply = await suite.db.command({ findAndModify: 'fam_remove', query: { a: 2 }, remove: true });
      expect(reply.lastErrorObject).toEqual({ n: 1 });
      expect(reply.value).toEqual({ _id: 2, a: 2 });
      expect(await coll.findOneAndDelete({ a: 9 })).toBeNull();
      expect(await coll.countDocuments()).toBe(1);
    });

    it('replaces with findOneAndReplace', async () => {
      const coll = await seeded('fam_replace', [{ _id: 1, a: 1 }]);
      const doc = await coll.findOneAndReplace({ _id: 1 as never }, { b: 2 }, { returnDocument: 'after' });
      expect(doc).toEqual({ _id: 1, b: 2 });
    });

    it('rejects both remove and update', async () => {
      await seeded('fam_bad', [{ _id: 1 }]);
      const command = { findAndModify: 'fam_bad', query: {}, remove: true, update: { $set: { a: 1 } } };
      await expect(suite.db.command(command)).rejects.toMatchObject({ ok: 0 });
    });

    it('is atomic: concurrent increments through findOneAndUpdate never lose an update', async () => {
      const coll = await seeded('fam_atomic', [{ _id: 'counter', n: 0 }]);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => coll.findOneAndUpdate({ _id: 'counter' as never }, { $inc: { n: 1 } }, { returnDocument: 'after' })),
      );
      expect(new Set(results.map((d) => d?.n)).size).toBe(50);
      expect((await coll.findOne({ _id: 'counter' as never }))?.n).toBe(50);
    });
  });
});
