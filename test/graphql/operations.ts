// GraphQL documents and assertions shared by the GraphQL contract tests.
import { expect } from 'vitest';
import { newOrgId } from '../../src/core/ids.js';
import type { HttpResult, TestKeyhold } from '../support/harness.js';

export const KEY_FIELDS = 'id orgId name prefix access status createdAt expiresAt revokedAt lastUsedAt rateLimitPerMinute createdBy';

export const REVOKE = `mutation($id: ID!) { revokeKey(id: $id) { ${KEY_FIELDS} } }`;
export const ORGANIZATIONS = '{ organizations { id name role createdAt } }';
export const ORGANIZATION = 'query($id: ID!) { organization(id: $id) { id name role createdAt } }';
export const API_KEYS = `query($orgId: ID!, $includeRevoked: Boolean) { apiKeys(orgId: $orgId, includeRevoked: $includeRevoked) { ${KEY_FIELDS} } }`;
export const CURRENT_KEY = `{ currentKey { ${KEY_FIELDS} } }`;

export const CONTRACT_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'UNAVAILABLE'];

type GqlResult = HttpResult<{ data?: any; errors?: any[] }>;

/** The response failed with exactly one error, carrying `code` and nothing internal. */
export function expectError(res: GqlResult, code: string): any {
  expect(res.body.errors, JSON.stringify(res.body)).toHaveLength(1);
  const [error] = res.body.errors!;
  expect(error.extensions.code).toBe(code);
  // The code, and where it applies the field at fault or the seconds to wait: no stack, no http.
  expect(['code', 'field', 'retryAfter']).toEqual(expect.arrayContaining(Object.keys(error.extensions)));
  return error;
}

/** The response succeeded; its data. */
export function expectData(res: GqlResult): any {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  return res.body.data;
}

/** How many documents each collection holds: proof that a refused call wrote nothing. */
export async function counts(k: TestKeyhold): Promise<{ organizations: number; memberships: number; apiKeys: number }> {
  const { organizations, memberships, apiKeys } = k.models;
  return {
    organizations: await organizations.countDocuments().exec(),
    memberships: await memberships.countDocuments().exec(),
    apiKeys: await apiKeys.countDocuments().exec(),
  };
}

/** An organization written straight to the database, as one that predates Keyhold would be. */
export async function seedOrg(k: TestKeyhold, name = 'Legacy Org'): Promise<string> {
  const orgId = newOrgId();
  await k.models.organizations.create({ _id: orgId, name, apiAccessEnabled: false, webhookSecretSealed: null });
  return orgId;
}

/** An ISO timestamp `ms` from the harness clock's now. */
export function fromNow(k: TestKeyhold, ms: number): string {
  return new Date(k.clock.now() + ms).toISOString();
}
