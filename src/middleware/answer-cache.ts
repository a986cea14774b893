import type { Clock } from '../core/clock.js';

/**
 * Good /verify answers for at most a second, by key hash and method. Hand-written rather than
 * lru-cache: every entry lives a second or less, so evicting the oldest insertion is evicting
 * (nearly) the soonest to expire, and the middleware keeps to the core and Node's built-ins.
 */
export class AnswerCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: Clock,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` until the clock reaches `until` (ms); a time already past keeps nothing. */
  set(key: string, value: V, until: number): void {
    if (this.maxEntries <= 0 || until <= this.clock.now()) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
