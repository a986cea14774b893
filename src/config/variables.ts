import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The environment variables configuration reads, each checked on its own (a zod schema), and
 * the rules that hold between them. src/config/config.ts turns them into the Config.
 */

export interface RateWindow {
  readonly max: number;
  /** The window: a count and a unit (s, m, h, d), e.g. `1m`, `1h`. */
  readonly window: string;
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

export const variables = z.object({
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
  FIREBASE_WEB_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be the Web API key of the Firebase project (Project settings → General)')
    .optional(),
  FIREBASE_AUTH_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a host name such as my-project.firebaseapp.com')
    .optional(),
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
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
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
  AUDIT_RETENTION_DAYS: int(1, 36_500).default(365),
  GRAPHQL_INTROSPECTION: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  GRAPHQL_IDE: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  GRAPHQL_MAX_QUERY_LENGTH: int(256, 10 * 1024 * 1024).default(32 * 1024),
  RATE_LIMIT_SIGNUP: rate.default({ max: 10, window: '1h' }),
  RATE_LIMIT_MINT_KEY: rate.default({ max: 30, window: '1m' }),
  RATE_LIMIT_REVOKE_KEY: rate.default({ max: 60, window: '1m' }),
  RATE_LIMIT_QUERY: rate.default({ max: 600, window: '1m' }),
  RATE_LIMIT_SIGNED_IN_PER_IP: rate.default({ max: 1200, window: '1m' }),
  RATE_LIMIT_SIGNED_IN_PER_TOKEN: rate.default({ max: 300, window: '1m' }),
  REVOCATION_CACHE_TTL_MS: int(0, 300_000).default(5000),
});

export type Variables = z.output<typeof variables>;

/** What is wrong with the variables taken together (each one is already valid on its own). */
export function combinationProblems(e: Variables): string[] {
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
  return problems;
}

/** 127.0.0.0/8, ::1 (bracketed or not, or IPv4-mapped) and localhost: reachable from this machine only. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./.test(bare);
  return false;
}
