// firebase-admin as it behaves in production, over the Auth Emulator. In production,
// verifyIdToken(token) checks the token alone, locally (its signature against Google's cached
// keys, and its claims), and only checkRevoked = true looks the user up at Firebase, which is
// where a revoked token or a disabled user shows. In emulator mode firebase-admin looks the user
// up on every call, which would hide a server that forgets to ask: this stand-in asks the
// emulator only when told to check revocation, and counts how often it does.
import { firebaseVerifier, type IdTokenOutcome, type IdTokenVerifier } from '../../src/auth/id-token-verifier.js';
import { decodeToken, type EmulatorTarget } from './firebase-tokens.js';

export class ProductionLikeVerifier implements IdTokenVerifier {
  /** Calls that went to Firebase: one user lookup each, in production. */
  lookups = 0;
  private readonly firebase: IdTokenVerifier;

  constructor(private readonly emulator: EmulatorTarget) {
    this.firebase = firebaseVerifier({ projectId: emulator.projectId, emulatorHost: emulator.host });
  }

  async verify(token: string, { checkRevoked }: { checkRevoked: boolean }): Promise<IdTokenOutcome> {
    if (checkRevoked) {
      this.lookups += 1;
      return this.firebase.verify(token, { checkRevoked: true });
    }
    // Emulator tokens are unsigned: the local check is the claims firebase-admin checks.
    try {
      const claims = decodeToken(token);
      const good =
        claims.aud === this.emulator.projectId &&
        claims.iss === `https://securetoken.google.com/${this.emulator.projectId}` &&
        typeof claims.sub === 'string' &&
        claims.sub.length > 0 &&
        claims.exp > Date.now() / 1000;
      return good ? { ok: true, uid: claims.sub } : { ok: false };
    } catch {
      return { ok: false };
    }
  }

  close(): Promise<void> {
    return this.firebase.close();
  }
}
