// keyhold/fastify in a real fastify app in front of a real Keyhold.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import keyhold from '../../src/middleware/fastify.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, revoke } from '../verify/support.js';

const k = useKeyhold();
const clock = new ManualClock();
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(async (guarded) => {
    await guarded.register(keyhold, { url: k.url, clock });
    guarded.all('/orders', async (request) => ({ keyhold: request.keyhold }));
  });
  app.get('/health', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

const call = (key: string | undefined, method: 'GET' | 'POST' = 'GET', path = '/orders') =>
  app.inject({ method, url: path, headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('a fastify service with the keyhold plugin', () => {
  it('lets a good key in, with request.keyhold set', async () => {
    const key = await mintKey(k, { name: 'shop', access: 'READ_ONLY' });

    const res = await call(key.secret);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ keyhold: { keyId: key.id, orgId: key.orgId, projectId: null, name: 'shop', access: 'read_only', expiresAt: null } });
  });

  it('keeps a revoked key out within a second', async () => {
    const key = await mintKey(k);
    expect((await call(key.secret)).statusCode).toBe(200);
    await revoke(k, key);

    clock.advance(1000);
    const res = await call(key.secret);

    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_api_key');
  });

  it("passes Keyhold's refusals through with their headers", async () => {
    const key = await mintKey(k, { access: 'READ_ONLY' });

    const res = await call(key.secret, 'POST');

    expect(res.statusCode).toBe(403);
    expect(res.headers['x-api-key-id']).toBe(key.id);
    expect(res.json()).toEqual({ valid: false, error: { code: 'forbidden', message: expect.any(String) } });
  });

  it('guards only the context it is registered in', async () => {
    expect((await call(undefined)).statusCode).toBe(401);
    expect((await call(undefined, 'GET', '/health')).statusCode).toBe(200);
  });

  it('answers 503 when Keyhold is unreachable', async () => {
    const key = await mintKey(k);
    const down = Fastify();
    await down.register(keyhold, { url: 'http://127.0.0.1:1' });
    down.get('/x', async () => 'in');

    const res = await down.inject({ url: '/x', headers: { 'x-api-key': key.secret } });
    await down.close();

    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('unavailable');
  });
});
