// What can be done to a key from its row, each behind a confirmation naming the key. Roll,
// disable, enable and delete join this list when the API offers them.
import type { ComponentChildren } from 'preact';
import type { ApiResult, GraphQLClient } from '../../api/client.js';
import { REVOKE_KEY, type KeyRow } from '../../api/operations.js';

export interface KeyAction {
  readonly id: 'revoke';
  readonly label: string;
  readonly busyLabel: string;
  /** Past tense, for the announcement once it is done. */
  readonly done: string;
  readonly confirm: (key: KeyRow) => ComponentChildren;
  readonly run: (api: GraphQLClient, key: KeyRow) => Promise<ApiResult<unknown>>;
}

const REVOKE: KeyAction = {
  id: 'revoke',
  label: 'Revoke',
  busyLabel: 'Revoking…',
  done: 'revoked',
  confirm: (key) => `Services using the key ${key.prefix}… will be refused at once, everywhere. Revoking cannot be undone.`,
  run: (api, key) => api.request(REVOKE_KEY, { id: key.id }),
};

export function keyActions(key: KeyRow): readonly KeyAction[] {
  return key.status === 'ACTIVE' ? [REVOKE] : [];
}
