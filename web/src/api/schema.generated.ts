// Generated from schema/schema.graphql by `npm run schema`: do not edit.
/* eslint-disable */

/** An ISO-8601 date-time string, as Keyhold sends and accepts it. */
export type DateTime = string;

/** An API key. Never carries its secret: that is shown once, when minted. */
export interface ApiKey {
  /** Public id (key_…), safe to log. */
  id: string;
  orgId: string;
  name: string;
  /** The first 12 characters of the secret (sk_live_Ab3x), for telling keys apart. */
  prefix: string;
  access: KeyAccess;
  status: KeyStatus;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Refreshed by successful use, at most about once a minute. */
  lastUsedAt: string | null;
  rateLimitPerMinute: number;
  /** Firebase uid of the person who minted it. */
  createdBy: string;
}

/** What a key may do: READ_ONLY keys are held to GET, HEAD and OPTIONS at /verify. */
export type KeyAccess = 'FULL_ACCESS' | 'READ_ONLY';
export const KeyAccessValues = ['FULL_ACCESS', 'READ_ONLY'] as const;

/** Derived: EXPIRED once expiresAt has passed. */
export type KeyStatus = 'ACTIVE' | 'REVOKED' | 'EXPIRED';
export const KeyStatusValues = ['ACTIVE', 'REVOKED', 'EXPIRED'] as const;

export interface MintKeyInput {
  orgId: string;
  /** 1..100 characters after trimming; no control characters, invisible format characters (bidirectional controls, zero-width characters) or lone surrogates. */
  name: string;
  access?: KeyAccess | null;
  /** Must be in the future. */
  expiresAt?: string | null;
  /** 1..1000000; default from configuration: 120 READ_ONLY, 20 FULL_ACCESS. */
  rateLimitPerMinute?: number | null;
}

export interface MintKeyPayload {
  /** The sk_live_ secret. Shown once: Keyhold keeps only its hash. */
  secret: string;
  apiKey: ApiKey;
}

export interface Mutation {
  /** Firebase only. From a signed-in person to an organization, a key (shown once) and the webhook secret. */
  signup: SignupPayload;
  /** Firebase only; OWNER or ADMIN. The secret in the payload is shown once. */
  mintKey: MintKeyPayload;
  /** Firebase only; OWNER or ADMIN; idempotent. Takes effect at once. */
  revokeKey: ApiKey;
}

export interface MutationSignupArgs {
  input: SignupInput;
}

export interface MutationMintKeyArgs {
  input: MintKeyInput;
}

export interface MutationRevokeKeyArgs {
  id: string;
}

export interface Organization {
  /** Public id (org_…). */
  id: string;
  name: string;
  /** The caller's role in it (MEMBER for an API key, which can only read). */
  role: OrgRole;
  createdAt: string;
  apiKeys: Array<ApiKey>;
}

export interface OrganizationApiKeysArgs {
  includeRevoked?: boolean | null;
}

/** OWNER and ADMIN mint and revoke keys; MEMBER reads. */
export type OrgRole = 'OWNER' | 'ADMIN' | 'MEMBER';
export const OrgRoleValues = ['OWNER', 'ADMIN', 'MEMBER'] as const;

export interface Query {
  /** Firebase: the caller's organizations. API key: its own. */
  organizations: Array<Organization>;
  /** For a member, or an API key of that org; NOT_FOUND otherwise. */
  organization: Organization | null;
  /** An organization's keys: for its members, or an API key of that org. */
  apiKeys: Array<ApiKey>;
  /** With an API key: the key that made the call. Null for a Firebase user. */
  currentKey: ApiKey | null;
}

export interface QueryOrganizationArgs {
  id: string;
}

export interface QueryApiKeysArgs {
  includeRevoked?: boolean | null;
  orgId: string;
}

/** Exactly one of orgName and existingOrgId. */
export interface SignupInput {
  /** Creates an organization with you as OWNER; rules as MintKeyInput.name. */
  orgName?: string | null;
  /** Turns API access on for an organization you own or administer. */
  existingOrgId?: string | null;
}

export interface SignupPayload {
  orgId: string;
  /** The sk_live_ API key. Shown once: Keyhold keeps only its hash. */
  secret: string;
  /** The organization's whsec_ webhook signing secret: the same on every signup for this organization, kept encrypted at rest. Treat it as a secret. */
  webhookSecret: string;
  apiKey: ApiKey;
}
