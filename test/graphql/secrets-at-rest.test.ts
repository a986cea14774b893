import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { SIGNUP, useKeyhold } from '../support/harness.js';
import { expectData, REVOKE, seedOrg } from './operations.js';

const k = useKeyhold();
const handedOut = { keys: new Map<string, string>(), webhooks: new Map<string, string>() };

/** A run through every path that hands out a secret, recording each secret and whose it is. */
async function exerciseEverySecretPath(): Promise<void> {
  const a = await k.signedUp('At rest');
  handedOut.keys.set(a.secret, a.keyId);
  handedOut.webhooks.set(a.orgId, a.webhookSecret);
  const readOnly = await k.mint(a.user.idToken, { orgId: a.orgId, name: 'reader', access: 'READ_ONLY' });
  const expiring = await k.mint(a.user.idToken, { orgId: a.orgId, name: 'expiring', expiresAt: new Date(k.clock.now() + 60_000).toISOString() });
  handedOut.keys.set(readOnly.secret, readOnly.id);
  handedOut.keys.set(expiring.secret, expiring.id);

  const legacy = await seedOrg(k);
  await k.addMember(legacy, a.user, 'ADMIN');
  for (let i = 0; i < 2; i++) {
    const s = expectData(await k.gql(SIGNUP, { input: { existingOrgId: legacy } }, { token: a.user.idToken })).signup;
    handedOut.keys.set(s.secret, s.apiKey.id);
    handedOut.webhooks.set(legacy, s.webhookSecret);
  }

  for (const secret of handedOut.keys.keys()) await k.verify({ apiKey: secret });
  expectData(await k.gql(REVOKE, { id: readOnly.id }, { token: a.user.idToken }));
  await k.keyhold.services.lastUsed.flushDue();
}

beforeAll(async () => {
  await exerciseEverySecretPath();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Every stored string, and every stored key name, of every collection, read without mongoose. */
async function rawDump(): Promise<{ collections: string[]; text: string }> {
  const db = k.keyhold.services.db.connection.db!;
  const collections = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const docs = [];
  for (const name of collections) docs.push(...(await db.collection(name).find({}).toArray()));
  return { collections, text: JSON.stringify(docs) };
}

describe('what the database holds', () => {
  it('records the run under test', () => {
    expect(handedOut.keys.size).toBe(5);
    expect(handedOut.webhooks.size).toBe(2);
    expect([...k.secrets].filter((s) => s.startsWith('sk_live_')).sort()).toEqual([...handedOut.keys.keys()].sort());
  });

  it('never contains a handed-out sk_live_ or whsec_ secret, whole or without its prefix', async () => {
    const { collections, text } = await rawDump();
    expect(collections).toEqual(expect.arrayContaining(['api_keys', 'memberships', 'organizations']));
    const models = JSON.stringify([await k.models.organizations.find().lean(), await k.models.memberships.find().lean(), await k.models.apiKeys.find().lean()]);
    const secrets = [...k.secrets].filter((s) => /^(sk_live_|whsec_)/.test(s));
    expect(secrets).toHaveLength(handedOut.keys.size + handedOut.webhooks.size);
    for (const secret of secrets) {
      const random = secret.replace(/^(sk_live_|whsec_)/, '');
      for (const dump of [text, models]) {
        expect(dump.includes(secret)).toBe(false);
        expect(dump.includes(random)).toBe(false);
      }
    }
    expect(text).not.toMatch(/sk_live_[A-Za-z0-9]{28}|whsec_[A-Za-z0-9]{32}|eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it('keeps, per key, only sha256(secret) as lowercase hex and the 12-character prefix', async () => {
    for (const [secret, id] of handedOut.keys) {
      const doc = await k.models.apiKeys.findById(id).lean();
      expect(doc?.hash).toBe(sha256(secret));
      expect(doc?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(doc?.prefix).toBe(secret.slice(0, 12));
    }
    expect(await k.models.apiKeys.countDocuments()).toBe(handedOut.keys.size);
  });

  it('keeps each webhook secret as AES-GCM ciphertext that opens to it, only for its own org', async () => {
    const box = new SecretBox(k.keyhold.services.config.secretsKey.key);
    const [first, second] = [...handedOut.webhooks.keys()];
    for (const [orgId, webhookSecret] of handedOut.webhooks) {
      const sealed = (await k.models.organizations.findById(orgId).lean())?.webhookSecretSealed;
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain(webhookSecret.slice(6));
      expect(box.open(sealed!, orgId)).toBe(webhookSecret);
      expect(() => box.open(sealed!, orgId === first ? second : first)).toThrow(/failed authentication/);
    }
  });
});
