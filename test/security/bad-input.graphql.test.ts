// Bad input at /graphql: every malformed, oversized, abusive or mistyped request is a clear
// BAD_USER_INPUT (or NOT_FOUND for an id that names nothing), never a 5xx, and writes nothing.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { MINT, SIGNUP, startTestKeyhold, type TestKeyhold, useKeyhold } from '../support/harness.js';
import { countDocuments, errorCodes, gqlBody, type DocumentCounts } from './helpers.js';

// One owner sends every request here: per-caller GraphQL limits are not what is under test.
const k = useKeyhold({ RATE_LIMIT_SIGNUP: '1000/h', RATE_LIMIT_MINT_KEY: '1000/m' });
let owner: Awaited<ReturnType<TestKeyhold['signedUp']>>;
let before: DocumentCounts;

beforeAll(async () => {
  owner = await k.signedUp('Bad Input Inc');
});
beforeEach(async () => {
  before = await countDocuments(k);
});

const json = { 'content-type': 'application/json' };
const asOwner = () => ({ authorization: `Bearer ${owner.user.idToken}` });
const post = (body: string, headers: Record<string, string> = {}) => k.http('POST', '/graphql', { headers: { ...json, ...asOwner(), ...headers }, body });
const aliased = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

async function expectRefused(res: { status: number; body: any }, status: number, message?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors.length).toBeGreaterThan(0);
  expect(new Set(errorCodes(res.body))).toEqual(new Set(['BAD_USER_INPUT']));
  if (message) expect(res.body.errors[0].message).toMatch(message);
  expect(await countDocuments(k)).toEqual(before);
}

describe('request bodies', () => {
  it.each([
    ['truncated JSON', '{"query": '],
    ['a bare brace', '{'],
    ['not JSON at all', 'mutation { signup(input: {orgName: "x"}) { orgId } }'],
    ['JSON with a trailing comma', '{"query":"mutation { signup(input: {orgName: \\"x\\"}) { orgId } }",}'],
  ])('%s is 400 BAD_USER_INPUT "not valid JSON"', async (_name, body) => {
    await expectRefused(await post(body), 400, /^The request body is not valid JSON\.$/);
  });

  it('a body over 1 MB is 413 and the mutation in it never runs', async () => {
    const body = JSON.stringify({ query: SIGNUP, variables: { input: { orgName: 'Big' } }, padding: 'x'.repeat(1024 * 1024) });
    await expectRefused(await post(body), 413, /^The request body is too large\.$/);
  });

  it('a batched body (a JSON array of operations) is refused whole', async () => {
    const op = { query: SIGNUP, variables: { input: { orgName: 'Batched' } } };
    await expectRefused(await post(JSON.stringify([op, op])), 400, /batching disabled/i);
  });

  it('a body with no query is 400', async () => {
    await expectRefused(await post('{"variables":{}}'), 400);
  });
});

describe('document limits refuse abuse before anything runs', () => {
  const signupField = 'signup(input: {orgName: "Flood"}) { orgId }';

  it('2,000 aliased signups (100 KB) are refused by the query-length limit before parsing', async () => {
    await expectRefused(await post(gqlBody(`mutation { ${aliased(2000, signupField)} }`)), 413, /query is too long/);
  });

  it('a short document of more than 2,000 tokens is refused by the token limit while parsing', async () => {
    await expectRefused(await post(gqlBody(`mutation { ${aliased(1000, 'signup')} }`)), 400, /more that 2000 tokens/);
  });

  it('31 aliases exceed the alias limit of 30', async () => {
    await expectRefused(await post(gqlBody(`mutation { ${aliased(31, signupField)} }`)), 400, /Aliases limit of 30 exceeded, found 31/);
  });

  it('30 aliases are within the limit (the limit is the cut-off, not a ban)', async () => {
    const res = await post(gqlBody(`{ ${aliased(30, 'organizations { id }')} }`));
    expect(res.status).toBe(200);
    expect(res.body.data.a29).toEqual([{ id: owner.orgId }]);
  });

  it('nesting deeper than 10 is refused', async () => {
    let selection = 'id';
    for (let i = 0; i < 12; i++) selection = `... on ApiKey { ${selection} }`;
    await expectRefused(await post(gqlBody(`mutation { signup(input: {orgName: "Deep"}) { apiKey { ${selection} } } }`)), 400, /depth limit of 10 exceeded/);
  });

  it('more than 30 directives are refused', async () => {
    const query = `mutation { signup(input: {orgName: "Directives"}) { ${'orgId @include(if: true) '.repeat(31)} } }`;
    await expectRefused(await post(gqlBody(query)), 400, /Directives limit of 30 exceeded, found 31/);
  });

  it('a document whose cost exceeds 5,000 is refused even within the depth and alias limits', async () => {
    let selection = 'apiKeys { id name prefix createdAt } id name';
    for (let i = 0; i < 6; i++) selection = `... on Organization { ${selection} id }`;
    await expectRefused(await post(gqlBody(`{ ${aliased(30, `organizations { ${selection} }`)} }`)), 400, /Cost limit of 5000 exceeded/);
  });
});

