// A key sent in a form Keyhold does not read is refused as the contract says (invalid_api_key at
// /verify, UNAUTHENTICATED at /graphql), with a message naming the form that works.
import { beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, gqlBody } from '../security/helpers.js';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();
let key: string;

beforeAll(async () => {
  key = (await k.signedUp('Forms Ltd')).secret;
});

const CASES = [
  { name: 'the key without "Bearer"', headers: () => ['Authorization', key], says: 'needs the Bearer scheme: "Authorization: Bearer <credential>"' },
  { name: 'X-API-Key: Bearer <key>', headers: () => ['X-API-Key', `Bearer ${key}`], says: 'The X-API-Key header takes the key alone, without "Bearer"' },
  {
    name: 'Basic auth, key as user name',
    headers: () => ['Authorization', `Basic ${Buffer.from(`${key}:`).toString('base64')}`],
    says: 'Basic authentication is not accepted',
  },
  { name: 'Basic with the raw key', headers: () => ['Authorization', `Basic ${key}`], says: 'Basic authentication is not accepted' },
];

describe('/verify', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await rawRequest(k.url, 'GET', '/verify', c.headers());
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.stringContaining(c.says) } });
    expect(res.text).not.toContain(key.slice(8));
  });

  it('a Firebase ID token: /verify checks API keys', async () => {
    const user = await k.user();
    const res = await k.verify({ token: user.idToken });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'invalid_api_key', message: expect.stringContaining('/verify checks API keys') });
  });
});

describe('/graphql', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await rawRequest(k.url, 'POST', '/graphql', ['content-type', 'application/json', ...c.headers()], gqlBody('{ currentKey { id } }'));
    expect(res.status).toBe(401);
    expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining(c.says), extensions: { code: 'UNAUTHENTICATED' } })]);
  });
});
