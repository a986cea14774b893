// Every operation of the client, one declaration each. A new operation in the schema: add its
// document to operations.graphql, run `npm run codegen`, and declare it here.
import {
  ApiKeysDocument,
  CurrentKeyDocument,
  MintKeyDocument,
  OrganizationDocument,
  OrganizationsDocument,
  RevokeKeyDocument,
  SignupDocument,
  type MintKeyMutation,
  type TypedDocumentString,
} from './generated/graphql.js';
import { byId, byInput, byVariables, operation } from './operation.js';
import { RollKeyDocument, type MintKeyInputWithProject } from './pending.js';

export interface RollKeyOptions {
  /** Seconds the old key keeps verifying: 0..2592000, default 86400 (a day). */
  expireOldAfterSeconds?: number;
}

export const OPERATIONS = {
  // Queries
  organizations: byVariables(OrganizationsDocument, 'organizations'),
  organization: byId(OrganizationDocument, 'organization'),
  apiKeys: byVariables(ApiKeysDocument, 'apiKeys'),
  currentKey: byVariables(CurrentKeyDocument, 'currentKey'),
  // Mutations
  signup: byInput(SignupDocument, 'signup'),
  mintKey: byInput(MintKeyDocument as TypedDocumentString<MintKeyMutation, { input: MintKeyInputWithProject }>, 'mintKey'),
  revokeKey: byId(RevokeKeyDocument, 'revokeKey'),
  rollKey: operation(RollKeyDocument, 'rollKey', (id: string, options: RollKeyOptions = {}) => ({ id, ...options })),
} as const;
