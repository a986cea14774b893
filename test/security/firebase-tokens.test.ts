// Firebase ID tokens that must not let anyone in: each is UNAUTHENTICATED (never UNAVAILABLE,
// which would tell a client to retry a token that can never work), and nothing is written.
//
// The Auth Emulator issues unsigned tokens and firebase-admin, pointed at it, does not check
// signatures: a payload rewritten to another *valid* user's claims is accepted there. That is why
// configuration refuses the emulator in production (see test/reliability/startup.test.ts);
// here, "tampered" means a payload that no longer decodes.
import { beforeEach, describe, expect, it } from 'vitest';
import { classifyVerifyFailure } from '../../src/auth/id-token-verifier.js';
import { disableUser, forgeToken, revokeTokens, TOKEN_FORGERIES } from '../support/firebase-tokens.js';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { countDocuments, errorCodes, type DocumentCounts } from './helpers.js';

const k = useKeyhold();
let before: DocumentCounts;

beforeEach(async () => {
  before = await countDocuments(k);
});

const ORGANIZATIONS = '{ organizations { id } }';
const REVOKE = 'mutation($id: ID!) { revokeKey(id: $id) { id revokedAt } }';

async function expectUnauthenticated(res: { status: number; body: any }) {
  expect(res.status).toBe(401);
  expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
  expect(res.body.errors[0].message).toBe('The Firebase ID token is invalid, expired, revoked or its user is disabled; sign in again.');
  expect(res.body.data ?? null).toBeNull();
  expect(await countDocuments(k)).toEqual(before);
}

function tamper(token: string, how: 'flip' | 'truncate'): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const changed = how === 'flip' ? `${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}` : payload.slice(0, -5);
  return `${header}.${changed}.${signature}`;
}

describe('forged and damaged tokens', () => {
  const VARIANTS: [string, (real: string) => string][] = [
    ...TOKEN_FORGERIES.map((f): [string, (real: string) => string] => [f, (real) => forgeToken(real, f)]),
    ['tampered payload (one character changed)', (real) => tamper(real, 'flip')],
    ['tampered payload (truncated)', (real) => tamper(real, 'truncate')],
    ['a header and nothing else', (real) => `${real.split('.')[0]}..`],
  ];

  it.each(VARIANTS)('%s: a query is UNAUTHENTICATED', async (_name, forge) => {
    const user = await k.user();
    await expectUnauthenticated(await k.gql(ORGANIZATIONS, {}, { token: forge(user.idToken) }));
  });

  it.each(VARIANTS)('%s: signup is UNAUTHENTICATED and writes nothing', async (_name, forge) => {
    const user = await k.user();
    await expectUnauthenticated(await k.gql(SIGNUP, { input: { orgName: 'Forged' } }, { token: forge(user.idToken) }));
  });

  it('an ID token is not an API key at /verify', async () => {
    const user = await k.user();
    const res = await k.verify({ token: user.idToken });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });
});

describe('revoked tokens: every mutation checks revocation', () => {
  async function ownerWithRevokedToken() {
    const owner = await k.signedUp('Revoked Co');
    await revokeTokens({ ...k.emulator, uid: owner.user.uid });
    before = await countDocuments(k);
    return owner;
  }

  it('signup with orgName', async () => {
    const owner = await ownerWithRevokedToken();
    await expectUnauthenticated(await k.gql(SIGNUP, { input: { orgName: 'Again' } }, { token: owner.user.idToken }));
  });

  it('signup with existingOrgId', async () => {
    const owner = await ownerWithRevokedToken();
    await expectUnauthenticated(await k.gql(SIGNUP, { input: { existingOrgId: owner.orgId } }, { token: owner.user.idToken }));
  });

  it('mintKey', async () => {
    const owner = await ownerWithRevokedToken();
    await expectUnauthenticated(await k.gql(MINT, { input: { orgId: owner.orgId, name: 'After revocation' } }, { token: owner.user.idToken }));
  });

  it('revokeKey, and the key stays valid', async () => {
    const owner = await ownerWithRevokedToken();
    await expectUnauthenticated(await k.gql(REVOKE, { id: owner.keyId }, { token: owner.user.idToken }));
    expect((await k.models.apiKeys.findById(owner.keyId).lean().exec())?.revokedAt).toBeNull();
    expect((await k.verify({ apiKey: owner.secret })).status).toBe(200);
  });
});

describe('a disabled user', () => {
  it('is UNAUTHENTICATED for queries and mutations alike', async () => {
    const owner = await k.signedUp('Disabled Co');
    await disableUser({ ...k.emulator, uid: owner.user.uid });
    before = await countDocuments(k);
    const token = { token: owner.user.idToken };
    await expectUnauthenticated(await k.gql(ORGANIZATIONS, {}, token));
    await expectUnauthenticated(await k.gql(MINT, { input: { orgId: owner.orgId, name: 'Disabled' } }, token));
    await expectUnauthenticated(await k.gql(REVOKE, { id: owner.keyId }, token));
    await expectUnauthenticated(await k.gql(SIGNUP, { input: { orgName: 'Disabled again' } }, token));
  });
});

describe('telling a bad token from an unreachable Firebase', () => {
  // The shapes firebase-admin 13 produces, as observed against the emulator and offline.
  it.each([
    ['a payload that is not JSON (jsonwebtoken throws a bare SyntaxError)', new SyntaxError('Unexpected token in JSON at position 10'), 'rejected'],
    ['an expired token', { code: 'auth/id-token-expired', message: 'Firebase ID token has expired.' }, 'rejected'],
    ['a revoked token', { code: 'auth/id-token-revoked', message: 'revoked' }, 'rejected'],
    ['a disabled user', { code: 'auth/user-disabled', message: 'disabled' }, 'rejected'],
    ['a wrong audience', { code: 'auth/argument-error', message: 'Firebase ID token has incorrect "aud" (audience) claim.' }, 'rejected'],
    [
      "Google's keys unreachable (reported as argument-error)",
      { code: 'auth/argument-error', message: 'Error while making request: getaddrinfo ENOTFOUND www.googleapis.com. Error code: ENOTFOUND' },
      'unavailable',
    ],
    ["Google's keys answering an error", { code: 'auth/argument-error', message: 'Error fetching public keys for Google certs: 503' }, 'unavailable'],
    ['the emulator or Google refusing connections', { code: 'app/network-error', message: 'Error while making request: connect ECONNREFUSED' }, 'unavailable'],
    ['something unknown', new Error('boom'), 'unavailable'],
  ])('%s → %s', (_name, err, expected) => {
    expect(classifyVerifyFailure(err)).toBe(expected);
  });
});
