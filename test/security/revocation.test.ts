// Revocation and disabled users are checked through a per-user cache: Firebase is asked at most
// once per user per REVOCATION_CACHE_TTL_MS however many operations they send.
//
// Firebase here behaves as in production (see ProductionLikeVerifier): only a verification that
// asks for revocation checks sees it. The emulator alone would check every call and hide the
// difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAuthEmulator } from '../support/firebase-emulator.js';
import { startTestKeyhold, type TestKeyhold } from '../support/harness.js';
import { ProductionLikeVerifier } from '../support/production-like-verifier.js';

const TTL = 5000;
let k: TestKeyhold;
let firebase: ProductionLikeVerifier;

beforeAll(async () => {
  firebase = new ProductionLikeVerifier(useAuthEmulator());
  k = await startTestKeyhold({ REVOCATION_CACHE_TTL_MS: String(TTL) }, { idTokens: firebase });
});
afterAll(() => k.close());

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
