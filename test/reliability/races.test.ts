// Concurrent writes that must not collide or duplicate: many mints and signups at once, many
// signups onto one existing organization, many revocations of one key.
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { newOrgId } from '../../src/core/ids.js';
import { errorCodes } from '../security/helpers.js';

// Per-caller GraphQL limits would refuse most of a burst from one person: not under test here.
const k = useKeyhold({ RATE_LIMIT_MINT_KEY: '1000/m', RATE_LIMIT_SIGNUP: '1000/h', RATE_LIMIT_REVOKE_KEY: '1000/m' });

const distinct = <T>(values: T[]) => new Set(values).size;

function expectAllSucceeded(results: { status: number; body: any }[]) {
  expect(results.map((r) => errorCodes(r.body))).toEqual(results.map(() => []));
  expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
}

/** Makes the server's clock tick on every reading, so writes made at different moments differ. */
function tickingClock(): () => void {
  const clock = k.clock as unknown as { now: () => number };
  let t = k.clock.now();
  clock.now = () => (t += 1);
  return () => {
    delete (clock as { now?: unknown }).now;
    k.clock.set(t);
  };
}

describe('50 concurrent mintKey calls', () => {
  it('make 50 keys with 50 ids, 50 hashes and 50 working secrets', async () => {
    const owner = await k.signedUp('Mint Race');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        k.gql(MINT, { input: { orgId: owner.orgId, name: `Race ${i}`, access: 'READ_ONLY' } }, { token: owner.user.idToken }),
      ),
    );
    expectAllSucceeded(results);
    const minted = results.map((r) => r.body.data.mintKey);
    expect(distinct(minted.map((m) => m.secret))).toBe(50);
    expect(distinct(minted.map((m) => m.apiKey.id))).toBe(50);

    const stored = await k.models.apiKeys.find({ orgId: owner.orgId }).lean().exec();
    expect(stored).toHaveLength(51);
    expect(distinct(stored.map((d) => d._id))).toBe(51);
    expect(distinct(stored.map((d) => d.hash))).toBe(51);

    for (const m of minted.slice(0, 5)) {
      const verified = await k.verify({ apiKey: m.secret });
      expect(verified.body.key_id).toBe(m.apiKey.id);
    }
  });
});

describe('20 concurrent signups', () => {
  it('make 20 organizations, each with exactly one OWNER and its own key', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => k.user()));
    const results = await Promise.all(users.map((u, i) => k.gql(SIGNUP, { input: { orgName: `Signup Race ${i}` } }, { token: u.idToken })));
    expectAllSucceeded(results);
    const signups = results.map((r) => r.body.data.signup);
    const orgIds = signups.map((s) => s.orgId);
    expect(distinct(orgIds)).toBe(20);
    expect(distinct(signups.map((s) => s.apiKey.id))).toBe(20);
    expect(distinct(signups.map((s) => s.webhookSecret))).toBe(20);

    const memberships = await k.models.memberships
      .find({ orgId: mongoose.trusted({ $in: orgIds }) })
      .lean()
      .exec();
    expect(memberships.map((m) => `${m.orgId}:${m.uid}:${m.role}`).sort()).toEqual(orgIds.map((id, i) => `${id}:${users[i]!.uid}:OWNER`).sort());
    const keys = await k.models.apiKeys
      .find({ orgId: mongoose.trusted({ $in: orgIds }) })
      .lean()
      .exec();
    expect(keys).toHaveLength(20);
    expect(distinct(keys.map((d) => d.hash))).toBe(20);
  });

  it('by one person make 20 organizations too', async () => {
    const user = await k.user();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => k.gql(SIGNUP, { input: { orgName: `Same person ${i}` } }, { token: user.idToken })));
    expectAllSucceeded(results);
    expect(distinct(results.map((r) => r.body.data.signup.orgId))).toBe(20);
    expect(await k.models.memberships.countDocuments({ uid: user.uid, role: 'OWNER' }).exec()).toBe(20);
  });
});

describe('concurrent signups onto one existing organization', () => {
  it('add no membership, all return the one webhook secret, and each mint a key', async () => {
    // An organization from before API access existed: no webhook secret yet, access off.
    const [owner, admin] = await Promise.all([k.user(), k.user()]);
    const orgId = newOrgId();
    await k.models.organizations.create({ _id: orgId, name: 'Existing', apiAccessEnabled: false, webhookSecretSealed: null });
    await k.addMember(orgId, owner, 'OWNER');
    await k.addMember(orgId, admin, 'ADMIN');

    const callers = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? owner : admin));
    const results = await Promise.all(callers.map((u) => k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: u.idToken })));
    expectAllSucceeded(results);
    const signups = results.map((r) => r.body.data.signup);
    expect(distinct(signups.map((s) => s.webhookSecret))).toBe(1);
    expect(signups.every((s) => s.orgId === orgId)).toBe(true);
    expect(distinct(signups.map((s) => s.apiKey.id))).toBe(20);

    const memberships = await k.models.memberships.find({ orgId }).lean().exec();
    expect(memberships.map((m) => `${m.uid}:${m.role}`).sort()).toEqual([`${owner.uid}:OWNER`, `${admin.uid}:ADMIN`].sort());
    const org = await k.models.organizations.findById(orgId).lean().exec();
    expect(org?.apiAccessEnabled).toBe(true);
    expect(org?.webhookSecretSealed).not.toContain(signups[0].webhookSecret);

    // A later signup still hands back that same secret: the first writer's.
    const later = await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: owner.idToken });
    expect(later.body.data.signup.webhookSecret).toBe(signups[0].webhookSecret);
  });
});

describe('20 concurrent revocations of one key', () => {
  it('set revokedAt once, and every answer carries that one time', async () => {
    const owner = await k.signedUp('Revoke Race');
    const restore = tickingClock();
    let results;
    try {
      results = await Promise.all(
        Array.from({ length: 20 }, () =>
          k.gql('mutation($id: ID!) { revokeKey(id: $id) { id status revokedAt } }', { id: owner.keyId }, { token: owner.user.idToken }),
        ),
      );
    } finally {
      restore();
    }
    expectAllSucceeded(results);
    const stored = await k.models.apiKeys.findById(owner.keyId).lean().exec();
    const revokedAt = stored!.revokedAt!.toISOString();
    expect(results.map((r) => r.body.data.revokeKey)).toEqual(results.map(() => ({ id: owner.keyId, status: 'REVOKED', revokedAt })));
    expect((await k.verify({ apiKey: owner.secret })).body.error.code).toBe('invalid_api_key');
  });
});
