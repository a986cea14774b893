import { describe, expect, it } from 'vitest';
import { newOrgId } from '../../src/core/ids.js';
import { SIGNUP, useKeyhold } from '../support/harness.js';
import { counts, expectError, seedOrg } from './operations.js';

const k = useKeyhold();

/** Calls signup and asserts it failed with `code` and wrote nothing at all. */
async function refused(input: Record<string, unknown>, creds: { token?: string; apiKey?: string }, code: string) {
  const before = await counts(k);
  const res = await k.gql(SIGNUP, { input }, creds);
  const error = expectError(res, code);
  expect(res.body.data ?? null).toBeNull();
  expect(await counts(k)).toEqual(before);
  return error;
}

describe('signup input', () => {
  it('needs exactly one of orgName and existingOrgId', async () => {
    const user = await k.user();
    const orgId = await seedOrg(k);
    await k.addMember(orgId, user, 'OWNER');
    const token = user.idToken;

    const neither = await refused({}, { token }, 'BAD_USER_INPUT');
    expect(neither.message).toBe('Give exactly one of orgName and existingOrgId.');
    await refused({ orgName: null, existingOrgId: null }, { token }, 'BAD_USER_INPUT');
    await refused({ orgName: 'Both', existingOrgId: orgId }, { token }, 'BAD_USER_INPUT');
    expect((await k.models.organizations.findById(orgId).lean())?.apiAccessEnabled).toBe(false);
  });

  it.each([
    ['empty', '', /must not be empty/],
    ['only spaces once trimmed', '   \t  ', /must not be empty/],
    ['101 characters', 'x'.repeat(101), /at most 100 characters/],
    ['101 characters after trimming', ` ${'🔑'.repeat(101)} `, /at most 100 characters/],
    ['a newline inside', 'Acme\nRobotics', /control characters/],
    ['a NUL', 'Acme\u0000', /control characters/],
    ['a bell', 'Ac\u0007me', /control characters/],
    ['DEL', 'Acme\u007f', /control characters/],
    ['a C1 control', 'Acme\u0085Co', /control characters/],
    ['a line separator', 'Acme\u2028Co', /control characters/],
  ])('refuses an orgName that is %s, writing nothing', async (_case, orgName, message) => {
    const user = await k.user();
    const error = await refused({ orgName }, { token: user.idToken }, 'BAD_USER_INPUT');
    expect(error.message).toMatch(message);
    expect(error.extensions.field).toBe('orgName');
  });

  it('refuses an orgName that is not a string', async () => {
    const user = await k.user();
    await refused({ orgName: 42 }, { token: user.idToken }, 'BAD_USER_INPUT');
  });
});

describe('signup with existingOrgId, refused', () => {
  it('is FORBIDDEN to a MEMBER of the org, and leaves API access off', async () => {
    const orgId = await seedOrg(k);
    const member = await k.user();
    await k.addMember(orgId, member, 'MEMBER');

    await refused({ existingOrgId: orgId }, { token: member.idToken }, 'FORBIDDEN');
    expect(await k.models.organizations.findById(orgId).lean()).toMatchObject({ apiAccessEnabled: false, webhookSecretSealed: null });
  });

  it('answers NOT_FOUND alike for an org the caller is not in, an unknown org, and a junk id', async () => {
    const orgId = await seedOrg(k);
    const stranger = await k.user();
    const token = stranger.idToken;
    const messages = [
      (await refused({ existingOrgId: orgId }, { token }, 'NOT_FOUND')).message,
      (await refused({ existingOrgId: newOrgId() }, { token }, 'NOT_FOUND')).message,
      (await refused({ existingOrgId: 'not-an-org' }, { token }, 'NOT_FOUND')).message,
      (await refused({ existingOrgId: `${orgId} ` }, { token }, 'NOT_FOUND')).message,
    ];
    expect(new Set(messages).size).toBe(1);
    expect((await k.models.organizations.findById(orgId).lean())?.apiAccessEnabled).toBe(false);
  });

  it('answers NOT_FOUND to a member of another org, without revealing that the org exists', async () => {
    const other = await k.signedUp('Other');
    const orgId = await seedOrg(k);
    await refused({ existingOrgId: orgId }, { token: other.user.idToken }, 'NOT_FOUND');
  });
});

describe('signup by who is calling', () => {
  it('is FORBIDDEN to an API key, even one of the org named', async () => {
    const { orgId, secret } = await k.signedUp('Keyed');
    const error = await refused({ existingOrgId: orgId }, { apiKey: secret }, 'FORBIDDEN');
    expect(error.message).toMatch(/API keys cannot call this mutation/);
    await refused({ orgName: 'By a key' }, { apiKey: secret }, 'FORBIDDEN');
  });

  it('is UNAUTHENTICATED without a credential', async () => {
    const res = await k.gql(SIGNUP, { input: { orgName: 'Nobody' } });
    expectError(res, 'UNAUTHENTICATED');
  });

  it('is UNAUTHENTICATED with a token that is not a valid ID token', async () => {
    await refused({ orgName: 'Forged' }, { token: 'not-a-real-token' }, 'UNAUTHENTICATED');
  });
});
