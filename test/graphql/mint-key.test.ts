import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/core/key-format.js';
import { newOrgId } from '../../src/core/ids.js';
import { MINT, useKeyhold } from '../support/harness.js';
import { API_KEYS, CURRENT_KEY, counts, expectData, expectError, fromNow, KEY_FIELDS, REVOKE } from './operations.js';

const k = useKeyhold();

async function mint(token: string, input: Record<string, unknown>) {
  return k.gql(MINT, { input }, { token });
}

async function refused(token: string | { apiKey: string } | undefined, input: Record<string, unknown>, code: string) {
  const before = await counts(k);
  const creds = typeof token === 'string' ? { token } : (token ?? {});
  const error = expectError(await k.gql(MINT, { input }, creds), code);
  expect(await counts(k)).toEqual(before);
  return error;
}

describe('mintKey defaults', () => {
  it('mints FULL_ACCESS at 20 per minute when nothing is said', async () => {
    const { user, orgId } = await k.signedUp();
    const { secret, apiKey } = expectData(await mint(user.idToken, { orgId, name: '  ci deploy  ' })).mintKey;

    expect(secret).toMatch(/^sk_live_[A-Za-z0-9]{28}$/);
    expect(apiKey).toEqual({
      id: expect.stringMatching(/^key_[A-Za-z0-9]{20}$/),
      orgId,
      name: 'ci deploy',
      prefix: secret.slice(0, 12),
      access: 'FULL_ACCESS',
      status: 'ACTIVE',
      createdAt: new Date(k.clock.now()).toISOString(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      rateLimitPerMinute: 20,
      createdBy: user.uid,
    });
    expect((await k.verify({ apiKey: secret })).body).toMatchObject({ valid: true, key_id: apiKey.id, access: 'full_access' });
  });

  it('mints READ_ONLY at 120 per minute, and takes access: null as the default', async () => {
    const { user, orgId } = await k.signedUp();
    const readOnly = expectData(await mint(user.idToken, { orgId, name: 'dashboards', access: 'READ_ONLY' })).mintKey;
    expect(readOnly.apiKey).toMatchObject({ access: 'READ_ONLY', rateLimitPerMinute: 120 });
    expect((await k.verify({ apiKey: readOnly.secret })).body).toMatchObject({ valid: true, access: 'read_only' });

    const nullAccess = expectData(await mint(user.idToken, { orgId, name: 'null access', access: null })).mintKey;
    expect(nullAccess.apiKey).toMatchObject({ access: 'FULL_ACCESS', rateLimitPerMinute: 20 });
  });

  it('lets an ADMIN mint', async () => {
    const { orgId } = await k.signedUp();
    const admin = await k.user();
    await k.addMember(orgId, admin, 'ADMIN');
    const { apiKey } = expectData(await mint(admin.idToken, { orgId, name: 'by admin' })).mintKey;
    expect(apiKey.createdBy).toBe(admin.uid);
  });
});

describe('mintKey rateLimitPerMinute', () => {
  it.each([1, 1_000_000])('accepts %i', async (rateLimitPerMinute) => {
    const { user, orgId } = await k.signedUp();
    const { apiKey } = expectData(await mint(user.idToken, { orgId, name: 'bounded', rateLimitPerMinute })).mintKey;
    expect(apiKey.rateLimitPerMinute).toBe(rateLimitPerMinute);
  });

  it.each([0, -1, 1_000_001])('refuses %i with BAD_USER_INPUT', async (rateLimitPerMinute) => {
    const { user, orgId } = await k.signedUp();
    const error = await refused(user.idToken, { orgId, name: 'out of range', rateLimitPerMinute }, 'BAD_USER_INPUT');
    expect(error.message).toBe('rateLimitPerMinute must be a whole number from 1 to 1000000.');
    expect(error.extensions.field).toBe('rateLimitPerMinute');
  });

  it.each([2 ** 31, 1.5, '20'])('refuses %j, which is not a GraphQL Int, with BAD_USER_INPUT', async (rateLimitPerMinute) => {
    const { user, orgId } = await k.signedUp();
    await refused(user.idToken, { orgId, name: 'not an int', rateLimitPerMinute }, 'BAD_USER_INPUT');
  });
});

describe('mintKey expiresAt', () => {
  it('accepts a future time and reports it back', async () => {
    const { user, orgId } = await k.signedUp();
    const expiresAt = fromNow(k, 1);
    const { apiKey, secret } = expectData(await mint(user.idToken, { orgId, name: 'soon', expiresAt })).mintKey;
    expect(apiKey).toMatchObject({ expiresAt, status: 'ACTIVE' });
    expect((await k.verify({ apiKey: secret })).body.expires_at).toBe(expiresAt);
  });

  it.each([
    ['in the past', -60_000],
    ['exactly now', 0],
  ])('refuses a time %s', async (_case, offset) => {
    const { user, orgId } = await k.signedUp();
    const error = await refused(user.idToken, { orgId, name: 'late', expiresAt: fromNow(k, offset) }, 'BAD_USER_INPUT');
    expect(error.message).toBe('expiresAt must be in the future.');
  });

  it('refuses a value that is not a date-time', async () => {
    const { user, orgId } = await k.signedUp();
    await refused(user.idToken, { orgId, name: 'when?', expiresAt: 'tomorrow' }, 'BAD_USER_INPUT');
  });
});

describe('mintKey name', () => {
  it.each([
    ['empty after trimming', '   '],
    ['101 characters', 'k'.repeat(101)],
    ['a control character', 'tab\there'],
  ])('refuses a name that is %s', async (_case, name) => {
    const { user, orgId } = await k.signedUp();
    const error = await refused(user.idToken, { orgId, name }, 'BAD_USER_INPUT');
    expect(error.extensions.field).toBe('name');
  });

  it('accepts exactly 100 characters', async () => {
    const { user, orgId } = await k.signedUp();
    const name = 'k'.repeat(100);
    expect(expectData(await mint(user.idToken, { orgId, name })).mintKey.apiKey.name).toBe(name);
  });
});

describe('mintKey, who may call', () => {
  it('is FORBIDDEN to a MEMBER', async () => {
    const { orgId } = await k.signedUp();
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');
    await refused(member.idToken, { orgId, name: 'nope' }, 'FORBIDDEN');
  });

  it('answers NOT_FOUND for an org the caller is not in, an unknown org and a junk id alike', async () => {
    const theirs = await k.signedUp('Theirs');
    const mine = await k.signedUp('Mine');
    const messages = [
      (await refused(mine.user.idToken, { orgId: theirs.orgId, name: 'intrusion' }, 'NOT_FOUND')).message,
      (await refused(mine.user.idToken, { orgId: newOrgId(), name: 'probe' }, 'NOT_FOUND')).message,
      (await refused(mine.user.idToken, { orgId: 'org_doesnotexist', name: 'junk' }, 'NOT_FOUND')).message,
    ];
    expect(new Set(messages).size).toBe(1);
  });

  it('is FORBIDDEN to an API key, even a FULL_ACCESS key of the org', async () => {
    const { orgId, secret } = await k.signedUp();
    await refused({ apiKey: secret }, { orgId, name: 'self-replicating' }, 'FORBIDDEN');
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    const { orgId } = await k.signedUp();
    await refused(undefined, { orgId, name: 'anon' }, 'UNAUTHENTICATED');
  });
});

describe('the minted secret', () => {
  it('is shown once: no later call returns it or its hash', async () => {
    const { user, orgId } = await k.signedUp();
    const token = user.idToken;
    const { secret, apiKey } = expectData(await mint(token, { orgId, name: 'shown once' })).mintKey;
    const other = expectData(await mint(token, { orgId, name: 'another' })).mintKey;

    const later = [
      await k.gql(`{ organizations { id name role apiKeys(includeRevoked: true) { ${KEY_FIELDS} } } }`, {}, { token }),
      await k.gql(`query($id: ID!) { organization(id: $id) { apiKeys(includeRevoked: true) { ${KEY_FIELDS} } } }`, { id: orgId }, { token }),
      await k.gql(API_KEYS, { orgId, includeRevoked: true }, { token }),
      await k.gql(API_KEYS, { orgId }, { apiKey: secret }),
      await k.gql(CURRENT_KEY, {}, { apiKey: secret }),
      await k.gql(REVOKE, { id: apiKey.id }, { token }),
      await k.gql(REVOKE, { id: apiKey.id }, { token }),
      await k.gql(API_KEYS, { orgId, includeRevoked: true }, { apiKey: other.secret }),
      await k.verify({ apiKey: other.secret }),
    ];
    for (const res of later) {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body) + JSON.stringify([...res.headers]);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(12));
      expect(text).not.toContain(hashApiKey(secret));
    }
    const listed = expectData(later[2]).apiKeys.find((key: { id: string }) => key.id === apiKey.id);
    expect(listed).toMatchObject({ prefix: secret.slice(0, 12), name: 'shown once' });
  });
});
