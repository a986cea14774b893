// /verify refusals, row by row from the contract's table, over GET and POST: the status, the exact
// body, and X-API-Key-Id exactly when the key was recognised.
import { describe, expect, it, vi } from 'vitest';
import { generateApiKey } from '../../src/core/key-format.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, rateHeaders, refusal } from './support.js';

const k = useKeyhold();

/** A well-formed key whose checksum is wrong: the last character changed. */
function badChecksum(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
}

describe.each(['GET', 'POST'])('%s /verify', (method) => {
  describe('401 missing_api_key', () => {
    it.each([
      ['no header at all', {}],
      ['an empty X-API-Key', { 'x-api-key': '' }],
      ['an empty Authorization', { authorization: '' }],
      ['both empty', { authorization: '', 'x-api-key': '' }],
    ])('with %s', async (_what, headers) => {
      const res = await k.verify({ headers }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('missing_api_key'));
      expect(res.headers.get('x-api-key-id')).toBeNull();
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('401 invalid_api_key, without X-API-Key-Id', () => {
    it.each([
      ['too short', 'sk_live_abc'],
      ['the wrong prefix', 'sk_test_' + 'a'.repeat(28)],
      ['a character outside base62', 'sk_live_' + 'a'.repeat(27) + '-'],
      ['one character too many', generateApiKey() + 'a'],
    ])('for a malformed key: %s', async (_what, presented) => {
      const res = await k.verify({ apiKey: presented }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('invalid_api_key'));
      expect(res.headers.get('x-api-key-id')).toBeNull();
    });

    it('for a real key with one checksum character changed', async () => {
      const key = await mintKey(k);

      const res = await k.verify({ apiKey: badChecksum(key.secret) }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('invalid_api_key'));
      expect(res.headers.get('x-api-key-id')).toBeNull();
    });

    it('for a well-formed key that was never minted, in either header', async () => {
      const unknown = generateApiKey();

      for (const creds of [{ apiKey: unknown }, { headers: { 'x-api-key': unknown } }]) {
        const res = await k.verify(creds, '', method);
        expect(res.status).toBe(401);
        expect(res.body).toStrictEqual(refusal('invalid_api_key'));
        expect(res.headers.get('x-api-key-id')).toBeNull();
      }
    });

    it('for a Firebase ID token presented as the bearer', async () => {
      const user = await k.user();

      const res = await k.verify({ token: user.idToken }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('invalid_api_key'));
      expect(res.headers.get('x-api-key-id')).toBeNull();
    });

    it('for a bearer ID token even when a good key is in X-API-Key (Authorization wins)', async () => {
      const key = await mintKey(k);
      const user = await k.user();

      const res = await k.verify({ token: user.idToken, headers: { 'x-api-key': key.secret } }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('invalid_api_key'));
    });
  });

  describe('401 key_expired', () => {
    it('once the clock passes expires_at, naming the key', async () => {
      const key = await mintKey(k, { expiresInMs: 60_000 });
      expect((await k.verify({ apiKey: key.secret }, '', method)).status).toBe(200);

      k.clock.advance(60_000);
      const res = await k.verify({ apiKey: key.secret }, '', method);

      expect(res.status).toBe(401);
      expect(res.body).toStrictEqual(refusal('key_expired'));
      expect(res.headers.get('x-api-key-id')).toBe(key.id);
    });
  });

  describe('403 forbidden', () => {
    it.each(['POST', 'DELETE', 'put', 'Patch'])('for a read-only key guarding ?method=%s, naming the key', async (guarded) => {
      const key = await mintKey(k, { access: 'READ_ONLY' });

      const res = await k.verify({ apiKey: key.secret }, `?method=${guarded}`, method);

      expect(res.status).toBe(403);
      expect(res.body).toStrictEqual(refusal('forbidden'));
      expect(res.headers.get('x-api-key-id')).toBe(key.id);
    });
  });

  describe('429 rate_limited', () => {
    it("once the key's per-minute limit is spent, with Retry-After, until the window resets", async () => {
      const key = await mintKey(k, { rateLimitPerMinute: 2 });
      k.fakeDate();
      try {
        const first = await k.verify({ apiKey: key.secret }, '', method);
        k.advance(10_000);
        const second = await k.verify({ apiKey: key.secret }, '', method);
        const third = await k.verify({ apiKey: key.secret }, '', method);

        expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
        expect(rateHeaders(first)).toEqual({ limit: 2, remaining: 1, reset: 60 });
        expect(rateHeaders(second)).toEqual({ limit: 2, remaining: 0, reset: 50 });
        expect(third.body).toStrictEqual(refusal('rate_limited'));
        expect(rateHeaders(third)).toEqual({ limit: 2, remaining: 0, reset: 50 });
        expect(third.headers.get('retry-after')).toBe('50');
        expect(third.headers.get('x-api-key-id')).toBe(key.id);

        k.advance(50_000);
        const next = await k.verify({ apiKey: key.secret }, '', method);
        expect(next.status).toBe(200);
        expect(rateHeaders(next)).toEqual({ limit: 2, remaining: 1, reset: 60 });
      } finally {
        vi.useRealTimers();
      }
    });

    it('counts refused calls too: a 403 spends a unit', async () => {
      const key = await mintKey(k, { access: 'READ_ONLY', rateLimitPerMinute: 1 });

      const refused = await k.verify({ apiKey: key.secret }, '?method=POST', method);
      const limited = await k.verify({ apiKey: key.secret }, '', method);

      expect(refused.status).toBe(403);
      expect(limited.status).toBe(429);
      expect(limited.body).toStrictEqual(refusal('rate_limited'));
    });
  });
});

describe('a bad ?method=', () => {
  it('is a 400 in the /verify error shape, and spends nothing', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 5 });

    const res = await k.verify({ apiKey: key.secret }, '?method=GET%20HTTP');
    const after = await k.verify({ apiKey: key.secret });

    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(refusal('bad_request'));
    expect(rateHeaders(after).remaining).toBe(4);
  });
});
