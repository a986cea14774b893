// revokeKey never tells whether a key id exists: another organization's key and an id that
// names nothing are answered by the same path, the same database operations in the same order,
// so neither the answer nor its timing sets them apart.
import { describe, expect, it } from 'vitest';
import { newKeyId } from '../../src/core/ids.js';
import { useKeyhold } from '../support/harness.js';
import { recordOperations, requestOps } from '../verify/support.js';

const k = useKeyhold({ RATE_LIMIT_REVOKE_KEY: '1000/m' });
const REVOKE = 'mutation($id: ID!) { revokeKey(id: $id) { id status } }';

/** The answer to revokeKey(id) by `token`, and the database operations it took. */
async function revoke(token: string, id: string) {
  const recorder = recordOperations(k);
  try {
    const res = await k.gql(REVOKE, { id }, { token });
    return { body: res.body as { data?: any; errors?: any[] }, ops: requestOps(recorder.ops).map((op) => `${op.collection}.${op.method}`) };
  } finally {
    recorder.stop();
  }
}

describe("revokeKey by someone outside the key's organization", () => {
  it("takes the same path for another org's key as for an unknown id", async () => {
    const stranger = await k.signedUp('Stranger Co');
    const victim = await k.signedUp('Victim Co');

    const elsewhere = await revoke(stranger.user.idToken, victim.keyId);
    const nowhere = await revoke(stranger.user.idToken, newKeyId());

    expect(elsewhere.body).toEqual(nowhere.body);
    expect(elsewhere.body.errors![0].extensions.code).toBe('NOT_FOUND');
    expect(elsewhere.ops).toEqual(nowhere.ops);
    expect((await k.models.apiKeys.findById(victim.keyId).lean().exec())?.revokedAt).toBeNull();
  });

  it('the same for someone in no organization at all', async () => {
    const nobody = await k.user();
    const victim = await k.signedUp('Victim Again');

    const elsewhere = await revoke(nobody.idToken, victim.keyId);
    const nowhere = await revoke(nobody.idToken, newKeyId());

    expect(elsewhere.body).toEqual(nowhere.body);
    expect(elsewhere.ops).toEqual(nowhere.ops);
  });

  it("while a MEMBER of the key's organization is still told FORBIDDEN, and an ADMIN revokes", async () => {
    const owner = await k.signedUp('Home Co');
    const [member, admin] = await Promise.all([k.user(), k.user()]);
    await k.addMember(owner.orgId, member, 'MEMBER');
    await k.addMember(owner.orgId, admin, 'ADMIN');

    expect((await revoke(member.idToken, owner.keyId)).body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await revoke(admin.idToken, owner.keyId)).body.data!.revokeKey).toEqual({ id: owner.keyId, status: 'REVOKED' });
  });
});
