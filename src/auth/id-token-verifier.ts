import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { DependencyUnavailableError } from '../core/unavailable.js';
import type { Logger } from '../logging/logger.js';

export type IdTokenOutcome = { readonly ok: true; readonly uid: string } | { readonly ok: false };

/** Verifies Firebase ID tokens; throws DependencyUnavailableError when Firebase cannot be reached. */
export interface IdTokenVerifier {
  verify(token: string, opts: { checkRevoked: boolean }): Promise<IdTokenOutcome>;
  close(): Promise<void>;
}

// What firebase-admin says when the credential itself is bad: the caller must sign in again.
const REJECTIONS = new Set([
  'auth/argument-error',
  'auth/id-token-expired',
  'auth/id-token-revoked',
  'auth/invalid-id-token',
  'auth/user-disabled',
  'auth/user-not-found',
  'auth/invalid-argument',
  'auth/project-not-found',
  'auth/tenant-id-mismatch',
]);
// firebase-admin reports a failed fetch of Google's public keys as auth/argument-error, the code
// of a bad token; only its message tells the outage apart (utils/jwt.js, token-verifier.js).
const KEY_FETCH_FAILURE = /^(Error while making request|Error fetching public keys)/;

/**
 * Whether a verifyIdToken failure means "this token is no good" (UNAUTHENTICATED) or "Firebase
 * cannot be reached" (UNAVAILABLE). A payload that is not JSON makes jsonwebtoken throw a bare
 * SyntaxError before firebase-admin can wrap it: that is a bad token too.
 */
export function classifyVerifyFailure(err: unknown): 'rejected' | 'unavailable' {
  if (err instanceof SyntaxError) return 'rejected';
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !REJECTIONS.has(code)) return 'unavailable';
  if (code === 'auth/argument-error' && typeof message === 'string' && KEY_FETCH_FAILURE.test(message)) return 'unavailable';
  return 'rejected';
}

export function firebaseVerifier(opts: { projectId: string; emulatorHost: string | null; credentialsFile?: string | null }, logger?: Logger): IdTokenVerifier {
  // firebase-admin reads the emulator address and the credentials file from the environment
  // only; configuration (which refuses the emulator in production, and may have read either
  // from .env) is the single source, so they are mirrored here and nowhere else.
  if (opts.emulatorHost) process.env.FIREBASE_AUTH_EMULATOR_HOST = opts.emulatorHost;
  if (opts.credentialsFile) process.env.GOOGLE_APPLICATION_CREDENTIALS = opts.credentialsFile;
  const app: App = initializeApp({ projectId: opts.projectId }, `keyhold-${randomUUID()}`);
  const auth: Auth = getAuth(app);
  return {
    async verify(token, { checkRevoked }) {
      try {
        const decoded = await auth.verifyIdToken(token, checkRevoked);
        return { ok: true, uid: decoded.uid };
      } catch (err) {
        if (classifyVerifyFailure(err) === 'rejected') return { ok: false };
        // Callers only see UNAVAILABLE; operators need the cause. firebase-admin's messages name
        // the endpoint, never the token (and the logger scrubs token shapes regardless).
        const { name, code, message } = err as { name?: string; code?: string; message?: string };
        logger?.warn({ err: { name, code, message } }, 'firebase unreachable: ID token not verified');
        throw new DependencyUnavailableError('firebase', { cause: err });
      }
    },
    close: () => deleteApp(app),
  };
}
