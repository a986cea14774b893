// Who may do what: every operation × every kind of caller, against organization A, with the
// answer the contract gives in each cell. Outcomes are written as the test observes them:
// a GraphQL error code, or what a success returned ("A:OWNER" = org A with role OWNER, "keys of A",
// "self" = the calling key itself, "revoked" = the target key now revoked, "200 A" = /verify says
// the key belongs to A). Every cell makes its own caller (a new person, or a new key) and
// mutating cells act on a fresh target, so no cell depends on another having run, or not.
import { beforeAll, describe, expect, it } from 'vitest';
import { describe as catalogue } from '../../src/core/errors.js';
import type { KeyRecord } from '../../src/core/key-record.js';
import { authorize, OPERATIONS as TABLE_OPERATIONS, POLICY, type Operation, type Rule } from '../../src/core/policy.js';
import { ANONYMOUS, type Principal as Caller } from '../../src/core/principal.js';
import type { OrgRole } from '../../src/core/roles.js';
import { MINT, SIGNUP, type Credentials, useKeyhold } from '../support/harness.js';
import { countDocuments, errorCodes } from './helpers.js';

const PRINCIPALS = [
  'anonymous',
  'non-member',
  'MEMBER',
  'ADMIN',
  'OWNER',
  'read-only key',
  'full key',
  'revoked key',
  'expired key',
  "another org's key",
] as const;
type Principal = (typeof PRINCIPALS)[number];

const UNAUTH = 'UNAUTHENTICATED';
const FORBID = 'FORBIDDEN';
const NOPE = 'NOT_FOUND';

// prettier-ignore
const MATRIX: Record<string, readonly string[]> = {
  //                              anonymous  non-member  MEMBER      ADMIN       OWNER       read-only key  full key    revoked key  expired key  another org's key
  'signup orgName':              [UNAUTH,    'created',  'created',  'created',  'created',  FORBID,        FORBID,     UNAUTH,      UNAUTH,      FORBID],
  'signup existingOrgId':        [UNAUTH,    NOPE,       FORBID,     'A',        'A',        FORBID,        FORBID,     UNAUTH,      UNAUTH,      FORBID],
  'mintKey':                     [UNAUTH,    NOPE,       FORBID,     'A',        'A',        FORBID,        FORBID,     UNAUTH,      UNAUTH,      FORBID],
  'revokeKey':                   [UNAUTH,    NOPE,       FORBID,     'revoked',  'revoked',  FORBID,        FORBID,     UNAUTH,      UNAUTH,      FORBID],
  'organizations':               [UNAUTH,    '[]',       '[A:MEMBER]', '[A:ADMIN]', '[A:OWNER]', '[A:MEMBER]', '[A:MEMBER]', UNAUTH,   UNAUTH,      '[B:MEMBER]'],
  'organization':                [UNAUTH,    NOPE,       'A:MEMBER', 'A:ADMIN',  'A:OWNER',  'A:MEMBER',    'A:MEMBER', UNAUTH,      UNAUTH,      NOPE],
  'apiKeys':                     [UNAUTH,    NOPE,       'keys of A', 'keys of A', 'keys of A', 'keys of A', 'keys of A', UNAUTH,    UNAUTH,      NOPE],
  'Organization.apiKeys':        [UNAUTH,    NOPE,       'keys of A', 'keys of A', 'keys of A', 'keys of A', 'keys of A', UNAUTH,    UNAUTH,      NOPE],
  'currentKey':                  [UNAUTH,    'null',     'null',     'null',     'null',     'self',        'self',     UNAUTH,      UNAUTH,      'self'],
  '/verify':                     ['401 missing_api_key', '401 invalid_api_key', '401 invalid_api_key', '401 invalid_api_key', '401 invalid_api_key', '200 A', '200 A', '401 invalid_api_key', '401 key_expired', '200 B'],
  '/verify?method=POST':         ['401 missing_api_key', '401 invalid_api_key', '401 invalid_api_key', '401 invalid_api_key', '401 invalid_api_key', '403 forbidden', '200 A', '401 invalid_api_key', '401 key_expired', '200 B'],
};