describe('introspection', () => {
  it('is answered outside production by default', async () => {
    const res = await post(gqlBody('{ __schema { queryType { name } } }'));
    expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('is refused with GRAPHQL_INTROSPECTION=false', async () => {
    const closed = await startTestKeyhold({ GRAPHQL_INTROSPECTION: 'false' });
    try {
      for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "ApiKey") { fields { name } } }']) {
        const res = await closed.http('POST', '/graphql', { headers: json, body: gqlBody(query) });
        expect(res.status).toBe(400);
        expect(errorCodes(res.body)).toEqual(['BAD_USER_INPUT']);
        expect(res.body.errors[0].message).toMatch(/introspection is not allowed/i);
      }
    } finally {
      await closed.close();
    }
  });

  it('is off by default when NODE_ENV=production, and can be turned on explicitly', () => {
    const production = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db.internal:27017',
      FIREBASE_PROJECT_ID: 'keyhold-prod',
      SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadConfig(production).graphql.introspection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).graphql.introspection).toBe(true);
    expect(loadConfig({}).graphql.introspection).toBe(true);
  });
});

describe('variables of the wrong type are refused before any resolver runs', () => {
  const mint = (input: Record<string, unknown>) => ({ input: { orgId: owner.orgId, name: 'Typed', ...input } });
  it.each([
    ['a number for a String', SIGNUP, () => ({ input: { orgName: 42 } })],
    ['a string for an Int', MINT, () => mint({ rateLimitPerMinute: 'many' })],
    ['a fraction for an Int', MINT, () => mint({ rateLimitPerMinute: 1.5 })],
    ['an Int beyond 32 bits', MINT, () => mint({ rateLimitPerMinute: 2 ** 31 })],
    ['an unknown enum value', MINT, () => mint({ access: 'ADMIN' })],
    ['a date that is not a date', MINT, () => mint({ expiresAt: 'next tuesday' })],
    ['a missing required field', MINT, () => ({ input: { orgId: owner.orgId } })],
    ['an unknown input field', MINT, () => mint({ owner: 'me' })],
    ['a null required input', MINT, () => ({ input: null })],
    ['a string for a Boolean', 'query($o: ID!, $r: Boolean) { apiKeys(orgId: $o, includeRevoked: $r) { id } }', () => ({ o: owner.orgId, r: 'yes' })],
  ])('%s → 400 BAD_USER_INPUT', async (_name, query, variables) => {
    await expectRefused(await post(gqlBody(query, variables())), 400, /^Variable "\$\w+" /);
  });
});

