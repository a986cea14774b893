import type DataLoader from 'dataloader';
import type { Principal } from '../core/principal.js';
import type { Credential } from '../http/credentials.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { Services } from '../app/services.js';

export interface GraphQLContext {
  readonly requestId: string;
  readonly ip: string;
  readonly credential: Credential;
  /** Set by authentication before execution; anonymous until then. */
  principal: Principal;
  readonly services: Services;
  readonly loaders: { readonly keysByOrg: DataLoader<string, KeyRecord[]> };
}
