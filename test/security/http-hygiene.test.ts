// HTTP hygiene: security headers, CORS by allow-list, body and time limits from configuration,
// and a shutdown that lets in-flight requests finish and flushes pending lastUsedAt writes.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeyhold, type TestKeyhold } from '../support/harness.js';

let plain: TestKeyhold;
let configured: TestKeyhold;
const APP = 'https://app.example.com';

beforeAll(async () => {
  [plain, configured] = await Promise.all([
    startTestKeyhold(),
    startTestKeyhold({ CORS_ORIGINS: `${APP}, https://admin.example.com`, BODY_LIMIT_BYTES: '2048', REQUEST_TIMEOUT_MS: '5000' }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.close(), configured.close()]);
});

describe('security headers', () => {
  // Helmet's set guards pages a browser renders: Swagger UI and the GraphQL endpoint. (HSTS is
  // sent over https only: test/pages/security-headers.test.ts.)
  const HELMET = {
    'content-security-policy': expect.stringContaining("default-src 'self'"),
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
  };

  it.each([
    ['GET', '/docs', undefined],
    ['POST', '/graphql', '{"query":"{ __typename }"}'],
  ])("%s %s carries helmet's headers", async (method, path, body) => {
    const res = await plain.http(method, path, { headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject(HELMET);
  });

  it.each([
    ['GET', '/verify'],
    ['GET', '/healthz'],
    ['GET', '/openapi.json'],
    ['GET', '/no/such/route'],
  ])('%s %s (JSON only) is nosniff, with a request id and no x-powered-by', async (method, path) => {
    const res = await plain.http(method, path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('CORS, by the CORS_ORIGINS allow-list', () => {
  const preflight = (k: TestKeyhold, origin: string) =>
    k.http('OPTIONS', '/graphql', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('an allowed origin may call, with the credential headers', async () => {
    const res = await preflight(configured, APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(res.headers.get('vary')).toContain('Origin');
    const simple = await configured.http('GET', '/verify', { headers: { origin: 'https://admin.example.com' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
  });

  it.each(['https://evil.example.com', 'https://app.example.com.evil.example', 'http://app.example.com', 'null'])('%s is not allowed', async (origin) => {
    expect((await preflight(configured, origin)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await configured.http('GET', '/verify', { headers: { origin } })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with no CORS_ORIGINS, no origin is allowed', async () => {
    expect((await preflight(plain, APP)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await plain.http('GET', '/verify', { headers: { origin: APP } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('limits from configuration', () => {
  it('BODY_LIMIT_BYTES caps request bodies (413) at /verify and /graphql', async () => {
    const big = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(3000) });
    const headers = { 'content-type': 'application/json' };
    const verify = await configured.http('POST', '/verify', { headers, body: big });
    expect(verify.status).toBe(413);
    expect(verify.body).toEqual({ valid: false, error: { code: 'payload_too_large', message: 'The request body is too large.' } });
    const graphql = await configured.http('POST', '/graphql', { headers, body: big });
    expect(graphql.status).toBe(413);
    expect((await configured.http('POST', '/graphql', { headers, body: '{"query":"{ __typename }"}' })).status).toBe(200);
  });

  it('the default body limit is 1 MB', () => {
    expect(plain.keyhold.app.initialConfig.bodyLimit).toBe(1024 * 1024);
  });

  it('REQUEST_TIMEOUT_MS bounds how long a request may take to arrive (default 30 s)', () => {
    expect(configured.keyhold.app.server.requestTimeout).toBe(5000);
    expect(plain.keyhold.app.server.requestTimeout).toBe(30_000);
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then flushes its lastUsedAt write, before the database closes', async () => {
    const k = await startTestKeyhold();
    const owner = await k.signedUp('Shutdown Co');
    const apiKeys = k.models.apiKeys.collection as unknown as Record<string, (...args: any[]) => Promise<any>>;

    // Hold the in-flight /verify inside its database read until shutdown has begun.
    let reached!: () => void;
    let release!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const findOne = apiKeys.findOne!;
    apiKeys.findOne = async function (this: unknown, ...args: unknown[]) {
      reached();
      await gate;
      return findOne.apply(this, args);
    };
    // Record what the shutdown flush writes, and what the database answers.
    const flushed: { ids: string[]; matched: number }[] = [];
    const bulkWrite = apiKeys.bulkWrite!;
    apiKeys.bulkWrite = async function (this: unknown, ops: any[], ...rest: unknown[]) {
      const result = await bulkWrite.call(this, ops, ...rest);
      flushed.push({ ids: ops.map((op) => op.updateOne.filter._id), matched: result.matchedCount });
      return result;
    };

    const inFlight = k.verify({ apiKey: owner.secret });
    await atGate;
    const closing = k.keyhold.close();
    release();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.key_id).toBe(owner.keyId);
    await closing;
    expect(flushed).toEqual([{ ids: [owner.keyId], matched: 1 }]);
    await k.close(); // the leak check; the keyhold itself is already closed
    if (process.env.MONGODB_URI) {
      // The harness drops a real database through the connection this test has just closed.
      const client = await MongoClient.connect(process.env.MONGODB_URI);
      await client.db(k.keyhold.services.db.connection.name).dropDatabase();
      await client.close();
    }
  });
});
