import { describe, expect, it } from 'vitest';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { API_KEYS, CURRENT_KEY, expectData, expectError, fromNow, ORGANIZATION, ORGANIZATIONS, REVOKE } from './operations.js';

const k = useKeyhold();

/** An org with a FULL_ACCESS and a READ_ONLY key. */
async function orgWithBothKeys() {
  const s = await k.signedUp('Machines');
  const readOnly = await k.mint(s.user.idToken, { orgId: s.orgId, name: 'reader', access: 'READ_ONLY' });
  return { ...s, keys: { FULL_ACCESS: { secret: s.secret, id: s.keyId }, READ_ONLY: readOnly } };
}

for (const access of ['FULL_ACCESS', 'READ_ONLY'] as const) {
  describe(`a ${access} key in GraphQL`, () => {
    it('reads its own organization, its keys and itself', async () => {
      const { orgId, keys } = await orgWithBothKeys();
      const { secret, id } = keys[access];
      const apiKey = secret;

      expect(expectData(await k.gql(ORGANIZATIONS, {}, { apiKey })).organizations).toEqual([
        { id: orgId, name: 'Machines', role: 'MEMBER', createdAt: expect.any(String) },
      ]);
      expect(expectData(await k.gql(ORGANIZATION, { id: orgId }, { apiKey })).organization).toMatchObject({ id: orgId, role: 'MEMBER' });
      const listed = expectData(await k.gql(API_KEYS, { orgId }, { apiKey })).apiKeys;
      expect(listed.map((key: { id: string }) => key.id).sort()).toEqual([keys.FULL_ACCESS.id, keys.READ_ONLY.id].sort());
      expect(expectData(await k.gql(CURRENT_KEY, {}, { apiKey })).currentKey).toMatchObject({ id, orgId, access });
    });

    it('is FORBIDDEN on every mutation, and nothing changes', async () => {
      const { orgId, keys } = await orgWithBothKeys();
      const apiKey = keys[access].secret;
      const before = await k.models.apiKeys.countDocuments({ orgId });

      expectError(await k.gql(SIGNUP, { input: { orgName: 'By key' } }, { apiKey }), 'FORBIDDEN');
      expectError(await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { apiKey }), 'FORBIDDEN');
      expectError(await k.gql(MINT, { input: { orgId, name: 'By key' } }, { apiKey }), 'FORBIDDEN');
      expectError(await k.gql(REVOKE, { id: keys.FULL_ACCESS.id }, { apiKey }), 'FORBIDDEN');
      expectError(await k.gql(REVOKE, { id: keys.READ_ONLY.id }, { apiKey }), 'FORBIDDEN');

      expect(await k.models.apiKeys.countDocuments({ orgId })).toBe(before);
      expect(await k.models.apiKeys.countDocuments({ orgId, revokedAt: null })).toBe(before);
    });

    it('is sent as X-API-Key as well as a bearer token', async () => {
      const { orgId, keys } = await orgWithBothKeys();
      const res = await k.gql(CURRENT_KEY, {}, { headers: { 'x-api-key': keys[access].secret } });
      expect(expectData(res).currentKey).toMatchObject({ id: keys[access].id, orgId });
      expect(res.headers.get('x-api-key-id')).toBe(keys[access].id);
    });
  });
}

describe('a key that no longer works', () => {
  it('is UNAUTHENTICATED once expired', async () => {
    const { user, orgId } = await k.signedUp();
    const { secret } = await k.mint(user.idToken, { orgId, name: 'brief', expiresAt: fromNow(k, 60_000) });
    expectData(await k.gql(CURRENT_KEY, {}, { apiKey: secret }));
    k.clock.advance(60_000);

    const res = await k.gql(CURRENT_KEY, {}, { apiKey: secret });
    expect(expectError(res, 'UNAUTHENTICATED').message).toBe('The API key has expired; mint a new one.');
    expect(res.body.data ?? null).toBeNull();
  });

  it('is UNAUTHENTICATED once revoked, at once', async () => {
    const { user, secret, keyId, orgId } = await k.signedUp();
    expectData(await k.gql(ORGANIZATION, { id: orgId }, { apiKey: secret }));
    expectData(await k.gql(REVOKE, { id: keyId }, { token: user.idToken }));

    const res = await k.gql(ORGANIZATION, { id: orgId }, { apiKey: secret });
    expect(expectError(res, 'UNAUTHENTICATED').message).toBe('The API key is not valid: it is malformed, unknown or revoked.');
  });

  it('is UNAUTHENTICATED when malformed or unknown', async () => {
    const { secret } = await k.signedUp();
    const typo = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expectError(await k.gql(ORGANIZATIONS, {}, { apiKey: typo }), 'UNAUTHENTICATED');
    expectError(await k.gql(ORGANIZATIONS, {}, { apiKey: 'sk_live_short' }), 'UNAUTHENTICATED');
    expectError(await k.gql(ORGANIZATIONS, {}, { headers: { 'x-api-key': 'not a key' } }), 'UNAUTHENTICATED');
  });
});

describe('a key’s own rate limit in GraphQL', () => {
  it('spends one unit per operation, shared with /verify', async () => {
    const { user, orgId } = await k.signedUp();
    const { secret, id } = await k.mint(user.idToken, { orgId, name: 'tight', rateLimitPerMinute: 3 });

    const first = await k.gql(CURRENT_KEY, {}, { apiKey: secret });
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await k.verify({ apiKey: secret })).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await k.gql(CURRENT_KEY, {}, { apiKey: secret })).headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await k.gql(CURRENT_KEY, {}, { apiKey: secret });
    const error = expectError(refused, 'RATE_LIMITED');
    expect(error.extensions.retryAfter).toBeGreaterThanOrEqual(1);
    expect(error.extensions.retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('x-api-key-id')).toBe(id);
    expect(refused.headers.get('retry-after')).toBe(String(error.extensions.retryAfter));
  });
});
