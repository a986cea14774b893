import type { Credential } from '../core/credentials.js';
import type { Failure } from '../core/errors.js';
import type { KeyRecord } from '../core/key-record.js';
import { ANONYMOUS, type Principal } from '../core/principal.js';
import type { KeyAuthenticator } from '../keys/key-authenticator.js';
import type { RateDecision } from '../keys/key-rate-limiter.js';
import type { IdTokenVerifier } from './id-token-verifier.js';

/** Who a credential belongs to; for a recognised key, also its id and rate decision (for headers). */
export type Authentication =
  | { readonly ok: true; readonly principal: Principal; readonly key?: KeyRecord; readonly rate?: RateDecision }
  | { readonly ok: false; readonly failure: Failure; readonly key?: KeyRecord; readonly rate?: RateDecision };

export interface AuthServiceDeps {
  readonly keyAuth: KeyAuthenticator;
  readonly idTokens: IdTokenVerifier;
}

/**
 * Turns what a request presented into a principal, once per request: an API key through the one
 * key-authentication path (/verify's), spending a unit of its limit; a Firebase ID token through
 * firebase-admin, revocation and disabled users checked every time (the verifier handed in keeps
 * Firebase's answer per user briefly: src/auth/revocation-cache.ts). An unreachable database or
 * Firebase is thrown, never a refusal.
 */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async authenticate(credential: Credential): Promise<Authentication> {
    switch (credential.kind) {
      case 'none':
        return { ok: true, principal: ANONYMOUS };
      case 'malformed':
        return { ok: false, failure: { code: 'MISSING_CREDENTIAL', detail: credential.problem } };
      case 'apiKey': {
        const outcome = await this.deps.keyAuth.authenticate(credential.value);
        if (!outcome.ok) return outcome;
        return { ok: true, principal: { kind: 'apiKey', key: outcome.key }, key: outcome.key, rate: outcome.rate };
      }
      case 'idToken': {
        const outcome = await this.deps.idTokens.verify(credential.value, { checkRevoked: true });
        return outcome.ok ? { ok: true, principal: { kind: 'user', uid: outcome.uid } } : { ok: false, failure: { code: 'INVALID_ID_TOKEN' } };
      }
    }
  }
}
