import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';

/**
 * Whether this server can verify Firebase ID tokens at all, decided once at start. It mirrors
 * where firebase-admin (through google-auth-library) looks for credentials, in its order: the
 * Auth Emulator, GOOGLE_APPLICATION_CREDENTIALS, gcloud's application default credentials file,
 * then the metadata server of a Google Cloud runtime. A `demo-` project is served by the
 * emulator only, so it never counts as configured without it.
 */
export type FirebaseSignIn = { readonly configured: true; readonly via: string } | { readonly configured: false; readonly why: string };

/** What the discovery may look at besides the variables: the file system and the machine. */
export interface CredentialProbe {
  fileExists(file: string): boolean;
  /** A Compute Engine machine, as gcp-metadata tells one without the network (its BIOS, its MAC). */
  onComputeEngine(): boolean;
}

export const realProbe: CredentialProbe = {
  fileExists: (file) => existsSync(file),
  onComputeEngine() {
    try {
      if (process.platform === 'linux' && /Google/.test(readFileSync('/sys/class/dmi/id/bios_vendor', 'utf8'))) return true;
    } catch {
      /* not readable: not a GCE BIOS */
    }
    return Object.values(networkInterfaces()).some((list) => list?.some((i) => /^42:01/.test(i.mac)));
  },
};

type Env = Readonly<Record<string, string | undefined>>;

/** The one line an operator reads at start when sign-in cannot work, and what to do about it. */
export function signInAdvice(signIn: FirebaseSignIn): string | null {
  if (signIn.configured) return null;
  return (
    `Firebase sign-in is not configured (${signIn.why}): ID tokens are answered UNAVAILABLE, API keys work. ` +
    'For development run `npm run dev` (the Auth Emulator beside the server); for a Firebase project set ' +
    'FIREBASE_PROJECT_ID and GOOGLE_APPLICATION_CREDENTIALS, or run `gcloud auth application-default login`.'
  );
}

/** A problem that should stop the process (a credentials file that is not there), or the outcome. */
export function discoverFirebaseSignIn(
  env: Env,
  firebase: { readonly projectId: string; readonly emulatorHost: string | null },
  probe: CredentialProbe,
): { signIn: FirebaseSignIn; problem?: string } {
  if (firebase.emulatorHost) return { signIn: { configured: true, via: `the Auth Emulator at ${firebase.emulatorHost}` } };
  if (firebase.projectId.startsWith('demo-')) {
    const why = `FIREBASE_PROJECT_ID is ${firebase.projectId}, a demo project that only the Auth Emulator serves, and FIREBASE_AUTH_EMULATOR_HOST is unset`;
    return { signIn: { configured: false, why } };
  }
  const credentialsFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (credentialsFile) {
    if (probe.fileExists(credentialsFile)) return { signIn: { configured: true, via: `GOOGLE_APPLICATION_CREDENTIALS (${credentialsFile})` } };
    return {
      signIn: { configured: false, why: 'GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist' },
      problem: `GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist (got "${credentialsFile}")`,
    };
  }
  const wellKnown = gcloudCredentialsFile(env);
  if (wellKnown && probe.fileExists(wellKnown)) return { signIn: { configured: true, via: `gcloud's application default credentials (${wellKnown})` } };
  if (onGoogleCloud(env, probe)) return { signIn: { configured: true, via: 'the Google Cloud metadata server' } };
  return { signIn: { configured: false, why: `no Google credentials were found for project ${firebase.projectId}` } };
}

/** Where `gcloud auth application-default login` writes, as google-auth-library looks for it. */
function gcloudCredentialsFile(env: Env): string | null {
  let dir = env.CLOUDSDK_CONFIG;
  if (!dir && process.platform === 'win32' && env.APPDATA) dir = path.join(env.APPDATA, 'gcloud');
  if (!dir && env.HOME) dir = path.join(env.HOME, '.config', 'gcloud');
  return dir ? path.join(dir, 'application_default_credentials.json') : null;
}

/**
 * gcp-metadata's own test, without its network probe (which would cost a timeout at every start
 * elsewhere): Cloud Run and Cloud Functions by their variables, Compute Engine by its machine.
 * METADATA_SERVER_DETECTION, gcp-metadata's override, is honoured both ways.
 */
function onGoogleCloud(env: Env, probe: CredentialProbe): boolean {
  const detection = env.METADATA_SERVER_DETECTION?.trim().toLowerCase();
  if (detection === 'assume-present') return true;
  if (detection === 'none') return false;
  if (env.CLOUD_RUN_JOB || env.FUNCTION_NAME || env.K_SERVICE) return true;
  return probe.onComputeEngine();
}
