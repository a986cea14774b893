import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { DependencyUnavailableError } from '../errors/unavailable.js';

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

export function firebaseVerifier(opts: { projectId: string; emulatorHost: string | null }): IdTokenVerifier {
  // firebase-admin reads the emulator address from the environment only; configuration (which
  // refuses it in production) is the single source, so it is mirrored here and nowhere else.
  if (opts.emulatorHost) process.env.FIREBASE_AUTH_EMULATOR_HOST = opts.emulatorHost;
  const app: App = initializeApp({ projectId: opts.projectId }, `keyhold-${randomUUID()}`);
  const auth: Auth = getAuth(app);
  return {
    async verify(token, { checkRevoked }) {
      try {
        const decoded = await auth.verifyIdToken(token, checkRevoked);
        return { ok: true, uid: decoded.uid };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && REJECTIONS.has(code)) return { ok: false };
        throw new DependencyUnavailableError('firebase', { cause: err });
      }
    },
    close: () => deleteApp(app),
  };
}
