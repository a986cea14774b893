import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { discoverFirebaseSignIn, realProbe, type CredentialProbe, type FirebaseSignIn } from './firebase-sign-in.js';

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
    /** Reverse-proxy hops whose X-Forwarded-* headers are believed (0: none). */
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

export interface RateWindow {
  readonly max: number;
  /** The window: a count and a unit (s, m, h, d), e.g. `1m`, `1h`. */
  readonly window: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const rate = z
  .string()
  .regex(/^\d+\/(s|m|h|d)$/, 'must look like 30/m (count per s, m, h or d)')
  .transform((v): RateWindow => {
    const [max, unit] = v.split('/');
    return { max: Number(max), window: `1${unit}` };
  })
  .refine((r) => r.max >= 1, 'must allow at least 1 request');

const hostPort = z.string().regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, 'must be host:port');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
  MONGODB_TIMEOUT_MS: int(100, 60_000).default(2000),
  DATA_DIR: z.string().default('./.keyhold-data'),
  FIREBASE_PROJECT_ID: z
    .string()
    .regex(/^[a-z0-9-]{4,40}$/, 'must be a Firebase project id (lowercase letters, digits, dashes)')
    .optional(),
  FIREBASE_AUTH_EMULATOR_HOST: hostPort.optional(),
  FIREBASE_WEB_API_KEY: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be the Web API key of the Firebase project (Project settings → General)').optional(),
  FIREBASE_AUTH_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a host name such as my-project.firebaseapp.com').optional(),
  ALLOW_INSECURE_DEV_HOST: z.enum(['1', '0'], { message: 'must be 1 or 0' }).default('0'),
  SECRETS_KEY: z
    .string()
    .transform((v) => Buffer.from(v, 'base64'))
    .refine((b) => b.length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be a comma-separated list of origins like https://app.example.com')))
    .default([]),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(1024 * 1024),
  REQUEST_TIMEOUT_MS: int(1000, 300_000).default(30_000),
  TRUST_PROXY: int(0, 10).default(0),
  KEY_RATE_LIMIT_READ_ONLY: int(1, 1_000_000).default(120),
  KEY_RATE_LIMIT_FULL_ACCESS: int(1, 1_000_000).default(20),
  KEY_CACHE_TTL_MS: int(0, 3_600_000).default(5000),
  KEY_CACHE_MAX: int(1, 10_000_000).default(100_000),
  UNKNOWN_KEY_CACHE_TTL_MS: int(0, 60_000).default(2000),
  UNKNOWN_KEY_CACHE_MAX: int(1, 1_000_000).default(10_000),
  LAST_USED_INTERVAL_MS: int(1000, 3_600_000).default(60_000),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  GRAPHQL_IDE: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  GRAPHQL_MAX_QUERY_LENGTH: int(256, 10 * 1024 * 1024).default(32 * 1024),
  RATE_LIMIT_SIGNUP: rate.default({ max: 10, window: '1h' }),
  RATE_LIMIT_MINT_KEY: rate.default({ max: 30, window: '1m' }),
  RATE_LIMIT_REVOKE_KEY: rate.default({ max: 60, window: '1m' }),
  RATE_LIMIT_QUERY: rate.default({ max: 600, window: '1m' }),
  RATE_LIMIT_SIGNED_IN_PER_IP: rate.default({ max: 1200, window: '1m' }),
  RATE_LIMIT_SIGNED_IN_PER_TOKEN: rate.default({ max: 300, window: '1m' }),
  REVOCATION_CACHE_TTL_MS: int(0, 300_000).default(5000),
});

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
  const parsed = schema.safeParse(present);
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
  const problems: string[] = [];
  if (production && e.FIREBASE_AUTH_EMULATOR_HOST) {
    problems.push('FIREBASE_AUTH_EMULATOR_HOST must not be set when NODE_ENV=production (the emulator accepts unsigned tokens)');
  }
  if (e.FIREBASE_AUTH_EMULATOR_HOST && e.ALLOW_INSECURE_DEV_HOST !== '1' && !isLoopback(e.HOST)) {
    problems.push(
      `HOST must be a loopback address (127.0.0.1, ::1, localhost) while FIREBASE_AUTH_EMULATOR_HOST is set: the emulator accepts unsigned tokens, so anyone who can reach the server could sign in as anyone (got "${e.HOST}"; set ALLOW_INSECURE_DEV_HOST=1 to listen there anyway)`,
    );
  }
  if (production && !e.MONGODB_URI) {
    problems.push('MONGODB_URI is required when NODE_ENV=production (the embedded database is for development and tests)');
  }
  if (production && !e.FIREBASE_PROJECT_ID) problems.push('FIREBASE_PROJECT_ID is required when NODE_ENV=production');
  if ((production || e.MONGODB_URI) && !e.SECRETS_KEY) {
    problems.push('SECRETS_KEY is required with MONGODB_URI or NODE_ENV=production (32 bytes, base64: openssl rand -base64 32)');
  }
  const firebase = { projectId: e.FIREBASE_PROJECT_ID ?? 'demo-keyhold', emulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST ?? null };
  const { signIn, problem: credentialsProblem } = discoverFirebaseSignIn(present, firebase, probe);
  if (credentialsProblem) problems.push(credentialsProblem);
  if (Boolean(e.FIREBASE_WEB_API_KEY) !== Boolean(e.FIREBASE_AUTH_DOMAIN)) {
    problems.push(`${e.FIREBASE_WEB_API_KEY ? 'FIREBASE_AUTH_DOMAIN' : 'FIREBASE_WEB_API_KEY'} is required with ${e.FIREBASE_WEB_API_KEY ? 'FIREBASE_WEB_API_KEY' : 'FIREBASE_AUTH_DOMAIN'} (the dashboard's sign-in needs both)`);
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

/** 127.0.0.0/8, ::1 (bracketed or not, or IPv4-mapped) and localhost: reachable from this machine only. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./.test(bare);
  return false;
}

function deepFreeze<T>(value: T): T {
  // Buffers cannot be frozen (typed arrays); everything else is.
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
