import { describe, expect, it } from 'vitest';
import { disableUser, forgeToken, revokeTokens, TOKEN_FORGERIES } from '../support/firebase-tokens.js';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { CONTRACT_CODES, expectData, ORGANIZATION, ORGANIZATIONS, REVOKE } from './operations.js';

const k = useKeyhold();

/** A raw POST /graphql with any body. */
function post(body: string, headers: Record<string, string> = {}) {
  return k.http('POST', '/graphql', { headers: { 'content-type': 'application/json', ...headers }, body });
}

/** Every error carries exactly one contract code and nothing internal. */
function expectContractErrors(body: { errors?: any[] }): string[] {
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  return body.errors!.map((e) => {
    expect(CONTRACT_CODES).toContain(e.extensions?.code);
    // Only the code, and for some codes the field at fault or the seconds to wait: no stack, no http.
    expect(['code', 'field', 'retryAfter']).toEqual(expect.arrayContaining(Object.keys(e.extensions)));
    expect(JSON.stringify(e)).not.toMatch(/node_modules|at .+\.(ts|js):\d+/);
    return e.extensions.code as string;
  });
}

describe('documents GraphQL itself refuses are BAD_USER_INPUT', () => {
  it.each([
    ['a syntax error', '{ organizations { id '],
    ['an unknown field', '{ organizations { id secret } }'],
    ['an unknown root field', '{ keys { id } }'],
    ['a missing argument', '{ organization { id } }'],
    ['a missing selection set', '{ organizations }'],
    ['an argument of the wrong literal type', '{ apiKeys(orgId: "org_x", includeRevoked: "yes") { id } }'],
    ['an unknown enum value', 'mutation { mintKey(input: { orgId: "org_x", name: "n", access: ADMIN }) { secret } }'],
  ])('%s', async (_case, query) => {
    const user = await k.user();
    const res = await k.gql(query, {}, { token: user.idToken });
    expect(expectContractErrors(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.data ?? null).toBeNull();
  });

  it.each([
    ['of the wrong type', MINT, { input: { orgId: 'org_x', name: 'n', rateLimitPerMinute: 'many' } }],
    ['with an unknown input field', MINT, { input: { orgId: 'org_x', name: 'n', scopes: ['all'] } }],
    ['missing when required', MINT, {}],
    ['null for a non-null type', SIGNUP, { input: null }],
    ['an object where an ID goes', ORGANIZATION, { id: { $gt: '' } }],
    ['a bad DateTime', MINT, { input: { orgId: 'org_x', name: 'n', expiresAt: '2030-13-45' } }],
  ])('a variable %s', async (_case, query, variables) => {
    const user = await k.user();
    const res = await k.gql(query, variables, { token: user.idToken });
    expect(expectContractErrors(res.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('a body without a query, a body that is not JSON, and a batch', async () => {
    for (const body of ['{}', '{"query": ', '[{"query":"{ organizations { id } }"}]', '{"query": 42}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(expectContractErrors(res.body)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('a mutation over GET, and a simple (CSRF-prone) request', async () => {
    const mutation = encodeURIComponent('mutation { revokeKey(id: "key_x") { id } }');
    const overGet = await k.http('GET', `/graphql?query=${mutation}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(overGet.status).toBe(405);
    expect(expectContractErrors(overGet.body)).toEqual(['BAD_USER_INPUT']);
    const simple = await post('{"query":"{ organizations { id } }"}', { 'content-type': 'text/plain' });
    expect(simple.status).toBe(400);
    expect(expectContractErrors(simple.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('an operation name the document does not define', async () => {
    const res = await post(JSON.stringify({ query: 'query A { organizations { id } }', operationName: 'B' }));
    expect(expectContractErrors(res.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('a document nested past the depth limit', async () => {
    const nested = (depth: number) => `{ __type(name: "ApiKey") { fields { type ${'{ ofType '.repeat(depth)}{ name }${' }'.repeat(depth)} } } }`;
    const token = (await k.user()).idToken;
    expectData(await k.gql(nested(5), {}, { token }));
    const res = await k.gql(nested(12), {}, { token });
    expect(expectContractErrors(res.body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('credentials GraphQL refuses are UNAUTHENTICATED', () => {
  it.each(TOKEN_FORGERIES)('an ID token that is %s', async (forgery) => {
    const user = await k.user();
    const token = forgeToken(user.idToken, forgery);
    k.secrets.add(token);
    const res = await k.gql(ORGANIZATIONS, {}, { token });
    expect(expectContractErrors(res.body)).toEqual(['UNAUTHENTICATED']);
    expect(res.status).toBe(401);
  });

  it('a revoked or disabled person’s token, on every mutation', async () => {
    const revoked = await k.signedUp('Revoked');
    const disabled = await k.signedUp('Disabled');
    await revokeTokens({ ...k.emulator, uid: revoked.user.uid });
    await disableUser({ ...k.emulator, uid: disabled.user.uid });
    for (const s of [revoked, disabled]) {
      const token = s.user.idToken;
      const failing = [
        await k.gql(SIGNUP, { input: { orgName: 'Again' } }, { token }),
        await k.gql(MINT, { input: { orgId: s.orgId, name: 'more' } }, { token }),
        await k.gql(REVOKE, { id: s.keyId }, { token }),
      ];
      expect(failing.map((res) => expectContractErrors(res.body))).toEqual([['UNAUTHENTICATED'], ['UNAUTHENTICATED'], ['UNAUTHENTICATED']]);
      expect((await k.verify({ apiKey: s.secret })).status).toBe(200);
    }
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer two words'], ['bearer']])('an Authorization header %j', async (authorization) => {
    const res = await k.gql(ORGANIZATIONS, {}, { headers: { authorization } });
    expect(expectContractErrors(res.body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('every refusal carries exactly one contract code', () => {
  it('across a mix of failing operations', async () => {
    const { user, orgId, secret } = await k.signedUp();
    const token = user.idToken;
    const failing = [
      await k.gql(ORGANIZATIONS),
      await k.gql(SIGNUP, { input: {} }, { token }),
      await k.gql(SIGNUP, { input: { orgName: 'x' } }, { apiKey: secret }),
      await k.gql(MINT, { input: { orgId: 'org_nope', name: 'x' } }, { token }),
      await k.gql(MINT, { input: { orgId, name: 'x', rateLimitPerMinute: 0 } }, { token }),
      await k.gql('{ nope }', {}, { token }),
    ];
    expect(failing.map((res) => expectContractErrors(res.body))).toEqual([
      ['UNAUTHENTICATED'],
      ['BAD_USER_INPUT'],
      ['FORBIDDEN'],
      ['NOT_FOUND'],
      ['BAD_USER_INPUT'],
      ['BAD_USER_INPUT'],
    ]);
  });

  it('with a partial result when one of several fields fails', async () => {
    const { user, orgId } = await k.signedUp('Partial');
    const query = `query($mine: ID!, $other: ID!) { mine: organization(id: $mine) { id } other: organization(id: $other) { id } }`;
    const res = await k.gql(query, { mine: orgId, other: 'org_someone_else' }, { token: user.idToken });
    expect(res.body.data).toEqual({ mine: { id: orgId }, other: null });
    expect(expectContractErrors(res.body)).toEqual(['NOT_FOUND']);
    expect(res.body.errors![0].path).toEqual(['other']);
  });
});

describe.skipIf(Boolean(process.env.MONGODB_URI))('an unreachable database', () => {
  it('is UNAVAILABLE, never UNAUTHENTICATED or NOT_FOUND', async () => {
    const { user, orgId, secret } = await k.signedUp('Outage');
    await k.keyhold.embedded!.stop();
    try {
      const asUser = await k.gql(ORGANIZATION, { id: orgId }, { token: user.idToken });
      expect(expectContractErrors(asUser.body)).toEqual(['UNAVAILABLE']);
      const asKey = await k.gql(ORGANIZATIONS, {}, { apiKey: secret });
      expect(expectContractErrors(asKey.body)).toEqual(['UNAVAILABLE']);
      expect(JSON.stringify([asUser.body, asKey.body])).not.toMatch(/Mongo|ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      await k.keyhold.embedded!.restart();
    }
  });
});
