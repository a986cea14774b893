import { AuthService } from '../auth/auth.service.js';
import type { IdTokenVerifier } from '../auth/id-token-verifier.js';
import { RevocationCache } from '../auth/revocation-cache.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import { EventLog } from '../events/event-log.service.js';
import { eventModel, type EventModel } from '../events/event.model.js';
import { createGraphQLLimiter, type GraphQLLimiter } from '../graphql/rate-limit.js';
import { apiKeyModel, type ApiKeyModel } from '../keys/api-key.model.js';
import { KeyAuthenticator } from '../keys/key-authenticator.js';
import { KeyLookup } from '../keys/key-lookup.js';
import { MemoryKeyRateLimiter, type KeyRateLimiter } from '../keys/key-rate-limiter.js';
import { KeyService } from '../keys/key.service.js';
import { LastUsedRecorder } from '../keys/last-used.js';
import type { Logger } from '../logging/logger.js';
import { membershipModel, type MembershipModel } from '../organizations/membership.model.js';
import { organizationModel, type OrganizationModel } from '../organizations/organization.model.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { SecretBox } from '../secrets/secret-box.js';
import { SignupService } from '../signup/signup.service.js';

/** The feature services resolvers may call (each resolver names the ones it uses). */
export interface FeatureServices {
  readonly clock: Clock;
  readonly orgs: OrganizationService;
  readonly keys: KeyService;
  readonly signup: SignupService;
}

/**
 * Every part of a running Keyhold, wired once from its collaborators: what the composition hands
 * to each area, and what the runtime (and tests) start, flush and stop. Areas get only their part:
 * /verify the key authenticator, GraphQL the feature services, health the database ping.
 */
export interface Services extends FeatureServices {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  /** Each feature's models, made on the connection; only their feature's services use them (tests seed through them). */
  readonly models: {
    readonly organizations: OrganizationModel;
    readonly memberships: MembershipModel;
    readonly apiKeys: ApiKeyModel;
    readonly events: EventModel;
  };
  /** Every change's event: relayed by the services, swept for what a crash left behind. */
  readonly events: EventLog;
  readonly idTokens: IdTokenVerifier;
  readonly auth: AuthService;
  readonly lookup: KeyLookup;
  readonly keyAuth: KeyAuthenticator;
  readonly lastUsed: LastUsedRecorder;
  readonly graphqlLimiter: GraphQLLimiter;
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
  const models = Object.freeze({
    organizations: organizationModel(db.connection),
    memberships: membershipModel(db.connection),
    apiKeys: apiKeyModel(db.connection),
    events: eventModel(db.connection),
  });
  const events = new EventLog({ events: models.events, clock, logger, retentionDays: config.audit.retentionDays });
  for (const model of [models.organizations, models.memberships, models.apiKeys]) events.register(model);
  const lookup = new KeyLookup({ apiKeys: models.apiKeys, clock, ...config.keys });
  const lastUsed = new LastUsedRecorder({ apiKeys: models.apiKeys, clock, logger, intervalMs: config.keys.lastUsedIntervalMs });
  const keyAuth = new KeyAuthenticator({ lookup, rateLimiter: deps.keyRateLimiter ?? new MemoryKeyRateLimiter(), lastUsed });
  const box = new SecretBox(config.secretsKey.key);
  const orgs = new OrganizationService({ organizations: models.organizations, memberships: models.memberships, box, events });
  const keys = new KeyService({ apiKeys: models.apiKeys, orgs, lookup, events, clock, logger, defaultRateLimit: config.keys.defaultRateLimit });
  const signup = new SignupService({ orgs, keys, logger });
  // Revocation is checked on every operation, Firebase asked at most once per user per TTL.
  const idTokens = new RevocationCache(deps.idTokens, { clock, ttlMs: config.auth.revocationCacheTtlMs });
  const { rateLimits, operationLimits } = config.graphql;
  return Object.freeze({
    config,
    clock,
    logger,
    db,
    models,
    events,
    idTokens,
    auth: new AuthService({ keyAuth, idTokens }),
    lookup,
    keyAuth,
    lastUsed,
    orgs,
    keys,
    signup,
    graphqlLimiter: createGraphQLLimiter({
      windows: { ...rateLimits, operationsPerIp: operationLimits.perIp, operationsPerToken: operationLimits.perToken },
      clock,
    }),
  });
}
