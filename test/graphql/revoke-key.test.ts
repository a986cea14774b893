import { describe, expect, it } from 'vitest';
import { newKeyId } from '../../src/core/ids.js';
import { useKeyhold } from '../support/harness.js';
import { expectData, expectError, REVOKE } from './operations.js';

const k = useKeyhold();

async function revokedAtInDb(keyId: string): Promise<Date | null | undefined> {
  return (await k.models.apiKeys.findById(keyId).lean())?.revokedAt;
}

describe('revokeKey', () => {
  it('revokes at once: /verify answers invalid_api_key right after, even with the key cached', async () => {
    const { user, orgId, secret, keyId } = await k.signedUp();
    // Verified twice first, so the key sits in the lookup cache when it is revoked.
    expect((await k.verify({ apiKey: secret })).status).toBe(200);
    expect((await k.verify({ apiKey: secret })).status).toBe(200);

    const revoked = expectData(await k.gql(REVOKE, { id: keyId }, { token: user.idToken })).revokeKey;

    expect(revoked).toMatchObject({ id: keyId, orgId, status: 'REVOKED', revokedAt: new Date(k.clock.now()).toISOString() });
    const res = await k.verify({ apiKey: secret });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.any(String) } });
  });

  it('is idempotent: a second call answers the same key with its first revokedAt', async () => {
    const { user, keyId } = await k.signedUp();
    const first = expectData(await k.gql(REVOKE, { id: keyId }, { token: user.idToken })).revokeKey;
    const firstAt = new Date(k.clock.now()).toISOString();
    k.clock.advance(90_000);

    const second = expectData(await k.gql(REVOKE, { id: keyId }, { token: user.idToken })).revokeKey;

    expect(first.revokedAt).toBe(firstAt);
    expect(second).toEqual(first);
    expect((await revokedAtInDb(keyId))?.toISOString()).toBe(firstAt);
  });

  it('lets an ADMIN revoke, and leaves the org’s other keys working', async () => {
    const { user, orgId, secret, keyId } = await k.signedUp();
    const other = await k.mint(user.idToken, { orgId, name: 'survivor' });
    const admin = await k.user();
    await k.addMember(orgId, admin, 'ADMIN');

    expect(expectData(await k.gql(REVOKE, { id: keyId }, { token: admin.idToken })).revokeKey.status).toBe('REVOKED');
    expect((await k.verify({ apiKey: secret })).status).toBe(401);
    expect((await k.verify({ apiKey: other.secret })).status).toBe(200);
  });
});

describe('revokeKey, refused', () => {
  /** Asserts the call failed with `code` and the key still works. */
  async function refused(keyId: string, secret: string, creds: { token?: string; apiKey?: string }, code: string) {
    const error = expectError(await k.gql(REVOKE, { id: keyId }, creds), code);
    expect(await revokedAtInDb(keyId)).toBeNull();
    expect((await k.verify({ apiKey: secret })).status).toBe(200);
    return error;
  }

  it('is FORBIDDEN to a MEMBER', async () => {
    const { orgId, secret, keyId } = await k.signedUp();
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');
    const error = await refused(keyId, secret, { token: member.idToken }, 'FORBIDDEN');
    expect(error.message).toBe('Only an OWNER or ADMIN of the organization can do that.');
  });

  it('answers NOT_FOUND for a key of another org, an unknown key and a junk id alike', async () => {
    const victim = await k.signedUp('Victim');
    const attacker = await k.signedUp('Attacker');
    const token = attacker.user.idToken;
    const messages = [
      (await refused(victim.keyId, victim.secret, { token }, 'NOT_FOUND')).message,
      expectError(await k.gql(REVOKE, { id: newKeyId() }, { token }), 'NOT_FOUND').message,
      expectError(await k.gql(REVOKE, { id: 'key_nope' }, { token }), 'NOT_FOUND').message,
      expectError(await k.gql(REVOKE, { id: victim.orgId }, { token }), 'NOT_FOUND').message,
    ];
    expect(new Set(messages).size).toBe(1);
  });

  it('is FORBIDDEN to an API key, even for itself', async () => {
    const { secret, keyId } = await k.signedUp();
    await refused(keyId, secret, { apiKey: secret }, 'FORBIDDEN');
  });

  it('is FORBIDDEN to an API key for a key of another org too, so keys cannot probe ids', async () => {
    const victim = await k.signedUp('Victim');
    const { secret } = await k.signedUp('Prober');
    await refused(victim.keyId, victim.secret, { apiKey: secret }, 'FORBIDDEN');
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    const { secret, keyId } = await k.signedUp();
    await refused(keyId, secret, {}, 'UNAUTHENTICATED');
  });
});
