import type DataLoader from 'dataloader';
import type { Principal } from '../auth/principal.js';
import type { Credential } from '../auth/credentials.js';
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
