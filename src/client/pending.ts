// Operations and fields the contract names that schema/schema.graphql does not have yet, typed
// by hand against the contract so the client and the CLI can offer them now. Keyhold answers
// BAD_USER_INPUT to them until it has them. When the schema gains one, test/client/pending.test.ts
// fails: move its document to operations.graphql, run `npm run codegen`, and delete it here.
import { ApiKeyFieldsFragmentDoc, TypedDocumentString, type MintKeyInput, type MintKeyMutation } from './generated/graphql.js';

/** `MintKeyInput.projectId` (contract, phase 2): a project of `orgId`; omitted, the key is organization-wide. */
export type MintKeyInputWithProject = MintKeyInput & { projectId?: string | null };

export type RollKeyMutation = { rollKey: MintKeyMutation['mintKey'] };
export type RollKeyMutationVariables = { id: string; expireOldAfterSeconds?: number | null };

/** `rollKey(id, expireOldAfterSeconds = 86400): MintKeyPayload!` (contract, phase 2). */
export const RollKeyDocument = new TypedDocumentString(
  `mutation RollKey($id: ID!, $expireOldAfterSeconds: Int) {
  rollKey(id: $id, expireOldAfterSeconds: $expireOldAfterSeconds) {
    secret
    apiKey {
      ...ApiKeyFields
    }
  }
}
${String(ApiKeyFieldsFragmentDoc).trim()}`,
) as unknown as TypedDocumentString<RollKeyMutation, RollKeyMutationVariables>;

/** What the schema lacks, for the test that notices when it stops lacking it. */
export const PENDING = {
  mutations: ['rollKey'],
  inputFields: { MintKeyInput: ['projectId'] },
} as const;
