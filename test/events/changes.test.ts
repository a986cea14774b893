// Every change records one event, with who made it, from where, and the request id the caller
// saw; concurrent attempts at one change record it once; no event holds a secret.
import { describe, expect, it } from 'vitest';
import type { EventDoc } from '../../src/events/event.model.js';
import { REVOKE, seedOrg } from '../graphql/operations.js';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';

const k = useKeyhold();

const eventsOf = (orgId: string) => k.models.events.find({ orgId }).sort({ recordedAt: 1, _id: 1 }).lean<EventDoc[]>().exec();

describe('events of the changes phase 1 makes', () => {
  it('signup records org.created and key.minted, with the caller, its address and the X-Request-Id it saw', async () => {
    const user = await k.user();
    const res = await k.gql(SIGNUP, { input: { orgName: 'Evented' } }, { token: user.idToken, headers: { 'user-agent': 'keyhold-test/1.0' } });
    const { orgId, apiKey } = res.body.data!.signup;
    const events = await eventsOf(orgId);
    expect(events.map((e) => e.action).sort()).toEqual(['key.minted', 'org.created']);
    for (const e of events) {
      expect(e).toMatchObject({
        actor: { type: 'USER', id: user.uid },
        ip: '127.0.0.1',
        userAgent: 'keyhold-test/1.0',
        requestId: res.headers.get('x-request-id'),
        audit: true,
      });
    }
    const minted = events.find((e) => e.action === 'key.minted')!;
    expect(minted.target).toEqual({ type: 'api_key', id: apiKey.id });
    expect(minted.webhook).toEqual({
      type: 'key.created',
      data: {
        key_id: apiKey.id,
        org_id: orgId,
        project_id: null,
        name: 'Default key',
        prefix: apiKey.prefix,
        access: 'full_access',
        status: 'active',
        expires_at: null,
        actor: { type: 'user', id: user.uid },
      },
    });
    expect(events.find((e) => e.action === 'org.created')).toMatchObject({ target: { type: 'organization', id: orgId }, webhook: null });
  });

  it('signup on an existing organization records api.enabled once, when it turns access on', async () => {
    const owner = await k.user();
    const orgId = await seedOrg(k);
    await k.addMember(orgId, owner, 'OWNER');
    await Promise.all([0, 1, 2].map(() => k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: owner.idToken })));
    await k.gql(SIGNUP, { input: { existingOrgId: orgId } }, { token: owner.idToken });
    const actions = (await eventsOf(orgId)).map((e) => e.action);
    expect(actions.filter((a) => a === 'api.enabled')).toHaveLength(1);
    expect(actions.filter((a) => a === 'key.minted')).toHaveLength(4);
  });

  it('mintKey records key.minted; revoking a key at once from several requests records key.revoked once', async () => {
    const { user, orgId } = await k.signedUp('Revokers');
    const res = await k.gql(MINT, { input: { orgId, name: 'Doomed', access: 'READ_ONLY' } }, { token: user.idToken });
    const { id } = res.body.data!.mintKey.apiKey;
    await Promise.all([0, 1, 2, 3].map(() => k.gql(REVOKE, { id }, { token: user.idToken })));
    const events = await eventsOf(orgId);
    expect(events.filter((e) => e.target?.id === id).map((e) => e.action)).toEqual(['key.minted', 'key.revoked']);
    expect(events.find((e) => e.action === 'key.revoked')!.webhook?.data).toMatchObject({ key_id: id, status: 'revoked', access: 'read_only' });
  });

  it('a refused call records no change', async () => {
    const { orgId } = await k.signedUp('Guarded');
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');
    const before = (await eventsOf(orgId)).filter((e) => e.action !== 'access.denied').length;
    const res = await k.gql(MINT, { input: { orgId, name: 'Nope' } }, { token: member.idToken });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await eventsOf(orgId)).filter((e) => e.action !== 'access.denied')).toHaveLength(before);
  });

  it('no event carries a secret: keys appear by id and prefix, never whole, nor any webhook secret', async () => {
    const { user, orgId, secret, webhookSecret } = await k.signedUp('Secretive');
    const minted = await k.mint(user.idToken, { orgId, name: 'Another' });
    const stored = JSON.stringify(await eventsOf(orgId));
    for (const s of [secret, webhookSecret, minted.secret]) expect(stored).not.toContain(s);
    expect(stored).not.toMatch(/sk_live_[A-Za-z0-9]{13,}|whsec_/);
  });
});
