// keyhold/client: a typed GraphQL client for Keyhold, its types generated from schema/schema.graphql.
import type { MintKeyMutation, SignupMutation } from './generated/graphql.js';

export { createClient, type ClientOptions, type KeyholdClient } from './client.js';
export { KeyholdConnectionError, KeyholdError, isKeyholdErrorCode, type KeyholdErrorCode } from './errors.js';
export type { TokenSource } from './transport.js';
export type { RollKeyOptions } from './operations.js';
export type { MintKeyInputWithProject as MintKeyInput } from './pending.js';
export type {
  ApiKeyFieldsFragment as ApiKey,
  OrganizationFieldsFragment as Organization,
  KeyAccess,
  KeyStatus,
  OrgRole,
  SignupInput,
} from './generated/graphql.js';

/** What signup answers: the new organization, its first key and its secrets (shown once). */
export type SignupPayload = SignupMutation['signup'];
/** What mintKey and rollKey answer: the key and its secret (shown once). */
export type MintKeyPayload = MintKeyMutation['mintKey'];
