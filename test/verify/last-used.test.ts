// lastUsedAt: refreshed by successful use only, written at most once per interval per key (not
// once per request), and what is still pending is written when the server closes.
import { describe, expect, it } from 'vitest';
import { startTestKeyhold, type TestKeyhold, useKeyhold } from '../support/harness.js';
import { mintKey, recordOperations, type Operation } from './support.js';

const INTERVAL = 60_000;

const k = useKeyhold({ LAST_USED_INTERVAL_MS: String(INTERVAL) });

async function lastUsedAt(t: TestKeyhold, keyId: string): Promise<Date | null> {
  const doc = await t.models.apiKeys.findById(keyId, { lastUsedAt: 1 }).lean().exec();
  return doc?.lastUsedAt ?? null;
}

/** The lastUsedAt updates of `keyId` among recorded operations. */
function writesOf(ops: Operation[], keyId: string): Date[] {
  return ops
    .filter((op) => op.collection === 'api_keys' && op.method === 'bulkWrite')
    .flatMap((op) => op.params[0] as { updateOne: { filter: { _id: string }; update: { $max: { lastUsedAt: Date } } } }[])
    .filter((w) => w.updateOne.filter._id === keyId)
    .map((w) => w.updateOne.update.$max.lastUsedAt);
}

describe('lastUsedAt', () => {
  it('is set by a successful /verify once the pending uses are flushed', async () => {
    const key = await mintKey(k);
    const usedAt = k.clock.now();

    expect((await k.verify({ apiKey: key.secret })).status).toBe(200);
    await k.keyhold.services.lastUsed.flushDue();

    expect(await lastUsedAt(k, key.id)).toEqual(new Date(usedAt));
    const viaGraphql = await k.gql('{ currentKey { lastUsedAt } }', {}, { apiKey: key.secret });
    expect(viaGraphql.body.data.currentKey.lastUsedAt).toBe(new Date(usedAt).toISOString());
  });

  it('is written at most once per interval per key, however many uses and flushes', async () => {
    const key = await mintKey(k);
    const recorder = recordOperations(k);
    const firstUse = k.clock.now();

    for (let i = 0; i < 4; i++) {
      expect((await k.verify({ apiKey: key.secret })).status).toBe(200);
      await k.keyhold.services.lastUsed.flushDue();
      k.clock.advance(1_000);
    }
    const lastUse = k.clock.now() - 1_000;
    expect(await lastUsedAt(k, key.id)).toEqual(new Date(firstUse));
    expect(writesOf(recorder.ops, key.id)).toEqual([new Date(firstUse)]);

    k.clock.advance(INTERVAL);
    await k.keyhold.services.lastUsed.flushDue();
    recorder.stop();

    expect(await lastUsedAt(k, key.id)).toEqual(new Date(lastUse));
    expect(writesOf(recorder.ops, key.id)).toEqual([new Date(firstUse), new Date(lastUse)]);
  });

  it('is not touched by 401 key_expired, 403 or 429', async () => {
    const expiring = await mintKey(k, { expiresInMs: 1_000 });
    const readOnly = await mintKey(k, { access: 'READ_ONLY', rateLimitPerMinute: 1 });
    k.clock.advance(1_000);

    expect((await k.verify({ apiKey: expiring.secret })).status).toBe(401);
    expect((await k.verify({ apiKey: readOnly.secret }, '?method=DELETE')).status).toBe(403);
    expect((await k.verify({ apiKey: readOnly.secret })).status).toBe(429);
    await k.keyhold.services.lastUsed.flushDue();
    k.clock.advance(INTERVAL);
    await k.keyhold.services.lastUsed.flushDue();

    expect(await lastUsedAt(k, expiring.id)).toBeNull();
    expect(await lastUsedAt(k, readOnly.id)).toBeNull();
  });

  it('still pending when the server closes is written before the database closes', async () => {
    const other = await startTestKeyhold({ LAST_USED_INTERVAL_MS: String(INTERVAL) });
    const key = await mintKey(other);
    await other.verify({ apiKey: key.secret });
    await other.keyhold.services.lastUsed.flushDue();
    // A second use within the interval stays pending: no flush before close would write it.
    other.clock.advance(1_000);
    const pendingUse = other.clock.now();
    await other.verify({ apiKey: key.secret });
    const conn = other.keyhold.services.db.connection;
    const dbName = conn.name;
    const ends: { method: string; collection: string; result?: { modifiedCount?: number }; error?: unknown }[] = [];
    conn.on('operation-end', (e: { method: string; collectionName: string; result?: { modifiedCount?: number }; error?: unknown }) =>
      ends.push({ method: e.method, collection: e.collectionName, result: e.result, error: e.error }),
    );
    const recorder = recordOperations(other);

    await other.keyhold.close();

    expect(writesOf(recorder.ops, key.id)).toEqual([new Date(pendingUse)]);
    const write = ends.find((e) => e.collection === 'api_keys' && e.method === 'bulkWrite');
    expect(write?.error).toBeUndefined();
    expect(write?.result?.modifiedCount).toBe(1);
    expect(other.leakedLines()).toEqual([]);
    // Against a real MongoDB, the closed instance's database is dropped through this one's connection.
    if (process.env.MONGODB_URI) await k.keyhold.services.db.connection.useDb(dbName, { useCache: false }).dropDatabase();
  });
});
