import { describe, expect, it } from 'vitest';
import { newOrgId } from '../../src/core/ids.js';
import { useKeyhold } from '../support/harness.js';
import { API_KEYS, CURRENT_KEY, expectData, expectError, fromNow, KEY_FIELDS, ORGANIZATION, ORGANIZATIONS, REVOKE } from './operations.js';

const k = useKeyhold();

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
const iso = (d: Date | undefined) => d?.toISOString();

/** An org with three keys minted a minute apart (newest last), the middle one revoked. */
async function orgWithKeys() {
  const s = await k.signedUp('Keyed');
  const token = s.user.idToken;
  k.clock.advance(60_000);
  const second = await k.mint(token, { orgId: s.orgId, name: 'second' });
  k.clock.advance(60_000);
  const third = await k.mint(token, { orgId: s.orgId, name: 'third', access: 'READ_ONLY' });
  expectData(await k.gql(REVOKE, { id: second.id }, { token }));
  return { ...s, token, ids: { first: s.keyId, second: second.id, third: third.id } };
}

describe('organizations', () => {
  it('lists the caller’s organizations, each with the caller’s role, and no others', async () => {
    const owned = await k.signedUp('Owned');
    const user = owned.user;
    const administered = await k.signedUp('Administered');
    const joined = await k.signedUp('Joined');
    await k.signedUp('Not mine');
    await k.addMember(administered.orgId, user, 'ADMIN');
    await k.addMember(joined.orgId, user, 'MEMBER');

    const orgs = expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken })).organizations;

    const created = async (id: string) => iso((await k.models.organizations.findById(id).lean())?.createdAt);
    expect([...orgs].sort(byId)).toEqual(
      [
        { id: owned.orgId, name: 'Owned', role: 'OWNER', createdAt: await created(owned.orgId) },
        { id: administered.orgId, name: 'Administered', role: 'ADMIN', createdAt: await created(administered.orgId) },
        { id: joined.orgId, name: 'Joined', role: 'MEMBER', createdAt: await created(joined.orgId) },
      ].sort(byId),
    );
  });

  it('is empty for a signed-in person with no organization', async () => {
    const user = await k.user();
    expect(expectData(await k.gql(ORGANIZATIONS, {}, { token: user.idToken })).organizations).toEqual([]);
  });

  it('lists, for an API key, its own organization with role MEMBER', async () => {
    const { orgId, secret, user } = await k.signedUp('Seen by key');
    await k.addMember((await k.signedUp('Other')).orgId, user, 'OWNER');
    const orgs = expectData(await k.gql(ORGANIZATIONS, {}, { apiKey: secret })).organizations;
    expect(orgs).toEqual([{ id: orgId, name: 'Seen by key', role: 'MEMBER', createdAt: expect.any(String) }]);
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    expectError(await k.gql(ORGANIZATIONS), 'UNAUTHENTICATED');
  });
});

describe('organization(id)', () => {
  it('answers a member with their role, and an API key of the org with MEMBER', async () => {
    const { orgId, user, secret } = await k.signedUp('Visible');
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');

    expect(expectData(await k.gql(ORGANIZATION, { id: orgId }, { token: user.idToken })).organization).toMatchObject({
      id: orgId,
      name: 'Visible',
      role: 'OWNER',
    });
    expect(expectData(await k.gql(ORGANIZATION, { id: orgId }, { token: member.idToken })).organization).toMatchObject({ id: orgId, role: 'MEMBER' });
    expect(expectData(await k.gql(ORGANIZATION, { id: orgId }, { apiKey: secret })).organization).toMatchObject({ id: orgId, role: 'MEMBER' });
  });

  it('answers NOT_FOUND alike for another org, an unknown org and a junk id, to people and keys', async () => {
    const other = await k.signedUp('Hidden');
    const caller = await k.signedUp('Caller');
    const messages = [];
    for (const creds of [{ token: caller.user.idToken }, { apiKey: caller.secret }]) {
      for (const id of [other.orgId, newOrgId(), 'org_?', '']) {
        const res = await k.gql(ORGANIZATION, { id }, creds);
        messages.push(expectError(res, 'NOT_FOUND').message);
        expect(res.body.data).toEqual({ organization: null });
      }
    }
    expect(new Set(messages).size).toBe(1);
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    const { orgId } = await k.signedUp();
    expectError(await k.gql(ORGANIZATION, { id: orgId }), 'UNAUTHENTICATED');
  });
});

