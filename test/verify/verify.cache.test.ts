// The lookup cache: good keys are remembered for KEY_CACHE_TTL_MS, unknown ones for
// UNKNOWN_KEY_CACHE_TTL_MS, both on the clock; a revocation in this process evicts at once.
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/core/key-format.js';
import { useKeyhold } from '../support/harness.js';
import { keyReads, mintKey, recordOperations, refusal, revoke } from './support.js';

const KEY_TTL = 5_000;
const UNKNOWN_TTL = 2_000;

const k = useKeyhold({ KEY_CACHE_TTL_MS: String(KEY_TTL), UNKNOWN_KEY_CACHE_TTL_MS: String(UNKNOWN_TTL) });

describe('a good key', () => {
  it('is read from the database once, then served from the cache until the TTL passes', async () => {
    const key = await mintKey(k);
    const recorder = recordOperations(k);

    for (let i = 0; i < 3; i++) expect((await k.verify({ apiKey: key.secret })).status).toBe(200);
    expect(keyReads(recorder.ops, key.secret)).toBe(1);

    k.clock.advance(KEY_TTL + 1);
    expect((await k.verify({ apiKey: key.secret })).status).toBe(200);
    recorder.stop();
    expect(keyReads(recorder.ops, key.secret)).toBe(2);
  });

  it('costs one read for a burst of concurrent first uses', async () => {
    const key = await mintKey(k);
    const recorder = recordOperations(k);

    const results = await Promise.all(Array.from({ length: 10 }, () => k.verify({ apiKey: key.secret })));
    recorder.stop();

    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(keyReads(recorder.ops, key.secret)).toBe(1);
  });

  it('is evicted at once by revokeKey in this process, whatever the TTL', async () => {
    const key = await mintKey(k);
    expect((await k.verify({ apiKey: key.secret })).status).toBe(200);

    await revoke(k, key);

    expect((await k.verify({ apiKey: key.secret })).body).toStrictEqual(refusal('invalid_api_key'));
  });

  it('revoked by another instance (straight in the database) is seen once the TTL passes, not before', async () => {
    const key = await mintKey(k);
    expect((await k.verify({ apiKey: key.secret })).status).toBe(200);

    await k.models.apiKeys.updateOne({ _id: key.id }, { $set: { revokedAt: new Date(k.clock.now()) } }).exec();
    k.clock.advance(KEY_TTL - 1);
    const withinTtl = await k.verify({ apiKey: key.secret });
    k.clock.advance(2);
    const afterTtl = await k.verify({ apiKey: key.secret });

    expect(withinTtl.status).toBe(200);
    expect(afterTtl.status).toBe(401);
    expect(afterTtl.body).toStrictEqual(refusal('invalid_api_key'));
  });
});

describe('an unknown well-formed key', () => {
  it('costs at most one database read within the unknown-key TTL, sequential or concurrent', async () => {
    const unknown = generateApiKey();
    const recorder = recordOperations(k);

    expect((await k.verify({ apiKey: unknown })).status).toBe(401);
    await Promise.all(Array.from({ length: 5 }, () => k.verify({ apiKey: unknown })));
    k.clock.advance(UNKNOWN_TTL - 1);
    const stillCached = await k.verify({ apiKey: unknown });
    expect(keyReads(recorder.ops, unknown)).toBe(1);

    k.clock.advance(2);
    const readAgain = await k.verify({ apiKey: unknown });
    recorder.stop();

    expect(stillCached.body).toStrictEqual(refusal('invalid_api_key'));
    expect(readAgain.body).toStrictEqual(refusal('invalid_api_key'));
    expect(keyReads(recorder.ops, unknown)).toBe(2);
  });

  it('costs one read for a burst of concurrent first uses', async () => {
    const unknown = generateApiKey();
    const recorder = recordOperations(k);

    const results = await Promise.all(Array.from({ length: 10 }, () => k.verify({ apiKey: unknown })));
    recorder.stop();

    expect(results.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(keyReads(recorder.ops, unknown)).toBe(1);
  });
});
