import type { Failure } from '../core/errors.js';
import type { KeyRateLimiter, RateDecision } from './key-rate-limiter.js';
import type { KeyLookup, LookupOutcome } from './key-lookup.js';
import type { KeyRecord } from '../core/key-record.js';
import type { LastUsedRecorder } from './last-used.js';

export type KeyAuthOutcome =
  | { readonly ok: true; readonly key: KeyRecord; readonly rate: RateDecision }
  | { readonly ok: false; readonly failure: Failure; readonly key?: KeyRecord; readonly rate?: RateDecision };

/** A value now, or later: see KeyAuthenticator. */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Malformed, unknown and revoked keys share one answer: junk costs no allocation here.
const UNRECOGNISED: KeyAuthOutcome = Object.freeze({ ok: false, failure: Object.freeze({ code: 'INVALID_API_KEY' }) });

/**
 * Authenticates a presented API key for any caller, /verify and GraphQL alike: lookup, then one
 * unit of the key's per-minute limit, then (when the caller names the method it guards) the
 * read-only rule; a success refreshes lastUsedAt.
 *
 * A key refused before its limit is spent (malformed, a bad checksum, or a cached unknown, revoked
 * or expired key) is answered at once, without a promise or a microtask: that is /verify's answer
 * to junk and stale keys, and it costs no I/O. Every other answer waits for the limiter, which
 * answers with a promise, and for a database read when the key is not cached. Callers `await`
 * the result either way.
 */
export class KeyAuthenticator {
  constructor(private readonly deps: { lookup: KeyLookup; rateLimiter: KeyRateLimiter; lastUsed: LastUsedRecorder }) {}

  authenticate(presented: string, opts: { method?: string } = {}): MaybePromise<KeyAuthOutcome> {
    const found = this.deps.lookup.lookup(presented);
    return isPromise(found) ? found.then((f) => this.spend(f, opts.method)) : this.spend(found, opts.method);
  }

  private spend(found: LookupOutcome, method: string | undefined): MaybePromise<KeyAuthOutcome> {
    if (!found.ok)
      return found.key === undefined && found.code === 'INVALID_API_KEY' ? UNRECOGNISED : { ok: false, failure: { code: found.code }, key: found.key };
    const { key } = found;
    return this.deps.rateLimiter.consume(key.id, key.rateLimitPerMinute).then((rate) => this.decide(key, rate, method));
  }

  private decide(key: KeyRecord, rate: RateDecision, method: string | undefined): KeyAuthOutcome {
    if (!rate.allowed) return { ok: false, failure: { code: 'RATE_LIMITED', retryAfter: rate.resetSeconds }, key, rate };
    if (key.access === 'READ_ONLY' && method !== undefined && !SAFE_METHODS.has(method.toUpperCase())) {
      return { ok: false, failure: { code: 'READ_ONLY_KEY' }, key };
    }
    this.deps.lastUsed.touch(key.id);
    return { ok: true, key, rate };
  }
}
