import { DependencyUnavailableError } from '../core/unavailable.js';
import type { IdTokenVerifier } from './id-token-verifier.js';

/**
 * The verifier when configuration found no way to verify ID tokens (no Auth Emulator, no Google
 * credentials; see src/config/firebase-sign-in.ts): every token is answered UNAVAILABLE with a
 * message that says sign-in is not configured. Calling Firebase anyway would only ever fail, and
 * firebase-admin's failure reads as "your token is bad", which sends people chasing the wrong thing.
 */
export function signInNotConfigured(): IdTokenVerifier {
  return {
    verify: () => Promise.reject(new DependencyUnavailableError('firebase', { code: 'SIGN_IN_NOT_CONFIGURED' })),
    close: () => Promise.resolve(),
  };
}
