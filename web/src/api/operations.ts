// Every GraphQL call the dashboard makes, each typed from schema/schema.graphql: its result picks
// the fields it selects from the generated types, its variables are the generated argument
// types. (test/pages/dashboard-operations.test.ts validates each document against the schema.)
// Pages import these and nothing else from GraphQL, so a shared generated client can replace
// this file without touching them.
import type {
  ApiKey,
  MintKeyPayload,
  MutationMintKeyArgs,
  MutationRevokeKeyArgs,
  MutationSignupArgs,
  Organization,
  QueryApiKeysArgs,
  QueryOrganizationArgs,
  SignupPayload,
} from './schema.generated.js';

/** A GraphQL document with its result and variables types attached. */
export interface Operation<TData, TVariables> {
  readonly name: string;
  readonly document: string;
  /** Never set: carries the types for the client's `request`. */
  readonly types?: { data: TData; variables: TVariables };
}

const operation = <TData, TVariables = Record<string, never>>(name: string, document: string): Operation<TData, TVariables> => ({ name, document });

const KEY_FIELDS = 'id orgId name prefix access status createdAt expiresAt revokedAt lastUsedAt rateLimitPerMinute';
export type KeyRow = Pick<
  ApiKey,
  'id' | 'orgId' | 'name' | 'prefix' | 'access' | 'status' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt' | 'rateLimitPerMinute'
>;

const ORG_FIELDS = 'id name role createdAt';
export type OrgRow = Pick<Organization, 'id' | 'name' | 'role' | 'createdAt'>;

export const ORGANIZATIONS = operation<{ organizations: OrgRow[] }>('Organizations', `query Organizations { organizations { ${ORG_FIELDS} } }`);

export const ORGANIZATION = operation<{ organization: OrgRow | null }, QueryOrganizationArgs>(
  'Organization',
  `query Organization($id: ID!) { organization(id: $id) { ${ORG_FIELDS} } }`,
);

export const API_KEYS = operation<{ apiKeys: KeyRow[] }, QueryApiKeysArgs>(
  'ApiKeys',
  `query ApiKeys($orgId: ID!, $includeRevoked: Boolean) { apiKeys(orgId: $orgId, includeRevoked: $includeRevoked) { ${KEY_FIELDS} } }`,
);

export type SignupResult = Pick<SignupPayload, 'orgId' | 'secret' | 'webhookSecret'> & { apiKey: KeyRow };
export const SIGNUP = operation<{ signup: SignupResult }, MutationSignupArgs>(
  'Signup',
  `mutation Signup($input: SignupInput!) { signup(input: $input) { orgId secret webhookSecret apiKey { ${KEY_FIELDS} } } }`,
);

export type MintResult = Pick<MintKeyPayload, 'secret'> & { apiKey: KeyRow };
export const MINT_KEY = operation<{ mintKey: MintResult }, MutationMintKeyArgs>(
  'MintKey',
  `mutation MintKey($input: MintKeyInput!) { mintKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`,
);

export const REVOKE_KEY = operation<{ revokeKey: KeyRow }, MutationRevokeKeyArgs>(
  'RevokeKey',
  `mutation RevokeKey($id: ID!) { revokeKey(id: $id) { ${KEY_FIELDS} } }`,
);

/** Every operation, for the test that validates them against the schema. */
export const ALL_OPERATIONS: readonly Operation<unknown, unknown>[] = [ORGANIZATIONS, ORGANIZATION, API_KEYS, SIGNUP, MINT_KEY, REVOKE_KEY];
