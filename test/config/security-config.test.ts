// The configuration of Keyhold's defences: limits and dev-mode rules, parsed once like the rest.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('GRAPHQL_MAX_QUERY_LENGTH', () => {
  it('defaults to 32 KiB of query text and takes a whole number', () => {
    expect(loadConfig({}).graphql.maxQueryLength).toBe(32 * 1024);
    expect(loadConfig({ GRAPHQL_MAX_QUERY_LENGTH: '100000' }).graphql.maxQueryLength).toBe(100_000);
  });

  it.each(['0', '10', 'lots'])('refuses %s with one line naming it', (value) => {
    expect(problems({ GRAPHQL_MAX_QUERY_LENGTH: value })).toEqual([expect.stringMatching(/^GRAPHQL_MAX_QUERY_LENGTH /)]);
  });
});

describe('limits on signed-in operations, counted before the token is verified', () => {
  it('default to 1200 a minute per address and 300 a minute per token', () => {
    expect(loadConfig({}).graphql.operationLimits).toEqual({ perIp: { max: 1200, window: '1m' }, perToken: { max: 300, window: '1m' } });
  });

  it('read RATE_LIMIT_SIGNED_IN_PER_IP and RATE_LIMIT_SIGNED_IN_PER_TOKEN', () => {
    const c = loadConfig({ RATE_LIMIT_SIGNED_IN_PER_IP: '50/s', RATE_LIMIT_SIGNED_IN_PER_TOKEN: '20/m' });
    expect(c.graphql.operationLimits).toEqual({ perIp: { max: 50, window: '1s' }, perToken: { max: 20, window: '1m' } });
    expect(problems({ RATE_LIMIT_SIGNED_IN_PER_TOKEN: 'many' })).toEqual([expect.stringMatching(/^RATE_LIMIT_SIGNED_IN_PER_TOKEN must look like 30\/m/)]);
  });
});

describe('REVOCATION_CACHE_TTL_MS', () => {
  it('defaults to 5 seconds; 0 asks Firebase on every operation', () => {
    expect(loadConfig({}).auth.revocationCacheTtlMs).toBe(5000);
    expect(loadConfig({ REVOCATION_CACHE_TTL_MS: '0' }).auth.revocationCacheTtlMs).toBe(0);
  });

  it('is bounded to 5 minutes', () => {
    expect(problems({ REVOCATION_CACHE_TTL_MS: '300001' })).toEqual([expect.stringMatching(/^REVOCATION_CACHE_TTL_MS must be at most 300000/)]);
  });
});

describe('HOST with the Auth Emulator, which accepts unsigned tokens', () => {
  const EMULATOR = { FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' };

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])('may be the loopback address %s', (host) => {
    expect(loadConfig({ ...EMULATOR, HOST: host }).http.host).toBe(host);
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'keyhold.internal', 'localhost.example.com'])(
    'refuses %s with one line naming both variables and the way out',
    (host) => {
      expect(problems({ ...EMULATOR, HOST: host })).toEqual([
        `HOST must be a loopback address (127.0.0.1, ::1, localhost) while FIREBASE_AUTH_EMULATOR_HOST is set: the emulator accepts unsigned tokens, so anyone who can reach the server could sign in as anyone (got "${host}"; set ALLOW_INSECURE_DEV_HOST=1 to listen there anyway)`,
      ]);
    },
  );

  it('allows any HOST with ALLOW_INSECURE_DEV_HOST=1, and any HOST without the emulator', () => {
    expect(loadConfig({ ...EMULATOR, HOST: '0.0.0.0', ALLOW_INSECURE_DEV_HOST: '1' }).http.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
  });

  it('takes ALLOW_INSECURE_DEV_HOST as 1 or 0 only', () => {
    expect(problems({ ...EMULATOR, HOST: '0.0.0.0', ALLOW_INSECURE_DEV_HOST: 'yes' })).toEqual([
      expect.stringMatching(/^ALLOW_INSECURE_DEV_HOST must be 1 or 0/),
    ]);
  });
});
