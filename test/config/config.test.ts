import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('starts with nothing set: embedded database in ./.keyhold-data (which keeps the secrets key), demo project, the contract defaults', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 4000 });
    expect(c.mongo.uri).toBeNull();
    expect(c.dataDir).toBe('./.keyhold-data');
    expect(c.firebase).toMatchObject({ projectId: 'demo-keyhold', emulatorHost: null, signIn: { configured: false } });
    expect(c.secretsKey).toBeNull();
    expect(c.logLevel).toBe('info');
    expect(c.keys.defaultRateLimit).toEqual({ READ_ONLY: 120, FULL_ACCESS: 20 });
    expect(c.keys.cacheTtlMs).toBe(5000);
    expect(c.graphql.rateLimits).toEqual({
      signup: { max: 10, window: '1h' },
      mintKey: { max: 30, window: '1m' },
      revokeKey: { max: 60, window: '1m' },
      query: { max: 600, window: '1m' },
    });
    expect(c.graphql.introspection).toBe(true);
  });

  it('is frozen all the way down', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.http)).toBe(true);
    expect(Object.isFrozen(c.graphql.rateLimits.signup)).toBe(true);
    expect(() => {
      (c.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('reads every variable of the contract table', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      MONGODB_URI: 'mongodb://db.internal:27017/keyhold',
      FIREBASE_PROJECT_ID: 'acme-prod',
      SECRETS_KEY: KEY,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RATE_LIMIT_MINT_KEY: '5/h',
      CORS_ORIGINS: 'https://app.acme.com, https://admin.acme.com',
    });
    expect(c.http).toMatchObject({ host: '0.0.0.0', port: 8080, corsOrigins: ['https://app.acme.com', 'https://admin.acme.com'] });
    expect(c.mongo.uri).toBe('mongodb://db.internal:27017/keyhold');
    expect(c.firebase).toMatchObject({ projectId: 'acme-prod', emulatorHost: null });
    expect(c.secretsKey).toEqual({ key: Buffer.alloc(32, 7), source: 'environment' });
    expect(c.logLevel).toBe('warn');
    expect(c.graphql.rateLimits.mintKey).toEqual({ max: 5, window: '1h' });
    expect(c.graphql.introspection).toBe(false);
  });

  it.each([
    [{ PORT: 'notaport' }, /^PORT must be a whole number from 0 to 65535 \(got "notaport"\)$/],
    [{ PORT: '70000' }, /^PORT must be at most 65535/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL /],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV /],
    [{ MONGODB_URI: 'postgres://x' }, /^MONGODB_URI must be a mongodb:\/\/ or mongodb\+srv:\/\/ URI$/],
    [{ SECRETS_KEY: 'c2hvcnQ=' }, /^SECRETS_KEY must be 32 bytes, base64-encoded/],
    [{ FIREBASE_AUTH_EMULATOR_HOST: 'localhost' }, /^FIREBASE_AUTH_EMULATOR_HOST must be host:port/],
    [{ RATE_LIMIT_SIGNUP: 'ten' }, /^RATE_LIMIT_SIGNUP must look like 30\/m/],
    [{ CORS_ORIGINS: 'not a url' }, /^CORS_ORIGINS /],
  ])('refuses %o with one line naming the variable', (env, line) => {
    const found = problems(env as Record<string, string>);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(line);
  });

  it('never echoes a secret value it refuses', () => {
    const [line] = problems({ SECRETS_KEY: 'dG9vLXNob3J0LXNlY3JldA==' });
    expect(line).not.toContain('dG9vLXNob3J0LXNlY3JldA==');
  });

  it('reports every bad variable at once', () => {
    expect(
      problems({ PORT: 'x', LOG_LEVEL: 'loud', KEY_CACHE_TTL_MS: '-1' })
        .map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['KEY_CACHE_TTL_MS', 'LOG_LEVEL', 'PORT']);
  });

  it('forbids the emulator and the embedded database in production, and demands its secrets', () => {
    expect(
      problems({
        NODE_ENV: 'production',
        FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099',
        MONGODB_URI: 'mongodb://x',
        FIREBASE_PROJECT_ID: 'acme',
        SECRETS_KEY: KEY,
      }),
    ).toEqual([expect.stringMatching(/^FIREBASE_AUTH_EMULATOR_HOST must not be set when NODE_ENV=production/)]);
    expect(
      problems({ NODE_ENV: 'production' })
        .map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['FIREBASE_PROJECT_ID', 'MONGODB_URI', 'SECRETS_KEY']);
  });

  it('requires SECRETS_KEY with a real MongoDB, where a key made at start would lose the webhook secrets', () => {
    expect(problems({ MONGODB_URI: 'mongodb://localhost:27017' })).toEqual([expect.stringMatching(/^SECRETS_KEY is required with MONGODB_URI/)]);
  });

  it('DATA_DIR=:memory: keeps nothing, so a secrets key made at start serves; SECRETS_KEY still wins', () => {
    const memory = loadConfig({ DATA_DIR: ':memory:' });
    expect(memory.dataDir).toBeNull();
    expect(memory.secretsKey?.source).toBe('memory');
    expect(memory.secretsKey?.key).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: ':memory:', SECRETS_KEY: KEY }).secretsKey).toEqual({ key: Buffer.alloc(32, 7), source: 'environment' });
    expect(loadConfig({ DATA_DIR: '/var/lib/keyhold', SECRETS_KEY: KEY }).secretsKey?.source).toBe('environment');
    expect(loadConfig({ DATA_DIR: '/var/lib/keyhold' }).dataDir).toBe('/var/lib/keyhold');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).http.port).toBe(4000);
  });
});
