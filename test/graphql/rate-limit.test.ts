import { describe, expect, it } from 'vitest';
import { MINT, SIGNUP, type TestKeyhold, useKeyhold } from '../support/harness.js';
import { counts, expectData, expectError, ORGANIZATIONS, REVOKE } from './operations.js';

const k = useKeyhold({
  RATE_LIMIT_SIGNUP: '2/h',
  RATE_LIMIT_MINT_KEY: '2/m',
  RATE_LIMIT_REVOKE_KEY: '2/m',
  RATE_LIMIT_QUERY: '2/m',
});

/** The third call is RATE_LIMITED, says when to retry, and names the limit. */
function expectLimited(res: Awaited<ReturnType<TestKeyhold['gql']>>, windowSeconds: number, rule: string, per: string) {
  const error = expectError(res, 'RATE_LIMITED');
  const { retryAfter } = error.extensions;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(error.message).toBe(`Rate limit reached: 2 ${rule} calls per ${per}. Retry in ${retryAfter} s.`);
  expect(res.body.data ?? null).toBeNull();
}

describe('GraphQL rate limits, per caller', () => {
  it('signup: the third call in the window is RATE_LIMITED and writes nothing; another person is unaffected', async () => {
    const user = await k.user();
    for (const name of ['One', 'Two']) expectData(await k.gql(SIGNUP, { input: { orgName: name } }, { token: user.idToken }));
    const before = await counts(k);

    expectLimited(await k.gql(SIGNUP, { input: { orgName: 'Three' } }, { token: user.idToken }), 3600, 'signup', 'hour');
    expect(await counts(k)).toEqual(before);

    const other = await k.user();
    expectData(await k.gql(SIGNUP, { input: { orgName: 'Elsewhere' } }, { token: other.idToken }));
  });

  it('mintKey: the third call is RATE_LIMITED; an admin of the same org is unaffected', async () => {
    const { user, orgId } = await k.signedUp();
    await k.mint(user.idToken, { orgId, name: 'one' });
    await k.mint(user.idToken, { orgId, name: 'two' });

    expectLimited(await k.gql(MINT, { input: { orgId, name: 'three' } }, { token: user.idToken }), 60, 'mintKey', 'minute');

    const admin = await k.user();
    await k.addMember(orgId, admin, 'ADMIN');
    expect((await k.mint(admin.idToken, { orgId, name: 'by admin' })).id).toMatch(/^key_/);
  });

  it('revokeKey: the third call is RATE_LIMITED and the key stays active; another person is unaffected', async () => {
    const { user, orgId, keyId, secret } = await k.signedUp();
    const keys = [{ id: keyId, secret }, await k.mint(user.idToken, { orgId, name: 'b' }), await k.mint(user.idToken, { orgId, name: 'c' })];
    expectData(await k.gql(REVOKE, { id: keys[0].id }, { token: user.idToken }));
    expectData(await k.gql(REVOKE, { id: keys[1].id }, { token: user.idToken }));

    expectLimited(await k.gql(REVOKE, { id: keys[2].id }, { token: user.idToken }), 60, 'revokeKey', 'minute');
    expect((await k.verify({ apiKey: keys[2].secret })).status).toBe(200);

    const admin = await k.user();
    await k.addMember(orgId, admin, 'ADMIN');
    expect(expectData(await k.gql(REVOKE, { id: keys[2].id }, { token: admin.idToken })).revokeKey.status).toBe('REVOKED');
  });

  it('queries: the third query field is RATE_LIMITED, for people and keys separately', async () => {
    const { user, secret } = await k.signedUp();
    expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken }));
    expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken }));
    expectLimited(await k.gql(ORGANIZATIONS, {}, { token: user.idToken }), 60, 'query', 'minute');

    // The org's key is another caller, with its own allowance.
    expectData(await k.gql(ORGANIZATIONS, {}, { apiKey: secret }));
    expectData(await k.gql(ORGANIZATIONS, {}, { apiKey: secret }));
    expectLimited(await k.gql(ORGANIZATIONS, {}, { apiKey: secret }), 60, 'query', 'minute');
  });

  it('queries: every root field of one operation spends from the same budget', async () => {
    const user = await k.user();
    const res = await k.gql('{ a: organizations { id } b: organizations { id } c: organizations { id } }', {}, { token: user.idToken });
    expect(res.body.data).toBeNull();
    expect(res.body.errors!.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['RATE_LIMITED']);
  });

  it('spends the budgets of mutations and queries separately', async () => {
    const { user, orgId } = await k.signedUp();
    expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken }));
    expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken }));
    expect((await k.mint(user.idToken, { orgId, name: 'still allowed' })).id).toMatch(/^key_/);
  });
});
