// Keyhold's own unique indexes, on the database Keyhold itself prepared at start: one key per
// hash (a key's secret verifies as exactly one key), one membership per person and org (a role
// is never ambiguous). Removing an index from its model, or the index creation at connect,
// makes the second write below succeed, and these tests fail.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/core/key-format.js';
import { newKeyId, newOrgId } from '../../src/core/ids.js';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();

const DUPLICATE_KEY = expect.objectContaining({ code: 11000 });

function keyDoc(hash: string, orgId = newOrgId()) {
  return {
    _id: newKeyId(),
    orgId,
    name: 'dup',
    prefix: 'sk_live_Ab3x',
    hash,
    access: 'FULL_ACCESS' as const,
    rateLimitPerMinute: 10,
    createdBy: 'uid',
    createdAt: new Date(),
  };
}

describe('api_keys', () => {
  it('refuses a second key with the same hash, even in another organization', async () => {
    const hash = hashApiKey(generateApiKey());
    await k.models.apiKeys.create(keyDoc(hash));

    await expect(k.models.apiKeys.create(keyDoc(hash))).rejects.toThrow(DUPLICATE_KEY);
    expect(await k.models.apiKeys.countDocuments({ hash }).exec()).toBe(1);
  });

  it('holds the unique hash index Keyhold created at start', async () => {
    const indexes = await k.models.apiKeys.collection.indexes();

    expect(indexes).toContainEqual(expect.objectContaining({ key: { hash: 1 }, unique: true }));
  });
});

describe('memberships', () => {
  it('refuses a second membership of one person in one org, whatever its role', async () => {
    const orgId = newOrgId();
    const uid = randomUUID();
    await k.models.memberships.create({ orgId, uid, role: 'MEMBER' });

    await expect(k.models.memberships.create({ orgId, uid, role: 'OWNER' })).rejects.toThrow(DUPLICATE_KEY);
    expect(await k.models.memberships.find({ orgId, uid }).lean().exec()).toEqual([expect.objectContaining({ role: 'MEMBER' })]);
  });

  it('lets one person join many orgs, and one org have many people', async () => {
    const orgId = newOrgId();
    const uid = randomUUID();
    await k.models.memberships.create({ orgId, uid, role: 'OWNER' });

    await k.models.memberships.create({ orgId: newOrgId(), uid, role: 'MEMBER' });
    await k.models.memberships.create({ orgId, uid: randomUUID(), role: 'MEMBER' });
    expect(await k.models.memberships.countDocuments({ $or: [{ orgId }, { uid }] }).exec()).toBe(3);
  });

  it('holds the unique (orgId, uid) index Keyhold created at start', async () => {
    const indexes = await k.models.memberships.collection.indexes();

    expect(indexes).toContainEqual(expect.objectContaining({ key: { orgId: 1, uid: 1 }, unique: true }));
  });
});
