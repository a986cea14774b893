import { describe, expect, it } from 'vitest';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { counts, expectData, expectError, seedOrg } from './operations.js';

const k = useKeyhold();

describe('signup with orgName', () => {
  it('gives a signed-in person an organization, a working key shown once, and a webhook secret', async () => {
    const user = await k.user();
    const res = await k.gql(SIGNUP, { input: { orgName: '  Acme Robotics  ' } }, { token: user.idToken });

    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const s = res.body.data!.signup;
    expect(s.orgId).toMatch(/^org_[A-Za-z0-9]{20}$/);
    expect(s.secret).toMatch(/^sk_live_[A-Za-z0-9]{28}$/);
    expect(s.webhookSecret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(s.apiKey).toMatchObject({
      orgId: s.orgId,
      prefix: s.secret.slice(0, 12),
      access: 'FULL_ACCESS',
      status: 'ACTIVE',
      rateLimitPerMinute: 20,
      createdBy: user.uid,
      expiresAt: null,
      revokedAt: null,
    });

    const verified = await k.verify({ apiKey: s.secret });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({
      valid: true,
      key_id: s.apiKey.id,
      org_id: s.orgId,
      name: s.apiKey.name,
      access: 'full_access',
      expires_at: null,
    });

    const orgs = await k.gql('{ organizations { id name role } }', {}, { token: user.idToken });
    expect(orgs.body.data!.organizations).toEqual([{ id: s.orgId, name: 'Acme Robotics', role: 'OWNER' }]);
  });
});

describe('signup with orgName', () => {
  it('writes exactly one organization, one OWNER membership and one key', async () => {
    const before = await counts(k);
    const { user, orgId, keyId } = await k.signedUp('Counted Inc');

    expect(await counts(k)).toEqual({
      organizations: before.organizations + 1,
      memberships: before.memberships + 1,
      apiKeys: before.apiKeys + 1,
    });
    const members = await k.models.memberships.find({ orgId }).lean();
    expect(members.map((m) => ({ uid: m.uid, role: m.role }))).toEqual([{ uid: user.uid, role: 'OWNER' }]);
    const org = await k.models.organizations.findById(orgId).lean();
    expect(org).toMatchObject({ name: 'Counted Inc', apiAccessEnabled: true });
    expect((await k.models.apiKeys.findById(keyId).lean())?.orgId).toBe(orgId);
  });

  it('accepts a name of exactly 100 characters after trimming, counted as characters not bytes', async () => {
    const user = await k.user();
    const name = '🔑'.repeat(50) + 'x'.repeat(50);
    const res = await k.gql(SIGNUP, { input: { orgName: `\t ${name} \n` } }, { token: user.idToken });
    const { orgId } = expectData(res).signup;
    expect((await k.models.organizations.findById(orgId).lean())?.name).toBe(name);
  });
});

describe('signup with existingOrgId', () => {
  /** A pre-existing org without API access or a webhook secret, and a person with `role` in it. */
  async function legacyOrg(role: 'OWNER' | 'ADMIN') {
    const orgId = await seedOrg(k);
    const user = await k.user();
    await k.addMember(orgId, user, role);
    return { orgId, user };
  }

  for (const role of ['OWNER', 'ADMIN'] as const) {
    it(`lets an ${role} turn API access on: a key and a new webhook secret, no new org or membership`, async () => {
      const { orgId, user } = await legacyOrg(role);
      const before = await counts(k);

      const res = await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: user.idToken });

      const s = expectData(res).signup;
      expect(s.orgId).toBe(orgId);
      expect(s.secret).toMatch(/^sk_live_[A-Za-z0-9]{28}$/);
      expect(s.webhookSecret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
      expect(s.apiKey).toMatchObject({ orgId, access: 'FULL_ACCESS', status: 'ACTIVE', rateLimitPerMinute: 20, createdBy: user.uid });
      expect(await counts(k)).toEqual({ ...before, apiKeys: before.apiKeys + 1 });
      const org = await k.models.organizations.findById(orgId).lean();
      expect(org?.apiAccessEnabled).toBe(true);
      expect(org?.webhookSecretSealed).toEqual(expect.any(String));
      expect((await k.verify({ apiKey: s.secret })).body).toMatchObject({ valid: true, key_id: s.apiKey.id, org_id: orgId });
    });
  }

  it('returns the same webhook secret every time, to every manager, with a new key each time', async () => {
    const { orgId, user: owner } = await legacyOrg('OWNER');
    const admin = await k.user();
    await k.addMember(orgId, admin, 'ADMIN');

    const first = expectData(await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: owner.idToken })).signup;
    const again = expectData(await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: owner.idToken })).signup;
    const byAdmin = expectData(await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: admin.idToken })).signup;

    expect(again.webhookSecret).toBe(first.webhookSecret);
    expect(byAdmin.webhookSecret).toBe(first.webhookSecret);
    expect(new Set([first.secret, again.secret, byAdmin.secret]).size).toBe(3);
    expect(new Set([first.apiKey.id, again.apiKey.id, byAdmin.apiKey.id]).size).toBe(3);
    expect(byAdmin.apiKey.createdBy).toBe(admin.uid);
  });

  it('returns the webhook secret the org got at its own signup', async () => {
    const { user, orgId, webhookSecret } = await k.signedUp('Original');
    const res = await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: user.idToken });
    expect(expectData(res).signup.webhookSecret).toBe(webhookSecret);
  });

  it('is what turns mintKey on for an org without API access', async () => {
    const { orgId, user } = await legacyOrg('OWNER');
    const refused = await k.gql(MINT, { input: { orgId, name: 'too early' } }, { token: user.idToken });
    expect(expectError(refused, 'FORBIDDEN').message).toMatch(/API access/);

    expectData(await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: user.idToken }));
    const minted = await k.gql(MINT, { input: { orgId, name: 'now' } }, { token: user.idToken });
    expect(expectData(minted).mintKey.apiKey.orgId).toBe(orgId);
  });
});