describe('operator-shaped values never reach a query as operators', () => {
  const OPERATORS: [string, unknown][] = [
    ['{"$gt": ""}', { $gt: '' }],
    ['{"$ne": null}', { $ne: null }],
    ['{"$where": "sleep(1000)"}', { $where: 'sleep(1000)' }],
    ['{"$regex": ".*"}', { $regex: '.*' }],
    ['an array', ['org_aaaaaaaaaaaaaaaaaaaa', 'org_bbbbbbbbbbbbbbbbbbbb']],
  ];
  // Every id and string argument, with the variable that carries it.
  const ARGUMENTS: [string, string, (v: unknown) => Record<string, unknown>][] = [
    ['organization(id)', 'query($v: ID!) { organization(id: $v) { id } }', (v) => ({ v })],
    ['apiKeys(orgId)', 'query($v: ID!) { apiKeys(orgId: $v) { id } }', (v) => ({ v })],
    ['revokeKey(id)', 'mutation($v: ID!) { revokeKey(id: $v) { id } }', (v) => ({ v })],
    ['mintKey(input.orgId)', MINT, (v) => ({ input: { orgId: v, name: 'Op' } })],
    ['mintKey(input.name)', MINT, (v) => ({ input: { orgId: owner.orgId, name: v } })],
    ['signup(input.orgName)', SIGNUP, (v) => ({ input: { orgName: v } })],
    ['signup(input.existingOrgId)', SIGNUP, (v) => ({ input: { existingOrgId: v } })],
  ];
  const cases = ARGUMENTS.flatMap(([arg, query, vars]) => OPERATORS.map(([label, value]) => [arg, label, query, vars, value] as const));

  it.each(cases)('%s given %s as a variable of the wrong type → 400 BAD_USER_INPUT', async (_arg, _label, query, vars, value) => {
    await expectRefused(await post(gqlBody(query, vars(value))), 400);
  });

  const ID_ARGUMENTS = ARGUMENTS.filter(([arg]) => !/name|orgName/i.test(arg));
  const idCases = ID_ARGUMENTS.flatMap(([arg, query, vars]) => OPERATORS.slice(0, 4).map(([label]) => [arg, label, query, vars] as const));

  it.each(idCases)('%s given the string %s names nothing → NOT_FOUND, nothing written', async (_arg, label, query, vars) => {
    const res = await post(gqlBody(query, vars(label)));
    expect(res.status).toBeLessThan(500);
    expect(errorCodes(res.body)).toEqual(['NOT_FOUND']);
    expect(await countDocuments(k)).toEqual(before);
  });

  it.each(OPERATORS.slice(0, 4).map(([label]) => label))('a name given the string %s is stored as that literal text', async (label) => {
    const minted = await post(gqlBody(MINT, { input: { orgId: owner.orgId, name: label } }));
    expect(errorCodes(minted.body)).toEqual([]);
    const keyId = minted.body.data.mintKey.apiKey.id;
    k.secrets.add(minted.body.data.mintKey.secret);
    expect(minted.body.data.mintKey.apiKey.name).toBe(label);
    expect((await k.models.apiKeys.findById(keyId).lean().exec())?.name).toBe(label);

    const signedUp = await post(gqlBody(SIGNUP, { input: { orgName: label } }));
    k.secrets.add(signedUp.body.data.signup.secret);
    const org = await k.models.organizations.findById(signedUp.body.data.signup.orgId).lean().exec();
    expect(org?.name).toBe(label);
  });

  it('an operator written into the document itself is a syntax error', async () => {
    await expectRefused(await post(gqlBody('{ organization(id: {$gt: ""}) { id } }')), 400, /^Syntax Error/);
  });
});

describe('names', () => {
  const NAMES: [string, string][] = [
    ['10,000 characters', 'n'.repeat(10_000)],
    ['101 characters', 'n'.repeat(101)],
    ['only spaces', '     '],
    ['a NUL', 'Acme\u0000Corp'],
    ['a newline', 'Acme\nCorp'],
    ['an ANSI escape', 'Acme\u001b[31mCorp'],
    ['a DEL', 'Acme\u007fCorp'],
    ['a C1 control', 'Acme\u0085Corp'],
    ['a line separator', 'Acme\u2028Corp'],
  ];

  it.each(NAMES)('an orgName with %s → BAD_USER_INPUT on orgName, nothing written', async (_label, name) => {
    const res = await post(gqlBody(SIGNUP, { input: { orgName: name } }));
    expect(res.status).toBe(200);
    expect(errorCodes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors[0].extensions.field).toBe('orgName');
    expect(await countDocuments(k)).toEqual(before);
  });

  it.each(NAMES)('a key name with %s → BAD_USER_INPUT on name, nothing written', async (_label, name) => {
    const res = await post(gqlBody(MINT, { input: { orgId: owner.orgId, name } }));
    expect(res.status).toBe(200);
    expect(errorCodes(res.body)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors[0].extensions.field).toBe('name');
    expect(await countDocuments(k)).toEqual(before);
  });

  it('a 10,000-character id names nothing', async () => {
    const res = await post(gqlBody('query($v: ID!) { organization(id: $v) { id } }', { v: `org_${'a'.repeat(10_000)}` }));
    expect(errorCodes(res.body)).toEqual(['NOT_FOUND']);
  });
});
