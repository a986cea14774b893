// Revocation takes effect the moment revokeKey answers, even against requests in flight, and keys
// that cannot be real are turned away before any database read.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/core/key-format.js';
import { useKeyhold } from '../support/harness.js';
import { keyReads, mintKey, recordOperations, refusal, requestOps, revoke } from './support.js';

const k = useKeyhold();

describe('revocation', () => {
  it('is immediate: the very next /verify after revokeKey answers is invalid_api_key', async () => {
    const key = await mintKey(k);
    expect((await k.verify({ apiKey: key.secret })).status).toBe(200);

    await revoke(k, key);
    const res = await k.verify({ apiKey: key.secret });

    expect(res.status).toBe(401);
    expect(res.body).toStrictEqual(refusal('invalid_api_key'));
    expect(res.headers.get('x-api-key-id')).toBeNull();
  });

  it('holds under concurrent load: no /verify sent after revokeKey answered succeeds', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 1_000_000 });
    const results: { sentAt: number; status: number }[] = [];
    let revokedAt = Infinity;
    const afterRevokePerWorker = 5;

    // Eight clients hammer the key; each keeps going until it has sent five requests after the
    // revocation answered, so both sides of the boundary are exercised on every connection.
    const worker = async () => {
      let sentAfter = 0;
      while (sentAfter < afterRevokePerWorker) {
        const sentAt = performance.now();
        if (sentAt > revokedAt) sentAfter++;
        const res = await k.verify({ apiKey: key.secret });
        results.push({ sentAt, status: res.status });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await k.verify({ apiKey: key.secret }); // a turn of the loop so the workers are under way
    await revoke(k, key);
    revokedAt = performance.now();
    await Promise.all(workers);

    const before = results.filter((r) => r.sentAt < revokedAt);
    const after = results.filter((r) => r.sentAt > revokedAt);
    expect(before.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThanOrEqual(8 * afterRevokePerWorker);
    expect(after.filter((r) => r.status !== 401)).toEqual([]);
  });

  it('is not undone by a database read that started before it (the read answers, but is not cached)', async () => {
    // The arrival gate, in better-auth's style: the first lookup read of this key completes in
    // the database before the revocation, and its answer is held back until revokeKey has
    // answered. A wrapper around the real findOne holds it; nothing is mocked.
    const key = await mintKey(k);
    const hash = hashApiKey(key.secret);
    const model = k.models.apiKeys;
    const realFindOne = model.findOne;
    let readDone!: () => void;
    const readIsDone = new Promise<void>((resolve) => (readDone = resolve));
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let held = false;
    model.findOne = function (this: typeof model, ...args: Parameters<typeof realFindOne>) {
      const query = realFindOne.apply(this, args);
      if (held || (args[0] as { hash?: string } | undefined)?.hash !== hash) return query;
      held = true;
      const exec = query.exec.bind(query);
      query.exec = (async () => {
        const doc = await exec();
        readDone();
        await gate;
        return doc;
      }) as typeof query.exec;
      return query;
    } as typeof model.findOne;

    try {
      const inFlight = k.verify({ apiKey: key.secret });
      await readIsDone;
      await revoke(k, key);

      const sentAfter = await k.verify({ apiKey: key.secret });
      openGate();
      const sentBefore = await inFlight;
      const sentAfterTheStaleReadAnswered = await k.verify({ apiKey: key.secret });

      expect(sentBefore.status).toBe(200);
      expect(sentAfter.status).toBe(401);
      expect(sentAfter.body).toStrictEqual(refusal('invalid_api_key'));
      expect(sentAfterTheStaleReadAnswered.status).toBe(401);
    } finally {
      openGate();
      model.findOne = realFindOne;
    }
  });
});

describe('the fast path: no database read for a key that cannot be real', () => {
  it.each([
    ['a malformed key', () => 'sk_live_short'],
    ['a non-base62 key', () => 'sk_live_' + '*'.repeat(28)],
    // Changing one checksum digit changes the number it encodes, so it can no longer match.
    ['a good key with a bad checksum', () => generateApiKey().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
  ])('%s', async (_what, make) => {
    const presented = make();
    const recorder = recordOperations(k);

    const results = await Promise.all(Array.from({ length: 5 }, () => k.verify({ apiKey: presented })));
    recorder.stop();

    expect(results.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(results[0].body).toStrictEqual(refusal('invalid_api_key'));
    expect(requestOps(recorder.ops)).toEqual([]);
  });

  it('while a well-formed unknown key does cost one read (the counter counts)', async () => {
    const recorder = recordOperations(k);

    await k.verify({ apiKey: generateApiKey() });
    recorder.stop();

    expect(keyReads(recorder.ops)).toBe(1);
  });
});
