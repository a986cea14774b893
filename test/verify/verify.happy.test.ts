// /verify with a good key: the contract's 200 body, exactly, over GET and POST, from either
// header, with the key id and rate-limit headers; read-only keys pass for safe methods.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useKeyhold } from '../support/harness.js';
import { mintKey, rateHeaders } from './support.js';

const k = useKeyhold();
afterEach(() => {
  vi.useRealTimers();
});

describe.each(['GET', 'POST'])('%s /verify with a good key', (method) => {
  it('answers 200 with the key, its org, name, lowercase access and a null expires_at', async () => {
    const key = await mintKey(k, { name: 'billing sync', access: 'FULL_ACCESS', rateLimitPerMinute: 50 });
    // The limiter's window runs on Date: pinned, an exact reset of 60 means a new window.
    k.fakeDate();

    const res = await k.verify({ apiKey: key.secret }, '', method);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual({ valid: true, key_id: key.id, org_id: key.orgId, name: 'billing sync', access: 'full_access', expires_at: null });
    expect(res.headers.get('x-api-key-id')).toBe(key.id);
    expect(rateHeaders(res)).toEqual({ limit: 50, remaining: 49, reset: 60 });
    // Per-credential answers: never kept by a shared cache, never sniffed as anything but JSON.
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers read_only and the ISO expiry for a read-only key that expires', async () => {
    const expiresAt = new Date(k.clock.now() + 3_600_000);
    const key = await mintKey(k, { access: 'READ_ONLY', expiresInMs: 3_600_000, name: 'dashboard' });

    const res = await k.verify({ apiKey: key.secret }, '', method);

    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({
      valid: true,
      key_id: key.id,
      org_id: key.orgId,
      name: 'dashboard',
      access: 'read_only',
      expires_at: expiresAt.toISOString(),
    });
  });

  it('accepts the key in X-API-Key', async () => {
    const key = await mintKey(k);

    const res = await k.verify({ headers: { 'x-api-key': key.secret } }, '', method);

    expect(res.status).toBe(200);
    expect(res.body.key_id).toBe(key.id);
    expect(res.headers.get('x-api-key-id')).toBe(key.id);
  });
});

describe('rate-limit headers on 200', () => {
  it('count the remaining calls down by one per call, with the window reset in seconds', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 3 });
    k.fakeDate();

    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(rateHeaders(await k.verify({ apiKey: key.secret })));

    expect(seen).toEqual([
      { limit: 3, remaining: 2, reset: 60 },
      { limit: 3, remaining: 1, reset: 60 },
      { limit: 3, remaining: 0, reset: 60 },
    ]);
  });

  it('report the time left in the window as the clock moves', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 10 });
    k.fakeDate();
    try {
      await k.verify({ apiKey: key.secret });

      k.advance(25_500);
      const res = await k.verify({ apiKey: key.secret });

      expect(rateHeaders(res)).toEqual({ limit: 10, remaining: 8, reset: 35 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the read-only rule', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get', 'Head', 'options'])('lets a read-only key through for ?method=%s', async (guarded) => {
    const key = await mintKey(k, { access: 'READ_ONLY' });

    const res = await k.verify({ apiKey: key.secret }, `?method=${guarded}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, key_id: key.id, access: 'read_only' });
  });

  it('lets a read-only key through when no method is named', async () => {
    const key = await mintKey(k, { access: 'READ_ONLY' });

    const res = await k.verify({ apiKey: key.secret }, '', 'POST');

    expect(res.status).toBe(200);
    expect(res.body.access).toBe('read_only');
  });

  it.each(['POST', 'DELETE', 'put'])('lets a full-access key through for ?method=%s', async (guarded) => {
    const key = await mintKey(k, { access: 'FULL_ACCESS' });

    const res = await k.verify({ apiKey: key.secret }, `?method=${guarded}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, key_id: key.id, access: 'full_access' });
  });
});

describe('both headers present', () => {
  it('uses Authorization: a good bearer key wins over a junk X-API-Key', async () => {
    const key = await mintKey(k);

    const res = await k.verify({ apiKey: key.secret, headers: { 'x-api-key': 'sk_live_junk' } });

    expect(res.status).toBe(200);
    expect(res.body.key_id).toBe(key.id);
  });

  it('uses Authorization: the X-API-Key key is not the one verified', async () => {
    const bearer = await mintKey(k, { name: 'bearer key' });
    const header = await mintKey(k, { name: 'header key' });

    const res = await k.verify({ apiKey: bearer.secret, headers: { 'x-api-key': header.secret } });

    expect(res.body).toMatchObject({ valid: true, key_id: bearer.id, name: 'bearer key' });
    expect(res.headers.get('x-api-key-id')).toBe(bearer.id);
  });
});
