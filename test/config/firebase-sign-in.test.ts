// Whether Firebase sign-in can work is decided once, at start, where firebase-admin itself would
// look for credentials; a server that cannot verify ID tokens says so in one line.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { signInAdvice, type CredentialProbe } from '../../src/config/firebase-sign-in.js';

/** A machine with exactly these files, on or off Compute Engine. */
const machine = (files: string[] = [], gce = false): CredentialProbe => ({ fileExists: (f) => files.includes(f), onComputeEngine: () => gce });
const signIn = (env: Record<string, string>, probe = machine()) => loadConfig(env, { probe }).firebase.signIn;

describe('Firebase sign-in is configured', () => {
  it('with the Auth Emulator', () => {
    expect(signIn({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' })).toEqual({ configured: true, via: 'the Auth Emulator at 127.0.0.1:9099' });
  });

  it('with GOOGLE_APPLICATION_CREDENTIALS naming a file that exists', () => {
    const env = { FIREBASE_PROJECT_ID: 'acme-prod', GOOGLE_APPLICATION_CREDENTIALS: '/run/secrets/sa.json' };
    expect(signIn(env, machine(['/run/secrets/sa.json']))).toMatchObject({ configured: true, via: expect.stringContaining('GOOGLE_APPLICATION_CREDENTIALS') });
    expect(loadConfig(env, { probe: machine(['/run/secrets/sa.json']) }).firebase.credentialsFile).toBe('/run/secrets/sa.json');
  });

  it("with gcloud's application default credentials in HOME, or in CLOUDSDK_CONFIG", () => {
    expect(
      signIn({ FIREBASE_PROJECT_ID: 'acme-prod', HOME: '/home/ada' }, machine(['/home/ada/.config/gcloud/application_default_credentials.json'])),
    ).toMatchObject({
      configured: true,
    });
    expect(
      signIn(
        { FIREBASE_PROJECT_ID: 'acme-prod', HOME: '/home/ada', CLOUDSDK_CONFIG: '/etc/gcloud' },
        machine(['/etc/gcloud/application_default_credentials.json']),
      ),
    ).toMatchObject({
      configured: true,
    });
  });

  it('on Google Cloud: Cloud Run, Compute Engine, or METADATA_SERVER_DETECTION=assume-present', () => {
    expect(signIn({ FIREBASE_PROJECT_ID: 'acme-prod', K_SERVICE: 'keyhold' })).toMatchObject({ configured: true, via: 'the Google Cloud metadata server' });
    expect(signIn({ FIREBASE_PROJECT_ID: 'acme-prod' }, machine([], true))).toMatchObject({ configured: true });
    expect(signIn({ FIREBASE_PROJECT_ID: 'acme-prod', METADATA_SERVER_DETECTION: 'assume-present' })).toMatchObject({ configured: true });
    expect(signIn({ FIREBASE_PROJECT_ID: 'acme-prod', METADATA_SERVER_DETECTION: 'none' }, machine([], true))).toMatchObject({ configured: false });
  });
});

describe('Firebase sign-in is not configured', () => {
  it('with nothing set (npm start on a fresh clone): the demo project needs the emulator', () => {
    const result = signIn({});
    expect(result).toMatchObject({ configured: false, why: expect.stringContaining('demo-keyhold') });
  });

  it('with a demo project and credentials: only the emulator serves demo- projects', () => {
    expect(signIn({ GOOGLE_APPLICATION_CREDENTIALS: '/sa.json' }, machine(['/sa.json']))).toMatchObject({ configured: false });
  });

  it('with a real project and no credentials anywhere', () => {
    expect(signIn({ FIREBASE_PROJECT_ID: 'acme-prod', HOME: '/home/ada' })).toEqual({
      configured: false,
      why: 'no Google credentials were found for project acme-prod',
    });
  });

  it('says so in one line that names what to do', () => {
    const advice = signInAdvice(signIn({}))!;
    expect(advice.split('\n')).toHaveLength(1);
    expect(advice).toContain('not configured');
    expect(advice).toContain('npm run dev');
    expect(advice).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(signInAdvice(signIn({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }))).toBeNull();
  });
});

it('GOOGLE_APPLICATION_CREDENTIALS naming a missing file stops the start, naming the variable', () => {
  const load = () => loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', GOOGLE_APPLICATION_CREDENTIALS: '/nope.json' }, { probe: machine() });
  expect(load).toThrow(ConfigError);
  expect(() => load()).toThrow('GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist (got "/nope.json")');
});
