import { LRUCache } from 'lru-cache';
import type { Clock } from '../core/clock.js';
import type { IdTokenOutcome, IdTokenVerifier } from './id-token-verifier.js';

export interface RevocationCacheOptions {
  readonly clock: Clock;
  /** How long a user's "not revoked, not disabled" answer is trusted; 0 checks every time. */
  readonly ttlMs: number;
  /** Users remembered at once (the least recently seen are forgotten first). */
  readonly maxUsers?: number;
}

/** What Firebase last said of a user: tokens signed in at or after `authTime` were good `at`. */
interface Known {
  readonly authTime: number;
  readonly at: number;
}

/**
 * Checks revocation and disabled users on every verification, asking Firebase at most once per
 * user per `ttlMs`. Checking revocation is a call to Firebase (a user lookup) on each
 * verification, while checking a token alone is local: so a user's "good" answer is remembered
 * briefly, per uid, and within that time only the token itself is checked.
 *
 * A revocation invalidates the tokens signed in before it (their `auth_time`), so what is
 * remembered is the sign-in time of the token that passed: an older token of the same user
 * is checked again. A refusal forgets the user, so the next operation asks Firebase afresh.
 * A user revoked or disabled is thus refused within `ttlMs`, on every instance.
 */
export class RevocationCache implements IdTokenVerifier {
  private readonly known: LRUCache<string, Known>;

  constructor(
    private readonly inner: IdTokenVerifier,
    private readonly opts: RevocationCacheOptions,
  ) {
    this.known = new LRUCache({ max: opts.maxUsers ?? 100_000 });
  }

  async verify(token: string, { checkRevoked }: { checkRevoked: boolean }): Promise<IdTokenOutcome> {
    const claims = checkRevoked ? signInClaims(token) : null;
    const trusted = claims !== null && this.recentlyGood(claims);
    const outcome = await this.inner.verify(token, { checkRevoked: checkRevoked && !trusted });
    if (claims === null || trusted) return outcome;
    // The token was verified, so its claims are its own: they can be remembered.
    if (outcome.ok && outcome.uid === claims.uid) this.known.set(claims.uid, { authTime: claims.authTime, at: this.opts.clock.now() });
    else this.known.delete(claims.uid);
    return outcome;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private recentlyGood(claims: SignInClaims): boolean {
    const known = this.known.get(claims.uid);
    return known !== undefined && this.opts.clock.now() - known.at < this.opts.ttlMs && claims.authTime >= known.authTime;
  }
}

interface SignInClaims {
  readonly uid: string;
  /** `auth_time`, seconds: when the user signed in to get this token. */
  readonly authTime: number;
}

/**
 * The `sub` and `auth_time` claims of a JWT, read without verifying it: only to find what is
 * remembered of its user. Whether the token is good is still decided by the verifier, and a
 * token whose claims are unreadable is simply checked in full.
 */
function signInClaims(token: string): SignInClaims | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; auth_time?: unknown };
    if (typeof claims.sub !== 'string' || typeof claims.auth_time !== 'number') return null;
    return { uid: claims.sub, authTime: claims.auth_time };
  } catch {
    return null;
  }
}