// The policy table's operation (src/core/policy.ts) that each row exercises; /verify is key
// authentication, not the table's.
const OPERATION_OF: Record<keyof typeof MATRIX, Operation | null> = {
  'signup orgName': 'org.create',
  'signup existingOrgId': 'org.enableApi',
  mintKey: 'key.mint',
  revokeKey: 'key.revoke',
  organizations: 'org.list',
  organization: 'org.read',
  apiKeys: 'key.list',
  'Organization.apiKeys': 'org.read',
  currentKey: 'key.current',
  '/verify': null,
  '/verify?method=POST': null,
};

const k = useKeyhold({ RATE_LIMIT_MINT_KEY: '1000/m' });
// Organizations A and B, and the tokens of the people who made them: only ever read by the
// cells, or given keys that no cell counts on.
let orgA: string;
let orgB: string;
let ownerToken: string;
let ownerOfB: string;

beforeAll(async () => {
  const a = await k.signedUp('Org A');
  const b = await k.signedUp('Org B');
  orgA = a.orgId;
  orgB = b.orgId;
  ownerToken = a.user.idToken;
  ownerOfB = b.user.idToken;
});

/** A new caller of the given kind, for one cell: its credentials and, for a key, its id. */
async function caller(p: Principal): Promise<{ as: Credentials; keyId?: string }> {
  const person = async (role?: 'MEMBER' | 'ADMIN' | 'OWNER') => {
    const user = await k.user();
    if (role) await k.addMember(orgA, user, role);
    return { as: { token: user.idToken } };
  };
  const key = async (token: string, orgId: string, input: Record<string, unknown> = {}) => {
    const made = await k.mint(token, { orgId, name: 'Matrix', rateLimitPerMinute: 1000, ...input });
    return { made, as: { apiKey: made.secret }, keyId: made.id };
  };
  switch (p) {
    case 'anonymous':
      return { as: {} };
    case 'non-member':
      return person();
    case 'MEMBER':
    case 'ADMIN':
    case 'OWNER':
      return person(p);
    case 'read-only key':
      return key(ownerToken, orgA, { access: 'READ_ONLY' });
    case 'full key':
      return key(ownerToken, orgA);
    case 'revoked key': {
      const revoked = await key(ownerToken, orgA);
      await k.gql('mutation($id: ID!) { revokeKey(id: $id) { id } }', { id: revoked.keyId }, { token: ownerToken });
      return revoked;
    }
    case 'expired key': {
      const expiring = await key(ownerToken, orgA, { expiresAt: new Date(k.clock.now() + 60_000).toISOString() });
      k.advance(2 * 60_000);
      return expiring;
    }
    case "another org's key":
      return key(ownerOfB, orgB);
  }
}

const label = (orgId: string) => (orgId === orgA ? 'A' : orgId === orgB ? 'B' : orgId);

/** Runs a GraphQL operation; an error becomes its code, and a refused mutation must have written nothing. */
async function graphql(query: string, variables: Record<string, unknown>, as: Credentials, success: (data: any) => string | Promise<string>) {
  const before = await countDocuments(k);
  const res = await k.gql(query, variables, as);
  expect(res.status).toBeLessThan(500);
  if (res.body.errors) {
    expect(errorCodes(res.body)).toHaveLength(1);
    expect(await countDocuments(k)).toEqual(before);
    return errorCodes(res.body)[0];
  }
  return success(res.body.data);
}

const keysOf = (keys: { orgId: string }[]) => (keys.length > 0 && keys.every((key) => key.orgId === orgA) ? 'keys of A' : JSON.stringify(keys));

