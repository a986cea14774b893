import { LRUCache } from 'lru-cache';
import type { Clock } from '../core/clock.js';
import type { ApiKeyModel } from './api-key.model.js';
import { parseApiKey } from '../core/key-format.js';
import { keyStatus, type KeyRecord } from '../core/key-record.js';
import { KEY_PROJECTION, toKeyRecord } from './key-record.js';

export type LookupOutcome =
  { readonly ok: true; readonly key: KeyRecord } | { readonly ok: false; readonly code: 'INVALID_API_KEY' | 'KEY_EXPIRED'; readonly key?: KeyRecord };

export interface KeyLookupOptions {
  readonly apiKeys: ApiKeyModel;
  readonly clock: Clock;
  readonly cacheTtlMs: number;
  readonly cacheMax: number;
  readonly unknownCacheTtlMs: number;
  readonly unknownCacheMax: number;
}

const INVALID: LookupOutcome = Object.freeze({ ok: false, code: 'INVALID_API_KEY' });

/**
 * The one key-lookup path, shared by /verify and the GraphQL context: format and checksum first
 * (no I/O for a malformed key), then a bounded cache by hash, then the database; revoked and
 * expired are decided here against the clock. Database faults are thrown, never turned into
 * "invalid".
 */
export class KeyLookup {
  private readonly known: LRUCache<string, KeyRecord>;
  // Unknown well-formed keys are remembered briefly so random keys cannot hammer the database,
  // and boundedly so they cannot fill memory.
  private readonly unknown: LRUCache<string, true>;
  // Bumped by every eviction: a database read that started before a revocation must not put the
  // pre-revocation record back into the cache.
  private epoch = 0;
  // Concurrent misses on one hash share a single database read (a burst on a cold key, or many
  // requests with the same unknown key, cost one query, not one each).
  private readonly inflight = new Map<string, Promise<KeyRecord | null>>();

  constructor(private readonly opts: KeyLookupOptions) {
    const perf = { now: () => opts.clock.now() };
    // ttlResolution 0: ask the clock on every check. The default (1 ms) caches "now" behind a
    // timer per millisecond, which costs more than Date.now() and lets a moved test clock lag.
    const ttlResolution = 0;
    this.known = new LRUCache({ max: opts.cacheMax, ttl: Math.max(1, opts.cacheTtlMs), ttlResolution, perf });
    this.unknown = new LRUCache({ max: opts.unknownCacheMax, ttl: Math.max(1, opts.unknownCacheTtlMs), ttlResolution, perf });
  }

  /**
   * Not `async`: a cached answer (the common case) and a malformed key come back without a
   * promise; only a database read takes one. Callers `await` the result either way.
   */
  lookup(presented: string): LookupOutcome | Promise<LookupOutcome> {
    const parsed = parseApiKey(presented);
    if (!parsed.ok) return INVALID;
    const cached = this.known.get(parsed.hash);
    if (cached !== undefined) return this.judge(cached);
    if (this.unknown.has(parsed.hash)) return INVALID;
    return this.read(parsed.hash).then((key) => (key ? this.judge(key) : INVALID));
  }

  /** Forgets a key at once in this process: revocation takes effect for every later lookup. */
  forget(hash: string): void {
    this.epoch += 1;
    this.known.delete(hash);
    this.unknown.delete(hash);
    this.inflight.delete(hash);
  }

  private read(hash: string): Promise<KeyRecord | null> {
    let pending = this.inflight.get(hash);
    if (pending === undefined) {
      const p = this.fetch(hash).finally(() => {
        if (this.inflight.get(hash) === p) this.inflight.delete(hash);
      });
      this.inflight.set(hash, p);
      pending = p;
    }
    return pending;
  }

  private async fetch(hash: string): Promise<KeyRecord | null> {
    const epoch = this.epoch;
    const doc = await this.opts.apiKeys.findOne({ hash }, KEY_PROJECTION).lean().exec();
    // A read that raced a revocation answers its own callers but is not remembered.
    const remember = epoch === this.epoch;
    if (!doc) {
      if (remember && this.opts.unknownCacheTtlMs > 0) this.unknown.set(hash, true);
      return null;
    }
    const key = toKeyRecord(doc);
    if (remember && this.opts.cacheTtlMs > 0) this.known.set(hash, key);
    return key;
  }

  private judge(key: KeyRecord): LookupOutcome {
    switch (keyStatus(key, this.opts.clock.now())) {
      case 'ACTIVE':
        return { ok: true, key };
      case 'EXPIRED':
        return { ok: false, code: 'KEY_EXPIRED', key };
      case 'REVOKED':
        return INVALID;
    }
  }
}
