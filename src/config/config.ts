import { randomBytes } from 'node:crypto';
import { discoverFirebaseSignIn, realProbe, type CredentialProbe, type FirebaseSignIn } from './firebase-sign-in.js';
import { combinationProblems, variables, type RateWindow } from './variables.js';

export type { RateWindow };

/**
 * Keyhold's configuration, parsed once at start from the environment into a frozen object.
 * Nothing else in the code reads `process.env`.
 */
export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly requestTimeoutMs: number;
    readonly corsOrigins: readonly string[];
    /** Reverse proxies in front of Keyhold (a hop count) whose X-Forwarded-For and X-Forwarded-Proto are believed; 0: none. */
    readonly trustProxy: number;
  };
  /** `uri: null` means: start the embedded database in-process, keeping its data in `dataDir`. */
  readonly mongo: { readonly uri: string | null; readonly timeoutMs: number };
  readonly firebase: {
    readonly projectId: string;
    readonly emulatorHost: string | null;
    /** Whether ID tokens can be verified at all (src/config/firebase-sign-in.ts). */
    readonly signIn: FirebaseSignIn;
    /** GOOGLE_APPLICATION_CREDENTIALS, checked to exist. */
    readonly credentialsFile: string | null;
  };
  /**
   * Where the embedded database and `npm run dev`'s Auth Emulator keep their data (DATA_DIR);
   * `null` for `:memory:`, which keeps nothing.
   */
  readonly dataDir: string | null;
  readonly dashboard: { readonly firebaseWeb: FirebaseWebConfig | null };
  /** How long a user's "not revoked, not disabled" answer from Firebase is trusted (per uid). */
  readonly auth: { readonly revocationCacheTtlMs: number };
  readonly secretsKey: SecretsKey;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty` (pino-pretty, coloured) in development on a terminal; JSON lines otherwise. */
  readonly logFormat: 'pretty' | 'json';
  readonly keys: {
    readonly defaultRateLimit: { readonly READ_ONLY: number; readonly FULL_ACCESS: number };
    readonly cacheTtlMs: number;
    readonly cacheMax: number;
    readonly unknownCacheTtlMs: number;
    readonly unknownCacheMax: number;
    readonly lastUsedIntervalMs: number;
  };
  /** Events (the audit log) are kept this many days, then expire. */
  readonly audit: { readonly retentionDays: number };
  readonly graphql: {
    readonly introspection: boolean;
    /** GraphiQL at GET /graphql in a browser. */
    readonly ide: boolean;
    /** Longest GraphQL query string accepted, in characters; longer ones are refused before parsing. */
    readonly maxQueryLength: number;
    /** Operations presenting a Firebase ID token, counted before the token is verified. */
    readonly operationLimits: { readonly perIp: RateWindow; readonly perToken: RateWindow };
    readonly rateLimits: {
      readonly signup: RateWindow;
      readonly mintKey: RateWindow;
      readonly revokeKey: RateWindow;
      readonly query: RateWindow;
    };
  };
}

/** The dashboard's Firebase web sign-in; null: the Auth Emulator, or sign-in not configured. */
export interface FirebaseWebConfig {
  readonly apiKey: string;
  readonly authDomain: string;
}

/** The 32-byte key that seals webhook secrets at rest, and where it came from. */
export interface SecretsKey {
  readonly key: Buffer;
  /**
   * `environment`: SECRETS_KEY. `data-dir`: made on the first start of DATA_DIR and kept there.
   * `memory`: made at start and lost at exit, like the data of `DATA_DIR=:memory:`.
   */
  readonly source: 'environment' | 'data-dir' | 'memory';
}

/**
 * What the environment says. Without SECRETS_KEY, a data directory keeps the secrets key, so
 * it is only known once DATA_DIR is open: `secretsKey` is null until `withSecretsKey`.
 */
export type ParsedConfig = Omit<Config, 'secretsKey'> & { readonly secretsKey: SecretsKey | null };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** What configuration may look at besides the variables; tests hand in their own. */
export interface Surroundings {
  readonly probe: CredentialProbe;
  readonly stdoutIsTTY: boolean;
}

/**
 * Parses `env` (normally `process.env` with `.env` beneath it); throws one ConfigError listing
 * every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined>, surroundings: Partial<Surroundings> = {}): ParsedConfig {
  const probe = surroundings.probe ?? realProbe;
  const stdoutIsTTY = surroundings.stdoutIsTTY ?? Boolean(process.stdout.isTTY);
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = variables.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'environment');
        const got = typeof present[name] === 'string' && !/KEY|URI/.test(name) ? ` (got "${present[name]}")` : '';
        return `${name} ${i.message}${got}`;
      }),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems = combinationProblems(e);
  const firebase = { projectId: e.FIREBASE_PROJECT_ID ?? 'demo-keyhold', emulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST ?? null };
  const { signIn, problem: credentialsProblem } = discoverFirebaseSignIn(present, firebase, probe);
  if (credentialsProblem) problems.push(credentialsProblem);
  if (Boolean(e.FIREBASE_WEB_API_KEY) !== Boolean(e.FIREBASE_AUTH_DOMAIN)) {
    problems.push(
      `${e.FIREBASE_WEB_API_KEY ? 'FIREBASE_AUTH_DOMAIN' : 'FIREBASE_WEB_API_KEY'} is required with ${e.FIREBASE_WEB_API_KEY ? 'FIREBASE_WEB_API_KEY' : 'FIREBASE_AUTH_DOMAIN'} (the dashboard's sign-in needs both)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
    },
    mongo: { uri: e.MONGODB_URI ?? null, timeoutMs: e.MONGODB_TIMEOUT_MS },
    // Development defaults to a demo- project, which only the emulator serves.
    firebase: { ...firebase, signIn, credentialsFile: present.GOOGLE_APPLICATION_CREDENTIALS ?? null },
    dataDir: e.DATA_DIR === ':memory:' ? null : e.DATA_DIR,
    dashboard: {
      firebaseWeb: e.FIREBASE_WEB_API_KEY && e.FIREBASE_AUTH_DOMAIN ? { apiKey: e.FIREBASE_WEB_API_KEY, authDomain: e.FIREBASE_AUTH_DOMAIN } : null,
    },
    auth: { revocationCacheTtlMs: e.REVOCATION_CACHE_TTL_MS },
    secretsKey: secretsKeyFromEnvironment(e.SECRETS_KEY, e.MONGODB_URI === undefined && e.DATA_DIR === ':memory:'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' && stdoutIsTTY ? 'pretty' : 'json'),
    keys: {
      defaultRateLimit: { READ_ONLY: e.KEY_RATE_LIMIT_READ_ONLY, FULL_ACCESS: e.KEY_RATE_LIMIT_FULL_ACCESS },
      cacheTtlMs: e.KEY_CACHE_TTL_MS,
      cacheMax: e.KEY_CACHE_MAX,
      unknownCacheTtlMs: e.UNKNOWN_KEY_CACHE_TTL_MS,
      unknownCacheMax: e.UNKNOWN_KEY_CACHE_MAX,
      lastUsedIntervalMs: e.LAST_USED_INTERVAL_MS,
    },
    audit: { retentionDays: e.AUDIT_RETENTION_DAYS },
    graphql: {
      introspection: e.GRAPHQL_INTROSPECTION ?? !production,
      ide: e.GRAPHQL_IDE ?? !production,
      maxQueryLength: e.GRAPHQL_MAX_QUERY_LENGTH,
      operationLimits: { perIp: e.RATE_LIMIT_SIGNED_IN_PER_IP, perToken: e.RATE_LIMIT_SIGNED_IN_PER_TOKEN },
      rateLimits: {
        signup: e.RATE_LIMIT_SIGNUP,
        mintKey: e.RATE_LIMIT_MINT_KEY,
        revokeKey: e.RATE_LIMIT_REVOKE_KEY,
        query: e.RATE_LIMIT_QUERY,
      },
    },
  });
}

/** SECRETS_KEY when set; with nothing kept, a key made now; else null: DATA_DIR keeps it. */
function secretsKeyFromEnvironment(fromEnvironment: Buffer | undefined, inMemory: boolean): SecretsKey | null {
  if (fromEnvironment) return { key: fromEnvironment, source: 'environment' };
  return inMemory ? { key: randomBytes(32), source: 'memory' } : null;
}

/** The configuration completed with the secrets key that DATA_DIR keeps. */
export function withSecretsKey(config: ParsedConfig, secretsKey: SecretsKey): Config {
  return deepFreeze({ ...config, secretsKey });
}

function deepFreeze<T>(value: T): T {
  // Buffers cannot be frozen (typed arrays); everything else is.
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
