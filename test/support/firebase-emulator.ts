// The suite's Auth Emulator as test files see it, and a firebase-admin Auth bound to it.
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { inject } from 'vitest';
import type { EmulatorTarget } from './firebase-tokens.js';

export { startAuthEmulator, type AuthEmulator } from '../../scripts/auth-emulator.js';
export type { EmulatorTarget } from './firebase-tokens.js';

/**
 * The emulator global-setup started (or found), with `FIREBASE_AUTH_EMULATOR_HOST` set in
 * this worker: firebase-admin reads that variable from process.env, both when an Auth
 * instance is made and on every verifyIdToken, so a server built after this call uses it.
 */
export function useAuthEmulator(): EmulatorTarget {
  const target = { host: inject('authEmulatorHost'), projectId: inject('firebaseProjectId') };
  process.env.FIREBASE_AUTH_EMULATOR_HOST = target.host;
  return target;
}

/**
 * firebase-admin Auth for assertions, on a named app so it never collides with the default
 * app the server initializes. Call it while FIREBASE_AUTH_EMULATOR_HOST points at the target:
 * firebase-admin fixes an Auth instance's endpoint when it is first made.
 */
export function helperAuth(target: EmulatorTarget): Auth {
  const name = `keyhold-test-helpers ${target.projectId}@${target.host}`;
  const app = getApps().find((candidate) => candidate.name === name) ?? initializeApp({ projectId: target.projectId }, name);
  return getAuth(app);
}
