// Configuration of the browser-facing pages: the GraphQL IDE, the proxy hops behind which
// https is believed, and the dashboard's Firebase web sign-in.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { dashboardClientConfig, dashboardSources } from '../../src/dashboard/dashboard-config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/keyhold', FIREBASE_PROJECT_ID: 'acme-prod', SECRETS_KEY: KEY };
const WEB = { FIREBASE_WEB_API_KEY: 'AIzaSyA-1234567890abcdefghijklmnopqrstu', FIREBASE_AUTH_DOMAIN: 'acme-prod.firebaseapp.com' };

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

describe("the dashboard's Firebase web sign-in", () => {
  it('takes FIREBASE_WEB_API_KEY and FIREBASE_AUTH_DOMAIN together, in production too', () => {
    expect(loadConfig({ ...PRODUCTION, ...WEB }).dashboard.firebaseWeb).toEqual({ apiKey: WEB.FIREBASE_WEB_API_KEY, authDomain: WEB.FIREBASE_AUTH_DOMAIN });
    expect(loadConfig(PRODUCTION).dashboard.firebaseWeb).toBeNull();
  });

  it('refuses one without the other, or a malformed value, with a line naming the variable', () => {
    expect(problems({ FIREBASE_WEB_API_KEY: WEB.FIREBASE_WEB_API_KEY })).toEqual([
      expect.stringMatching(/^FIREBASE_AUTH_DOMAIN is required with FIREBASE_WEB_API_KEY/),
    ]);
    expect(problems({ FIREBASE_AUTH_DOMAIN: WEB.FIREBASE_AUTH_DOMAIN })).toEqual([
      expect.stringMatching(/^FIREBASE_WEB_API_KEY is required with FIREBASE_AUTH_DOMAIN/),
    ]);
    expect(problems({ ...WEB, FIREBASE_AUTH_DOMAIN: 'https://acme.firebaseapp.com/' })).toEqual([
      expect.stringMatching(/^FIREBASE_AUTH_DOMAIN must be a host name/),
    ]);
    expect(problems({ ...WEB, FIREBASE_WEB_API_KEY: 'short' })).toEqual([expect.stringMatching(/^FIREBASE_WEB_API_KEY must be the Web API key/)]);
  });

  it('with a real project: email and password or Google, and a CSP that admits Firebase Auth and its sign-in popup', () => {
    const client = dashboardClientConfig(loadConfig({ ...PRODUCTION, ...WEB }));
    expect(client).toMatchObject({
      firebase: { apiKey: WEB.FIREBASE_WEB_API_KEY, authDomain: WEB.FIREBASE_AUTH_DOMAIN, projectId: 'acme-prod' },
      emulatorUrl: null,
      google: true,
    });
    expect(dashboardSources(client)).toEqual({
      connectSrc: ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com', 'https://www.googleapis.com'],
      scriptSrc: ['https://apis.google.com'],
      frameSrc: ['https://acme-prod.firebaseapp.com'],
    });
  });

  it('with the Auth Emulator: the emulator, and no Google (it would be a fake one)', () => {
    const client = dashboardClientConfig(loadConfig({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099', ...WEB }));
    expect(client).toMatchObject({ emulatorUrl: 'http://127.0.0.1:9099', google: false });
    expect(dashboardSources(client)).toEqual({ connectSrc: ['http://127.0.0.1:9099'] });
  });

  it('with neither: no sign-in, and the page says how to configure it', () => {
    const client = dashboardClientConfig(loadConfig(PRODUCTION));
    expect(client).toMatchObject({ firebase: null, emulatorUrl: null, google: false });
    expect(dashboardSources(client)).toEqual({});
  });
});
