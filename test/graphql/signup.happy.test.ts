import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeyhold, SIGNUP, type TestKeyhold } from '../support/harness.js';

let k: TestKeyhold;
beforeAll(async () => {
  k = await startTestKeyhold();
});
afterAll(async () => {
  await k.close();
});

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
