import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { IdTokenVerifier } from '../auth/id-token-verifier.js';
import { RevocationCache } from '../auth/revocation-cache.js';
import { createGraphQLLimiter, type GraphQLLimiter } from '../graphql/rate-limit.js';
import { KeyAuthenticator } from '../keys/key-authenticator.js';
import { KeyLookup } from '../keys/key-lookup.js';
import { KeyService } from '../keys/key.service.js';
import { LastUsedRecorder } from '../keys/last-used.js';
import type { Logger } from '../logging/logger.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { SignupService } from '../organizations/signup.service.js';
import { MemoryKeyRateLimiter, type KeyRateLimiter } from '../rate-limit/key-rate-limiter.js';
import { SecretBox } from '../secrets/secret-box.js';
import type { Clock } from '../shared/clock.js';

/** Everything a request handler may call, built once per app from its collaborators. */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: Database;
  readonly idTokens: IdTokenVerifier;
  readonly lookup: KeyLookup;
  readonly keyAuth: KeyAuthenticator;
  readonly lastUsed: LastUsedRecorder;
  readonly orgs: OrganizationService;
  readonly keys: KeyService;
  readonly signup: SignupService;
  readonly graphqlLimiter: GraphQLLimiter;
  readonly graphqlRateLimits: Config['graphql']['rateLimits'];
}

export interface ServiceDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: Database;
  readonly idTokens: IdTokenVerifier;
  /** Defaults to the in-process limiter; a shared store can be handed in instead. */
  readonly keyRateLimiter?: KeyRateLimiter;
}

export function createServices(deps: ServiceDeps): Services {
  const { config, clock, logger, db } = deps;
  const { models } = db;
  const lookup = new KeyLookup({ apiKeys: models.apiKeys, clock, ...config.keys });
  const lastUsed = new LastUsedRecorder({ apiKeys: models.apiKeys, clock, logger, intervalMs: config.keys.lastUsedIntervalMs });
  const keyAuth = new KeyAuthenticator({ lookup, rateLimiter: deps.keyRateLimiter ?? new MemoryKeyRateLimiter(), lastUsed });
  const orgs = new OrganizationService({ models });
  const keys = new KeyService({ models, orgs, lookup, clock, logger, defaultRateLimit: config.keys.defaultRateLimit });
  const signup = new SignupService({ models, orgs, keys, box: new SecretBox(config.secretsKey.key), clock, logger });
  return Object.freeze({
    config,
    clock,
    logger,
    db,
    // Revocation is checked on every operation, Firebase asked at most once per user per TTL.
    idTokens: new RevocationCache(deps.idTokens, { clock, ttlMs: config.auth.revocationCacheTtlMs }),
    lookup,
    keyAuth,
    lastUsed,
    orgs,
    keys,
    signup,
    graphqlLimiter: createGraphQLLimiter(),
    graphqlRateLimits: config.graphql.rateLimits,
  });
}
