import type { Failure } from '../errors/catalogue.js';
import type { KeyRateLimiter, RateDecision } from '../rate-limit/key-rate-limiter.js';
import type { KeyLookup } from './key-lookup.js';
import type { KeyRecord } from './key-record.js';
import type { LastUsedRecorder } from './last-used.js';

export type KeyAuthOutcome =
  | { readonly ok: true; readonly key: KeyRecord; readonly rate: RateDecision }
  | { readonly ok: false; readonly failure: Failure; readonly key?: KeyRecord; readonly rate?: RateDecision };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates a presented API key for any caller, /verify and GraphQL alike: lookup, then one
 * unit of the key's per-minute limit, then (when the caller names the method it guards) the
 * read-only rule; a success refreshes lastUsedAt.
 */
export class KeyAuthenticator {
  constructor(
    private readonly deps: { lookup: KeyLookup; rateLimiter: KeyRateLimiter; lastUsed: LastUsedRecorder },
  ) {}

  async authenticate(presented: string, opts: { method?: string } = {}): Promise<KeyAuthOutcome> {
    const found = await this.deps.lookup.lookup(presented);
    if (!found.ok) return { ok: false, failure: { code: found.code }, key: found.key };
    const { key } = found;

    const rate = await this.deps.rateLimiter.consume(key.id, key.rateLimitPerMinute);
    if (!rate.allowed) return { ok: false, failure: { code: 'RATE_LIMITED', retryAfter: rate.resetSeconds }, key, rate };

    if (key.access === 'READ_ONLY' && opts.method !== undefined && !SAFE_METHODS.has(opts.method.toUpperCase())) {
      return { ok: false, failure: { code: 'READ_ONLY_KEY' }, key };
    }
    this.deps.lastUsed.touch(key.id);
    return { ok: true, key, rate };
  }
}
