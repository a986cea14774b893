import mongoose, { Schema, type Connection, type Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGES, startTarget, uniqueDbName, type Target } from './target.js';

describe.each(STORAGES)('%s storage', (storage) => {
  let target: Target;
  let conn: Connection;

  beforeAll(async () => {
    target = await startTarget(storage);
    conn = await mongoose.createConnection(target.uri, { dbName: uniqueDbName('mongoose'), serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await target.close();
  });

  interface KeyDoc {
    hash: string;
    orgId: Types.ObjectId;
    name?: string;
    uses: number;
    createdAt: Date;
    updatedAt: Date;
  }

  const keyModel = () => conn.model<KeyDoc>('Key');

  const keySchema = new Schema<KeyDoc>(
    {
      hash: { type: String, required: true, unique: true },
      orgId: { type: Schema.Types.ObjectId, required: true, ref: 'Org' },
      name: String,
      uses: { type: Number, default: 0 },
    },
    { timestamps: true },
  );

  describe('mongoose models', () => {
    it('builds the schema indexes on init and rejects a duplicate with MongoServerError 11000', async () => {
      const Key = conn.model<KeyDoc>('Key', keySchema);
      await Key.init();
      const orgId = new mongoose.Types.ObjectId();
      await Key.create({ hash: 'h1', orgId, name: 'one' });
      const err = await Key.create({ hash: 'h1', orgId, name: 'two' }).catch((e) => e);
      // mongoose bundles its own driver copy: its error class, not the top-level package's.
      expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
      expect(err.code).toBe(11000);
      expect(err.keyValue).toEqual({ hash: 'h1' });
      const indexes = await Key.collection.indexes();
      expect(indexes.find((i) => i.name === 'hash_1')?.unique).toBe(true);
    });

    it('finds by id string, by ObjectId field, and keeps Dates', async () => {
      const Key = keyModel();
      const orgId = new mongoose.Types.ObjectId();
      const created = await Key.create({ hash: 'h2', orgId, name: 'two' });
      const byId = await Key.findById(created._id.toString()).lean();
      expect(byId?.name).toBe('two');
      expect(byId?.createdAt).toBeInstanceOf(Date);
      expect(await Key.countDocuments({ orgId: orgId.toString() })).toBe(1);
    });

    // returnDocument: 'after', mongoose 9's spelling: its older `new: true` prints a deprecation warning.
    it("findOneAndUpdate with returnDocument: 'after' returns the updated document", async () => {
      const Key = keyModel();
      const doc = await Key.findOneAndUpdate({ hash: 'h1' }, { $inc: { uses: 1 } }, { returnDocument: 'after' }).lean();
      expect(doc?.uses).toBe(1);
      const again = await Key.findOneAndUpdate({ hash: 'h1' }, { $inc: { uses: 1 } }, { returnDocument: 'after' }).lean();
      expect(again?.uses).toBe(2);
      expect(again?.updatedAt.getTime()).toBeGreaterThanOrEqual(again?.createdAt.getTime() ?? Infinity);
    });

    it('countDocuments, distinct, sort and limit', async () => {
      const Key = keyModel();
      expect(await Key.countDocuments()).toBe(2);
      expect((await Key.distinct('hash')).sort()).toEqual(['h1', 'h2']);
      const newest = await Key.find().sort({ hash: -1 }).limit(1).lean();
      expect(newest.map((k) => k.hash)).toEqual(['h2']);
    });

    it('populates a reference across collections', async () => {
      const Org = conn.model('Org', new Schema({ title: String }));
      const org = await Org.create({ title: 'Acme' });
      const Key = keyModel();
      await Key.create({ hash: 'h3', orgId: org._id, name: 'three' });
      const key = await Key.findOne({ hash: 'h3' }).populate<{ orgId: { title: string } }>('orgId').lean();
      expect(key?.orgId.title).toBe('Acme');
    });

    it('syncIndexes drops indexes the schema no longer has and creates new ones', async () => {
      const v1 = new Schema({ a: String, b: String });
      v1.index({ a: 1 });
      const First = conn.model('Synced', v1, 'synced');
      await First.init();
      conn.deleteModel('Synced');
      const v2 = new Schema({ a: String, b: String });
      v2.index({ b: 1 }, { unique: true });
      const Second = conn.model('Synced', v2, 'synced');
      const dropped = await Second.syncIndexes();
      expect(dropped).toEqual(['a_1']);
      const names = (await Second.collection.indexes()).map((i) => i.name);
      expect(names).toEqual(['_id_', 'b_1']);
      expect(await Second.syncIndexes()).toEqual([]);
    });

    it('upserts through updateOne', async () => {
      const Counter = conn.model('Counter', new Schema({ key: { type: String, unique: true }, n: Number }));
      await Counter.init();
      const res = await Counter.updateOne({ key: 'c' }, { $inc: { n: 1 } }, { upsert: true });
      expect(res.upsertedCount).toBe(1);
      await Counter.updateOne({ key: 'c' }, { $inc: { n: 1 } }, { upsert: true });
      expect((await Counter.findOne({ key: 'c' }).lean())?.n).toBe(2);
    });
  });
});
