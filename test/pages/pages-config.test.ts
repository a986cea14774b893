// Configuration of the browser-facing pages: the GraphQL IDE, and the proxy hops behind which
// https is believed.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/keyhold', FIREBASE_PROJECT_ID: 'acme-prod', SECRETS_KEY: KEY };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

describe('GRAPHQL_IDE', () => {
  it('is on in development and tests, off in production unless configured', () => {
    expect(loadConfig({}).graphql.ide).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).graphql.ide).toBe(true);
    expect(loadConfig(PRODUCTION).graphql.ide).toBe(false);
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_IDE: 'true' }).graphql.ide).toBe(true);
    expect(loadConfig({ GRAPHQL_IDE: 'false' }).graphql.ide).toBe(false);
  });

  it('is refused unless true or false', () => {
    expect(problems({ GRAPHQL_IDE: 'yes' })).toEqual([expect.stringMatching(/^GRAPHQL_IDE /)]);
  });
});

describe('TRUST_PROXY', () => {
  it('counts proxy hops, 0 (none) by default', () => {
    expect(loadConfig({}).http.trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
  });

  it.each(['-1', 'true', '11'])('refuses %s with a line naming it', (value) => {
    expect(problems({ TRUST_PROXY: value })).toEqual([expect.stringMatching(/^TRUST_PROXY must/)]);
  });
});

