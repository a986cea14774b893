import { MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('unique', storage);
  });
  afterAll(() => suite.close());

  /** A collection with a unique index on `email` and a compound unique one on (org, name). */
  const keyed = async (name: string) => {
    const coll = suite.db.collection(name);
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.createIndex({ org: 1, name: 1 }, { unique: true });
    await coll.insertOne({ _id: 'first' as never, email: 'a@x.io', org: 'o1', name: 'n1' });
    return coll;
  };

  const ns = (coll: string) => `${suite.dbName}.${coll}`;

  describe('duplicate key errors', () => {
    it('rejects a duplicate on insert with E11000, keyPattern and keyValue', async () => {
      const coll = await keyed('insert_dup');
      const err = await coll.insertOne({ email: 'a@x.io', org: 'o2', name: 'n2' }).catch((e) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect(err.code).toBe(11000);
      expect(err.message).toBe(`E11000 duplicate key error collection: ${ns('insert_dup')} index: email_1 dup key: { email: "a@x.io" }`);
      expect(err.keyPattern).toEqual({ email: 1 });
      expect(err.keyValue).toEqual({ email: 'a@x.io' });
    });

    it('rejects a compound duplicate, naming every field', async () => {
      const coll = await keyed('compound_dup');
      const err = await coll.insertOne({ email: 'b@x.io', org: 'o1', name: 'n1' }).catch((e) => e);
      expect(err.code).toBe(11000);
      expect(err.message).toBe(`E11000 duplicate key error collection: ${ns('compound_dup')} index: org_1_name_1 dup key: { org: "o1", name: "n1" }`);
      expect(err.keyValue).toEqual({ org: 'o1', name: 'n1' });
      await coll.insertOne({ email: 'c@x.io', org: 'o1', name: 'n2' });
      expect(await coll.countDocuments()).toBe(2);
    });

    it('rejects a duplicate _id on index _id_', async () => {
      const coll = suite.db.collection('id_dup');
      const id = new ObjectId();
      await coll.insertOne({ _id: id });
      const err = await coll.insertOne({ _id: id }).catch((e) => e);
      expect(err.code).toBe(11000);
      expect(err.message).toBe(`E11000 duplicate key error collection: ${ns('id_dup')} index: _id_ dup key: { _id: ObjectId('${id.toHexString()}') }`);
      expect(err.keyPattern).toEqual({ _id: 1 });
    });

    it('treats a missing field as null: a second document without it is a duplicate', async () => {
      const coll = suite.db.collection('null_dup');
      await coll.createIndex({ tag: 1 }, { unique: true });
      await coll.insertOne({ a: 1 });
      const err = await coll.insertOne({ a: 2 }).catch((e) => e);
      expect(err.code).toBe(11000);
      expect(err.keyValue).toEqual({ tag: null });
      expect(err.message).toMatch(/dup key: \{ tag: null \}$/);
    });

    it('lets a sparse unique index skip documents without the field', async () => {
      const coll = suite.db.collection('sparse');
      await coll.createIndex({ tag: 1 }, { unique: true, sparse: true });
      await coll.insertMany([{ a: 1 }, { a: 2 }, { tag: 't' }]);
      await expect(coll.insertOne({ tag: 't' })).rejects.toMatchObject({ code: 11000 });
    });

    it('enforces a partial unique index only where its filter holds', async () => {
      const coll = suite.db.collection('partial');
      await coll.createIndex({ name: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await coll.insertMany([
        { name: 'x', active: false },
        { name: 'x', active: false },
        { name: 'x', active: true },
      ]);
      await expect(coll.insertOne({ name: 'x', active: true })).rejects.toMatchObject({ code: 11000 });
    });

    it('treats 1 and 1.0 and values in arrays as the same key', async () => {
      const coll = suite.db.collection('multikey');
      await coll.createIndex({ tags: 1 }, { unique: true });
      await coll.insertOne({ tags: [1, 'a'] });
      await expect(coll.insertOne({ tags: 1.0 })).rejects.toMatchObject({ code: 11000 });
      await expect(coll.insertOne({ tags: ['b', 'a'] })).rejects.toMatchObject({ code: 11000, keyValue: { tags: 'a' } });
      await coll.insertOne({ tags: ['c', 'c'] });
    });
  });

  describe('batches', () => {
    it('stops an ordered insert at the first duplicate, keeping earlier documents', async () => {
      const coll = await keyed('ordered');
      const docs = ['b', 'a', 'c'].map((who) => ({ email: `${who}@x.io`, org: 'o9', name: who }));
      const err = await coll.insertMany(docs).catch((e) => e);
      expect(err).toBeInstanceOf(MongoBulkWriteError);
      expect(err.writeErrors).toHaveLength(1);
      expect(err.writeErrors[0].index).toBe(1);
      expect(err.writeErrors[0].code).toBe(11000);
      expect(err.insertedCount).toBe(1);
      expect((await coll.find({}, { sort: { email: 1 } }).toArray()).map((d) => d.email)).toEqual(['a@x.io', 'b@x.io']);
    });

    it('continues an unordered insert past duplicates', async () => {
      const coll = await keyed('unordered');
      const docs = ['a', 'b', 'a', 'c'].map((who, i) => ({ email: `${who}@x.io`, org: 'o9', name: `n${i}` }));
      const err = await coll.insertMany(docs, { ordered: false }).catch((e) => e);
      expect(err.writeErrors.map((e: { index: number }) => e.index)).toEqual([0, 2]);
      expect(err.insertedCount).toBe(2);
      expect(await coll.countDocuments()).toBe(3);
    });

    it('reports write errors in the raw insert reply with ok 1', async () => {
      await keyed('raw_reply');
      const reply = await suite.db.command({ insert: 'raw_reply', documents: [{ email: 'a@x.io' }], ordered: true });
      expect(reply.ok).toBe(1);
      expect(reply.n).toBe(0);
      expect(reply.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.io' } });
    });
  });

  describe('updates that would duplicate', () => {
    it('fails an update into a taken key and leaves the document untouched', async () => {
      const coll = await keyed('update_dup');
      await coll.insertOne({ _id: 'second' as never, email: 'b@x.io', org: 'o2', name: 'n2', n: 1 });
      const err = await coll.updateOne({ _id: 'second' as never }, { $set: { email: 'a@x.io', n: 2 } }).catch((e) => e);
      expect(err.code).toBe(11000);
      expect(err.keyValue).toEqual({ email: 'a@x.io' });
      expect(await coll.findOne({ _id: 'second' as never })).toEqual({ _id: 'second', email: 'b@x.io', org: 'o2', name: 'n2', n: 1 });
    });

    it('fails an upsert that would insert a taken key', async () => {
      const coll = await keyed('upsert_dup');
      const err = await coll.updateOne({ email: 'zzz' }, { $set: { org: 'o1', name: 'n1' } }, { upsert: true }).catch((e) => e);
      expect(err.code).toBe(11000);
      expect(await coll.countDocuments()).toBe(1);
    });

    it('fails findAndModify with a command-level 11000 error', async () => {
      const coll = await keyed('fam_dup');
      await coll.insertOne({ email: 'b@x.io' });
      const err = await coll.findOneAndUpdate({ email: 'b@x.io' }, { $set: { email: 'a@x.io' } }).catch((e) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect(err.code).toBe(11000);
      expect(err.keyValue).toEqual({ email: 'a@x.io' });
      expect(await coll.countDocuments({ email: 'b@x.io' })).toBe(1);
    });

    it('refuses a unique index over existing duplicates and does not create it', async () => {
      const coll = suite.db.collection('late_unique');
      await coll.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }]);
      const err = await coll.createIndex({ k: 1 }, { unique: true }).catch((e) => e);
      expect(err.code).toBe(11000);
      // mongod prefixes "Index build failed: …" here; the E11000 part is the same.
      expect(err.message).toMatch(/E11000 duplicate key error collection: .*late_unique index: k_1 dup key: \{ k: 1 \}$/);
      expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_']);
    });
  });
});
