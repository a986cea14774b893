import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('index_mgmt', storage);
  });
  afterAll(() => suite.close());

  const names = async (coll: string) => (await suite.db.collection(coll).indexes()).map((i) => i.name);

  describe('createIndexes and listIndexes', () => {
    it('always lists the _id_ index first', async () => {
      await suite.db.collection('plain').insertOne({ a: 1 });
      expect(await suite.db.collection('plain').indexes()).toEqual([{ v: 2, key: { _id: 1 }, name: '_id_' }]);
    });

    it('creates indexes with derived names and reports the counts', async () => {
      const reply = await suite.db.command({
        createIndexes: 'created',
        indexes: [
          { key: { a: 1 }, name: 'a_1' },
          { key: { b: -1, c: 1 }, name: 'b_-1_c_1', unique: true },
        ],
      });
      expect(reply).toMatchObject({ numIndexesBefore: 1, numIndexesAfter: 3, createdCollectionAutomatically: true, ok: 1 });
      expect(await suite.db.collection('created').createIndex({ d: 1 })).toBe('d_1');
      const listed = await suite.db.collection('created').indexes();
      expect(listed.map((i) => i.name)).toEqual(['_id_', 'a_1', 'b_-1_c_1', 'd_1']);
      expect(listed[2]).toMatchObject({ key: { b: -1, c: 1 }, unique: true });
    });

    it('is a no-op for an identical index', async () => {
      await suite.db.collection('same').createIndex({ a: 1 }, { unique: true });
      const reply = await suite.db.command({ createIndexes: 'same', indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] });
      expect(reply).toMatchObject({ numIndexesBefore: 2, numIndexesAfter: 2, ok: 1 });
    });

    it('refuses the same key under another name (85) and the same name over another key (86)', async () => {
      await suite.db.collection('clash').createIndex({ a: 1 }, { name: 'by_a' });
      await expect(suite.db.collection('clash').createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
      await expect(suite.db.collection('clash').createIndex({ b: 1 }, { name: 'by_a' })).rejects.toMatchObject({ code: 86 });
    });

    it('keeps sparse, partialFilterExpression and expireAfterSeconds in the listing', async () => {
      const coll = suite.db.collection('options');
      await coll.createIndex({ s: 1 }, { sparse: true });
      await coll.createIndex({ p: 1 }, { partialFilterExpression: { active: true } });
      await coll.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      const byName = Object.fromEntries((await coll.indexes()).map((i) => [i.name, i]));
      expect(byName.s_1.sparse).toBe(true);
      expect(byName.p_1.partialFilterExpression).toEqual({ active: true });
      expect(byName.at_1.expireAfterSeconds).toBe(3600);
    });

    it('answers listIndexes on a missing collection with NamespaceNotFound (26)', async () => {
      await expect(suite.db.collection('nowhere').indexes()).rejects.toMatchObject({ code: 26 });
    });
  });

  describe('dropIndexes', () => {
    const prepare = async (coll: string) => {
      await suite.db.collection(coll).createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);
    };

    it('drops by name and by key pattern', async () => {
      await prepare('drop_one');
      await suite.db.collection('drop_one').dropIndex('a_1');
      expect(await names('drop_one')).toEqual(['_id_', 'b_1', 'c_1']);
      const reply = await suite.db.command({ dropIndexes: 'drop_one', index: { b: 1 } });
      expect(reply).toMatchObject({ nIndexesWas: 3, ok: 1 });
      expect(await names('drop_one')).toEqual(['_id_', 'c_1']);
    });

    it('drops a list of names', async () => {
      await prepare('drop_list');
      await suite.db.command({ dropIndexes: 'drop_list', index: ['a_1', 'c_1'] });
      expect(await names('drop_list')).toEqual(['_id_', 'b_1']);
    });

    it('drops everything but _id_ with "*"', async () => {
      await prepare('drop_all');
      await suite.db.collection('drop_all').dropIndexes();
      expect(await names('drop_all')).toEqual(['_id_']);
    });

    it('answers IndexNotFound (27) for an unknown index and refuses to drop _id_', async () => {
      await prepare('drop_errors');
      await expect(suite.db.collection('drop_errors').dropIndex('nope_1')).rejects.toMatchObject({ code: 27 });
      await expect(suite.db.command({ dropIndexes: 'drop_errors', index: { zz: 1 } })).rejects.toMatchObject({ code: 27 });
      await expect(suite.db.collection('drop_errors').dropIndex('_id_')).rejects.toMatchObject({ code: 72 });
      expect(await names('drop_errors')).toEqual(['_id_', 'a_1', 'b_1', 'c_1']);
    });

    it('answers NamespaceNotFound (26) on a missing collection', async () => {
      await expect(suite.db.command({ dropIndexes: 'nowhere', index: '*' })).rejects.toMatchObject({ code: 26 });
    });
  });
});