const OPERATIONS: Record<keyof typeof MATRIX, (as: Credentials, keyId: string | undefined) => Promise<string | undefined>> = {
  'signup orgName': (as) =>
    graphql(SIGNUP, { input: { orgName: 'Fresh' } }, as, async (d) => {
      k.secrets.add(d.signup.secret);
      const owners = await k.models.memberships.find({ orgId: d.signup.orgId }).lean().exec();
      return owners.length === 1 && owners[0]!.role === 'OWNER' ? 'created' : JSON.stringify(owners);
    }),
  'signup existingOrgId': (as) => graphql(SIGNUP, { input: { existingOrgId: orgA } }, as, (d) => label(d.signup.apiKey.orgId)),
  mintKey: (as) => graphql(MINT, { input: { orgId: orgA, name: 'Cell' } }, as, (d) => label(d.mintKey.apiKey.orgId)),
  revokeKey: async (as) => {
    const target = await k.mint(ownerToken, { orgId: orgA, name: 'Target' });
    const outcome = await graphql('mutation($id: ID!) { revokeKey(id: $id) { id status } }', { id: target.id }, as, (d) => d.revokeKey.status.toLowerCase());
    const stored = await k.models.apiKeys.findById(target.id).lean().exec();
    expect(stored?.revokedAt !== null).toBe(outcome === 'revoked');
    return outcome;
  },
  organizations: (as) => graphql('{ organizations { id role } }', {}, as, (d) => `[${d.organizations.map((o: any) => `${label(o.id)}:${o.role}`).join(',')}]`),
  organization: (as) =>
    graphql('query($id: ID!) { organization(id: $id) { id role } }', { id: orgA }, as, (d) => `${label(d.organization.id)}:${d.organization.role}`),
  apiKeys: (as) => graphql('query($id: ID!) { apiKeys(orgId: $id) { id orgId } }', { id: orgA }, as, (d) => keysOf(d.apiKeys)),
  'Organization.apiKeys': (as) =>
    graphql('query($id: ID!) { organization(id: $id) { apiKeys { id orgId } } }', { id: orgA }, as, (d) => keysOf(d.organization.apiKeys)),
  currentKey: (as, keyId) =>
    graphql('{ currentKey { id } }', {}, as, (d) => (d.currentKey === null ? 'null' : d.currentKey.id === keyId ? 'self' : d.currentKey.id)),
  '/verify': (as) => verify(as, ''),
  '/verify?method=POST': (as) => verify(as, '?method=POST'),
};

async function verify(as: Credentials, query: string): Promise<string> {
  const res = await k.verify(as, query);
  return res.status === 200 ? `200 ${label(res.body.org_id)}` : `${res.status} ${res.body.error.code}`;
}

describe.each(Object.keys(MATRIX))('%s', (operation) => {
  it.each(PRINCIPALS.map((p, i) => [p, MATRIX[operation]![i]!] as const))('as %s → %s', async (principal, expected) => {
    const { as, keyId } = await caller(principal);
    expect(await OPERATIONS[operation]!(as, keyId)).toBe(expected);
  });
});

describe('the policy table', () => {
  it.each([...TABLE_OPERATIONS])('%s has a row in this matrix', (operation) => {
    expect(Object.values(OPERATION_OF), `add a row for ${operation}, with the outcome the contract gives each caller`).toContain(operation);
  });

  // Every caller the table decides for (revoked and expired keys never get past authentication),
  // as the table sees them against organization A.
  const key = (orgId: string) => ({ kind: 'apiKey', key: { id: 'key_matrix', orgId } as KeyRecord }) as const;
  const AS_TABLE_SEES: Partial<Record<Principal, { caller: Caller; role: OrgRole | null }>> = {
    anonymous: { caller: ANONYMOUS, role: null },
    'non-member': { caller: { kind: 'user', uid: 'u' }, role: null },
    MEMBER: { caller: { kind: 'user', uid: 'u' }, role: 'MEMBER' },
    ADMIN: { caller: { kind: 'user', uid: 'u' }, role: 'ADMIN' },
    OWNER: { caller: { kind: 'user', uid: 'u' }, role: 'OWNER' },
    'read-only key': { caller: key('A'), role: null },
    'full key': { caller: key('A'), role: null },
    "another org's key": { caller: key('B'), role: null },
  };
  const ERROR_CODES = new Set([UNAUTH, FORBID, NOPE]);
  const rows = Object.entries(OPERATION_OF).filter((row): row is [string, Operation] => row[1] !== null);

  it.each(rows)('decides %s (%s) as the matrix observes it: the same refusal, or a success', (row, operation) => {
    const rule: Rule = POLICY[operation];
    const orgScoped = rule.user !== 'signed-in' || rule.apiKey === 'own-org';
    for (const [principal, seen] of Object.entries(AS_TABLE_SEES)) {
      const decided = authorize({ principal: seen.caller }, operation, orgScoped ? { orgId: 'A', role: seen.role } : undefined);
      const observed = MATRIX[row]![PRINCIPALS.indexOf(principal as Principal)]!;
      expect(decided.ok ? 'allowed' : catalogue(decided.error.code).graphql, `${row} as ${principal}`).toBe(ERROR_CODES.has(observed) ? observed : 'allowed');
    }
  });
});
