// Credential headers, sent byte for byte (repeats included), at /verify and /graphql. What is
// accepted, deliberately:
// - the scheme is case-insensitive (RFC 7235): `bearer`, `BEARER` and `Bearer` all work;
// - whitespace around the credential is not part of it and is ignored;
// - an empty header counts as absent (the contract), so an empty Authorization lets X-API-Key speak;
// - the key itself is exact: `SK_LIVE_`, a character short or long, is not the key;
// - a repeated Authorization or X-API-Key is refused (Node would silently keep the first).
import { beforeAll, describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';
import { errorCodes, gqlBody, rawRequest } from './helpers.js';

const k = useKeyhold({ KEY_RATE_LIMIT_FULL_ACCESS: '100000' });
let key: string;
let keyId: string;
let other: string;

beforeAll(async () => {
  const owner = await k.signedUp('Headers Ltd');
  key = owner.secret;
  keyId = owner.keyId;
  other = (await k.mint(owner.user.idToken, { orgId: owner.orgId, name: 'Second' })).secret;
});

type Expect = 'ok' | { status: number; code: string };
const OK: Expect = 'ok';
const MISSING: Expect = { status: 401, code: 'missing_api_key' };
const INVALID: Expect = { status: 401, code: 'invalid_api_key' };

interface Case {
  name: string;
  headers: () => string[];
  /** What /verify answers. At /graphql, 'ok' is the key's own currentKey, anything else UNAUTHENTICATED. */
  verify: Expect;
}

const bearer = (value: string) => ['Authorization', value];
const CASES: Case[] = [
  { name: 'no credential header', headers: () => [], verify: MISSING },
  { name: 'an empty Authorization', headers: () => bearer(''), verify: MISSING },
  { name: 'an empty X-API-Key', headers: () => ['X-API-Key', ''], verify: MISSING },
  { name: 'Bearer <key>', headers: () => bearer(`Bearer ${key}`), verify: OK },
  { name: 'X-API-Key <key>', headers: () => ['X-API-Key', key], verify: OK },
  { name: 'lower-case scheme: bearer <key>', headers: () => bearer(`bearer ${key}`), verify: OK },
  { name: 'upper-case scheme: BEARER <key>', headers: () => bearer(`BEARER ${key}`), verify: OK },
  { name: 'spaces around the key in Authorization', headers: () => bearer(`Bearer    ${key}   `), verify: OK },
  { name: 'spaces around the key in X-API-Key', headers: () => ['X-API-Key', `   ${key}  `], verify: OK },
  { name: 'an empty Authorization beside a good X-API-Key', headers: () => [...bearer(''), 'X-API-Key', key], verify: OK },
  { name: 'Authorization wins over a bad X-API-Key', headers: () => [...bearer(`Bearer ${key}`), 'X-API-Key', 'sk_live_nope'], verify: OK },
  { name: 'a bad Authorization is not rescued by a good X-API-Key', headers: () => [...bearer('Bearer sk_live_nope'), 'X-API-Key', key], verify: INVALID },
  { name: 'two Authorization headers, both the key', headers: () => [...bearer(`Bearer ${key}`), ...bearer(`Bearer ${key}`)], verify: INVALID },
  { name: 'two Authorization headers, two keys', headers: () => [...bearer(`Bearer ${key}`), ...bearer(`Bearer ${other}`)], verify: INVALID },
  { name: 'two X-API-Key headers', headers: () => ['X-API-Key', key, 'X-API-Key', other], verify: INVALID },
  { name: 'two keys in one Authorization', headers: () => bearer(`Bearer ${key}, Bearer ${other}`), verify: INVALID },
  { name: 'two keys in one X-API-Key', headers: () => ['X-API-Key', `${key},${other}`], verify: INVALID },
  { name: 'an 8 KB Authorization', headers: () => bearer(`Bearer ${key}${'A'.repeat(8 * 1024)}`), verify: INVALID },
  { name: 'an 8 KB X-API-Key', headers: () => ['X-API-Key', `${key}${'A'.repeat(8 * 1024)}`], verify: INVALID },
  { name: 'non-ASCII in the key', headers: () => bearer(`Bearer ${key.slice(0, -1)}\u00e9`), verify: INVALID },
  { name: 'Basic instead of Bearer', headers: () => bearer(`Basic ${Buffer.from(`${key}:`).toString('base64')}`), verify: INVALID },
  { name: 'Basic carrying the raw key', headers: () => bearer(`Basic ${key}`), verify: INVALID },
  { name: 'Bearer without a value', headers: () => bearer('Bearer'), verify: INVALID },
  { name: 'the key without a scheme', headers: () => bearer(key), verify: INVALID },
  { name: 'a tab instead of a space after Bearer', headers: () => bearer(`Bearer\t${key}`), verify: INVALID },
  { name: 'the key prefix in upper case (SK_LIVE_)', headers: () => bearer(`Bearer SK_LIVE_${key.slice(8)}`), verify: INVALID },
  { name: 'SK_LIVE_ in X-API-Key', headers: () => ['X-API-Key', `SK_LIVE_${key.slice(8)}`], verify: INVALID },
  { name: 'the key one character short', headers: () => bearer(`Bearer ${key.slice(0, -1)}`), verify: INVALID },
  { name: 'the key one character long', headers: () => bearer(`Bearer ${key}A`), verify: INVALID },
  {
    name: 'the key with one character changed',
    headers: () => bearer(`Bearer ${key.slice(0, 20)}${key[20] === 'A' ? 'B' : 'A'}${key.slice(21)}`),
    verify: INVALID,
  },
];

/** Every credential this file presents: none may come back in a response body. */
const presented = () => [key, other, key.slice(8), key.slice(0, -1)];

describe('/verify', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await rawRequest(k.url, 'GET', '/verify', c.headers());
    if (c.verify === 'ok') {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ valid: true, key_id: keyId });
    } else {
      expect(res.status).toBe(c.verify.status);
      expect(res.body).toEqual({ valid: false, error: { code: c.verify.code, message: expect.any(String) } });
      expect(res.headers['x-api-key-id']).toBeUndefined();
    }
    for (const secret of presented()) expect(res.text).not.toContain(secret);
  });
});

describe('/graphql', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await rawRequest(k.url, 'POST', '/graphql', ['content-type', 'application/json', ...c.headers()], gqlBody('{ currentKey { id } }'));
    expect(res.status).toBeLessThan(500);
    if (c.verify === 'ok') {
      expect(res.body).toEqual({ data: { currentKey: { id: keyId } } });
    } else {
      expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
      expect(res.body.data?.currentKey ?? null).toBeNull();
    }
    for (const secret of presented()) expect(res.text).not.toContain(secret);
  });

  it('explains a repeated credential header instead of picking one', async () => {
    const res = await rawRequest(
      k.url,
      'POST',
      '/graphql',
      ['content-type', 'application/json', ...bearer(`Bearer ${key}`), ...bearer(`Bearer ${other}`)],
      gqlBody('{ currentKey { id } }'),
    );
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toBe('Send one credential: the Authorization or X-API-Key header appears more than once.');
  });

  it('explains a header that is not "Bearer <credential>"', async () => {
    const res = await rawRequest(k.url, 'POST', '/graphql', ['content-type', 'application/json', ...bearer(`Token ${key}`)], gqlBody('{ currentKey { id } }'));
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toBe('The Authorization header must be "Bearer <credential>".');
  });
});
