import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, openSuite, uniqueDbName, type Suite } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite('colls', storage);
  });
  afterAll(() => suite.close());

  describe('collections', () => {
    it('creates, lists (cursor form, filtered by name) and drops collections', async () => {
      await suite.db.createCollection('alpha');
      await suite.db.createCollection('beta');
      const reply = await suite.db.command({ listCollections: 1, filter: { name: 'alpha' } });
      expect(reply.cursor.id.toString()).toBe('0');
      expect(reply.cursor.ns).toBe(`${suite.dbName}.$cmd.listCollections`);
      expect(reply.cursor.firstBatch).toHaveLength(1);
      expect(reply.cursor.firstBatch[0]).toMatchObject({ name: 'alpha', type: 'collection', idIndex: { key: { _id: 1 }, name: '_id_' } });
      const names = (await suite.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['alpha', 'beta']));
      expect(await suite.db.collection('beta').drop()).toBe(true);
      expect(await suite.db.listCollections({ name: 'beta' }).toArray()).toEqual([]);
    });

    it('creates a collection implicitly on first insert', async () => {
      await suite.db.collection('implicit').insertOne({ a: 1 });
      expect(await suite.db.listCollections({ name: 'implicit' }).toArray()).toHaveLength(1);
    });

    it('accepts creating an existing collection with the same options (7.0+), refuses other options (48)', async () => {
      await suite.db.createCollection('twice');
      expect(await suite.db.command({ create: 'twice' })).toMatchObject({ ok: 1 });
      await expect(suite.db.command({ create: 'twice', capped: true, size: 4096 })).rejects.toMatchObject({ code: 48 });
    });

    it('drops a collection that does not exist without error (7.0+)', async () => {
      expect(await suite.db.command({ drop: 'never_existed' })).toMatchObject({ ok: 1 });
    });

    it('keeps databases apart: same collection name, separate data; dropDatabase drops one', async () => {
      const other = suite.client.db(uniqueDbName('colls_other'));
      try {
        await suite.db.collection('shared').insertOne({ from: 'mine' });
        await other.collection('shared').insertOne({ from: 'other' });
        expect((await suite.db.collection('shared').find().toArray()).map((d) => d.from)).toEqual(['mine']);
        await other.dropDatabase();
        expect(await other.collection('shared').countDocuments()).toBe(0);
        expect(await suite.db.collection('shared').countDocuments()).toBe(1);
      } finally {
        await other.dropDatabase();
      }
    });
  });

  describe('command errors', () => {
    it('answers an unknown command with CommandNotFound (59)', async () => {
      const err = await suite.db.command({ frobnicate: 1 }).catch((e) => e);
      expect(err.code).toBe(59);
      expect(err.codeName).toBe('CommandNotFound');
      expect(err.message).toBe("no such command: 'frobnicate'");
    });

    it('answers a malformed filter with a typed error', async () => {
      await expect(suite.db.command({ find: 'alpha', filter: 'not a document' })).rejects.toMatchObject({ code: 14 });
    });

    it('answers a getMore for a cursor of another collection as the server does', async () => {
      await suite.db.collection('g1').insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
      const first = await suite.db.command({ find: 'g1', batchSize: 1 });
      await expect(suite.db.command({ getMore: first.cursor.id, collection: 'g2' })).rejects.toMatchObject({ code: 13 });
      await suite.db.command({ killCursors: 'g1', cursors: [first.cursor.id] });
    });
  });
});
