import { looksLikeApiKey } from '../core/key-format.js';
import { usage } from './failure.js';

/** What the CLI reads from a Firebase ID token, for display and for its expiry; never trusted. */
export interface TokenClaims {
  readonly uid: string | undefined;
  readonly email: string | undefined;
  /** Milliseconds since the epoch, when the token says. */
  readonly expiresAt: number | undefined;
}

/** The claims of a JWT, unverified (Keyhold verifies it); a bad-usage failure for anything else. */
export function readToken(token: string): TokenClaims {
  if (looksLikeApiKey(token)) {
    throw usage('That is an API key: `keyhold login` takes a Firebase ID token. Check a key with `keyhold verify`.');
  }
  const payload = token.split('.')[1];
  let claims: Record<string, unknown> | undefined;
  try {
    claims = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims !== 'object') throw usage('That is not a Firebase ID token (a JWT: three dot-separated parts).');
  return {
    uid: typeof claims.sub === 'string' ? claims.sub : undefined,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
  };
}