describe('apiKeys(orgId, includeRevoked)', () => {
  it('lists the org’s keys newest first, without revoked ones unless asked', async () => {
    const { orgId, token, ids } = await orgWithKeys();

    const active = expectData(await k.gql(API_KEYS, { orgId }, { token })).apiKeys;
    const explicitFalse = expectData(await k.gql(API_KEYS, { orgId, includeRevoked: false }, { token })).apiKeys;
    const nullFlag = expectData(await k.gql(API_KEYS, { orgId, includeRevoked: null }, { token })).apiKeys;
    const all = expectData(await k.gql(API_KEYS, { orgId, includeRevoked: true }, { token })).apiKeys;

    expect(active.map((key: { id: string }) => key.id)).toEqual([ids.third, ids.first]);
    expect(explicitFalse).toEqual(active);
    expect(nullFlag).toEqual(active);
    expect(all.map((key: { id: string; status: string }) => [key.id, key.status])).toEqual([
      [ids.third, 'ACTIVE'],
      [ids.second, 'REVOKED'],
      [ids.first, 'ACTIVE'],
    ]);
    expect(all[0]).toMatchObject({ name: 'third', access: 'READ_ONLY', rateLimitPerMinute: 120 });
  });

  it('answers a MEMBER and an API key of the org; NOT_FOUND to anyone else', async () => {
    const { orgId, ids, secret } = await orgWithKeys();
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');
    const outsider = await k.signedUp('Outsider');

    expect(expectData(await k.gql(API_KEYS, { orgId }, { token: member.idToken })).apiKeys).toHaveLength(2);
    expect(expectData(await k.gql(API_KEYS, { orgId }, { apiKey: secret })).apiKeys.map((key: { id: string }) => key.id)).toEqual([ids.third, ids.first]);
    expectError(await k.gql(API_KEYS, { orgId }, { token: outsider.user.idToken }), 'NOT_FOUND');
    expectError(await k.gql(API_KEYS, { orgId }, { apiKey: outsider.secret }), 'NOT_FOUND');
    expectError(await k.gql(API_KEYS, { orgId: newOrgId() }, { token: member.idToken }), 'NOT_FOUND');
    expectError(await k.gql(API_KEYS, { orgId }), 'UNAUTHENTICATED');
  });
});

describe('Organization.apiKeys(includeRevoked)', () => {
  it('lists and filters the same way as apiKeys', async () => {
    const { orgId, token, ids } = await orgWithKeys();
    const query = `query($id: ID!) { organization(id: $id) { active: apiKeys { id } all: apiKeys(includeRevoked: true) { id status } } }`;
    const org = expectData(await k.gql(query, { id: orgId }, { token })).organization;
    expect(org.active).toEqual([{ id: ids.third }, { id: ids.first }]);
    expect(org.all).toEqual([
      { id: ids.third, status: 'ACTIVE' },
      { id: ids.second, status: 'REVOKED' },
      { id: ids.first, status: 'ACTIVE' },
    ]);
  });

  it('reads the keys of a whole list of organizations with one query, not one per organization', async () => {
    const { user, orgId: first } = await k.signedUp('One');
    const others = [await k.signedUp('Two'), await k.signedUp('Three'), await k.signedUp('Four')];
    for (const o of others) await k.addMember(o.orgId, user, 'MEMBER');
    const connection = k.keyhold.services.db.connection;
    const reads: string[] = [];
    connection.set('debug', (collection: string, method: string) => {
      // Reads only: the background lastUsedAt flush may write to the collection meanwhile.
      if (collection === 'api_keys' && /^(find|aggregate|count)/.test(method)) reads.push(method);
    });
    try {
      const query = `{ organizations { id apiKeys(includeRevoked: true) { ${KEY_FIELDS} } revoked: apiKeys { id } } }`;
      const orgs = expectData(await k.gql(query, {}, { token: user.idToken })).organizations;
      expect(orgs).toHaveLength(4);
      expect(orgs.find((o: { id: string }) => o.id === first).apiKeys).toHaveLength(1);
    } finally {
      connection.set('debug', false);
    }
    expect(reads).toEqual(['find']);
  });
});

describe('currentKey', () => {
  it('answers an API key with itself, lastUsedAt included once a use has been flushed', async () => {
    const { secret, keyId, orgId } = await k.signedUp();
    const usedAt = new Date(k.clock.now()).toISOString();
    expect((await k.verify({ apiKey: secret })).status).toBe(200);
    await k.keyhold.services.lastUsed.flushDue();
    k.clock.advance(5_000);

    const key = expectData(await k.gql(CURRENT_KEY, {}, { apiKey: secret })).currentKey;

    expect(key).toMatchObject({ id: keyId, orgId, status: 'ACTIVE', lastUsedAt: usedAt, access: 'FULL_ACCESS' });
    expect((await k.models.apiKeys.findById(keyId).lean())?.lastUsedAt?.toISOString()).toBe(usedAt);
  });

  it('answers a Firebase user with null', async () => {
    const { user } = await k.signedUp();
    expect(expectData(await k.gql(CURRENT_KEY, {}, { token: user.idToken }))).toEqual({ currentKey: null });
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    expectError(await k.gql(CURRENT_KEY), 'UNAUTHENTICATED');
  });
});

describe('status', () => {
  it('turns EXPIRED when the clock reaches expiresAt, and /verify answers key_expired from then', async () => {
    const { user, orgId } = await k.signedUp();
    const expiresAt = fromNow(k, 3_600_000);
    const { secret, id } = await k.mint(user.idToken, { orgId, name: 'an hour', expiresAt });
    const statusOf = async () =>
      expectData(await k.gql(API_KEYS, { orgId }, { token: user.idToken })).apiKeys.find((key: { id: string }) => key.id === id).status;

    k.clock.advance(3_600_000 - 1);
    expect(await statusOf()).toBe('ACTIVE');
    expect((await k.verify({ apiKey: secret })).status).toBe(200);

    k.clock.advance(1);
    expect(await statusOf()).toBe('EXPIRED');
    const verified = await k.verify({ apiKey: secret });
    expect(verified.status).toBe(401);
    expect(verified.body.error.code).toBe('key_expired');
    expect(verified.headers.get('x-api-key-id')).toBe(id);
  });
});
