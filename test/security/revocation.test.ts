// Every operation checks revocation and disabled users, queries as well as mutations, through
// a per-user cache: a revoked or disabled user loses all access within REVOCATION_CACHE_TTL_MS,
// and Firebase is asked at most once per user per TTL however many operations they send.
//
// Firebase here behaves as in production (see ProductionLikeVerifier): only a verification that
// asks for revocation checks sees it. The emulator alone would check every call and hide the
// difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAuthEmulator } from '../support/firebase-emulator.js';
import { disableUser, revokeTokens } from '../support/firebase-tokens.js';
import { startTestKeyhold, type TestKeyhold } from '../support/harness.js';
import { ProductionLikeVerifier } from '../support/production-like-verifier.js';
import { errorCodes } from './helpers.js';

const TTL = 5000;
const ORGS = '{ organizations { id } }';
let k: TestKeyhold;
let firebase: ProductionLikeVerifier;

beforeAll(async () => {
  firebase = new ProductionLikeVerifier(useAuthEmulator());
  k = await startTestKeyhold({ REVOCATION_CACHE_TTL_MS: String(TTL) }, { idTokens: firebase });
});
afterAll(() => k.close());

describe('a disabled user', () => {
  it('loses query access once the cache expires; Firebase is asked once per TTL meanwhile', async () => {
    const { user, orgId } = await k.signedUp();
    const from = firebase.lookups;

    for (let i = 0; i < 20; i++) expect((await k.gql(ORGS, {}, { token: user.idToken })).body.data).toEqual({ organizations: [{ id: orgId }] });
    expect(firebase.lookups - from).toBeLessThanOrEqual(1);

    await disableUser({ ...k.emulator, uid: user.uid });
    k.advance(TTL);

    const res = await k.gql(ORGS, {}, { token: user.idToken });
    expect(res.status).toBe(401);
    expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
    expect(firebase.lookups - from).toBeLessThanOrEqual(2);
  });
});

describe('a user whose tokens are revoked', () => {
  it.each([
    ['a query', ORGS],
    ['a mutation', 'mutation { __typename }'],
  ])('is refused %s once the cache expires', async (_what, operation) => {
    const { user } = await k.signedUp();
    expect((await k.gql(operation, {}, { token: user.idToken })).status).toBe(200);

    await revokeTokens({ ...k.emulator, uid: user.uid });
    k.advance(TTL);

    const res = await k.gql(operation, {}, { token: user.idToken });
    expect(res.status).toBe(401);
    expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a signed-in user sending many operations', () => {
  it('makes Keyhold ask Firebase once per TTL, mutations included', async () => {
    const user = await k.user();
    const from = firebase.lookups;

    for (let i = 0; i < 20; i++) expect((await k.gql('mutation { __typename }', {}, { token: user.idToken })).status).toBe(200);
    expect(firebase.lookups - from).toBe(1);

    k.advance(TTL);
    await k.gql('mutation { __typename }', {}, { token: user.idToken });
    expect(firebase.lookups - from).toBe(2);
  });
});

describe('the first operation of a user', () => {
  it('is checked for revocation even when it is a query', async () => {
    const user = await k.user();
    await revokeTokens({ ...k.emulator, uid: user.uid });

    const res = await k.gql(ORGS, {}, { token: user.idToken });

    expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
  });
});
