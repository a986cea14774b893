import type { RequestContext } from '../core/request-context.js';
import type { Credential } from '../core/credentials.js';
import type { RequestLoaders } from './loaders.js';
import type { GraphQLLimiter } from './rate-limit.js';

/**
 * What every resolver receives. `S` is the feature services a resolver calls: each resolver names
 * the slice it needs (`GraphQLContext<{ keys: KeyService }>`), the app hands every operation all
 * of them. Resolvers see services only, never models, configuration or the database.
 */
export interface GraphQLContext<S = unknown> {
  /** Request id, address, user agent and, once authentication has run (before execution), the principal. */
  request: RequestContext;
  readonly credential: Credential;
  readonly services: S;
  /** DataLoaders made on first use, for this operation only. */
  readonly loaders: RequestLoaders<S>;
  readonly limiter: GraphQLLimiter;
}
