// keyhold/express in a real Express app in front of a real Keyhold: the README's ten-line
// service lets a good key in and keeps a revoked one out within a second.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { keyhold } from '../../src/middleware/express.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, revoke } from '../verify/support.js';

const k = useKeyhold();
const clock = new ManualClock();
let server: Server;
let base: string;

beforeAll(async () => {
  // The service, as the README shows it (with a clock the test moves).
  const app = express();
  app.use(keyhold({ url: k.url, clock }));
  app.all('/orders', (req, res) => {
    res.json({ org: req.keyhold?.orgId, key: req.keyhold?.keyId, access: req.keyhold?.access });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The JSON a refusal carries. */
const refusal = async (res: Response) => (await res.json()) as { valid: false; error: { code: string; message: string } };
const call = (key: string | undefined, method = 'GET') => fetch(`${base}/orders`, { method, headers: key ? { 'x-api-key': key } : {} });

describe('an Express service guarded by keyhold()', () => {
  it('lets a good key in, with req.keyhold set', async () => {
    const key = await mintKey(k);

    const res = await call(key.secret);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ org: key.orgId, key: key.id, access: 'full_access' });
  });

  it('keeps a revoked key out within a second', async () => {
    const key = await mintKey(k);
    expect((await call(key.secret)).status).toBe(200);
    await revoke(k, key);

    clock.advance(1000);
    const res = await call(key.secret);

    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.any(String) } });
  });

  it('answers no key with 401 missing_api_key, as Keyhold does', async () => {
    const res = await call(undefined);

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await refusal(res)).error.code).toBe('missing_api_key');
  });

  it("passes Keyhold's 403 through with X-API-Key-Id for a read-only key writing", async () => {
    const key = await mintKey(k, { access: 'READ_ONLY' });

    const read = await call(key.secret, 'GET');
    const write = await call(key.secret, 'POST');

    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect(write.headers.get('x-api-key-id')).toBe(key.id);
    expect((await refusal(write)).error.code).toBe('forbidden');
  });

  it('passes 429 through with Retry-After and X-RateLimit-*', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 1 });
    await call(key.secret, 'PUT');

    const res = await call(key.secret, 'PATCH');

    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('1');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-api-key-id')).toBe(key.id);
  });
});

describe('keyhold() when Keyhold is down', () => {
  it('answers 503, or lets the request through with failOpen and req.keyhold null', async () => {
    const key = await mintKey(k);
    const app = express();
    app.get('/closed', keyhold({ url: 'http://127.0.0.1:1' }), (_req, res) => res.send('in'));
    app.get('/open', keyhold({ url: 'http://127.0.0.1:1', failOpen: true }), (req, res) => res.json({ keyhold: req.keyhold }));
    const down = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => down.once('listening', resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;

    try {
      const closed = await fetch(`${url}/closed`, { headers: { 'x-api-key': key.secret } });
      const open = await fetch(`${url}/open`, { headers: { 'x-api-key': key.secret } });

      expect(closed.status).toBe(503);
      expect((await refusal(closed)).error.code).toBe('unavailable');
      expect(open.status).toBe(200);
      expect(await open.json()).toEqual({ keyhold: null });
    } finally {
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });
});
