import { Store, type Identity } from 'graphql-rate-limit';
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../core/clock.js';

/**
 * What the GraphQL limiter needs of a store: graphql-rate-limit's own Store (the seam where a
 * shared one, such as its Redis store, goes) and how long until a refused caller may call again.
 */
export interface GraphQLRateLimitStore extends Store {
  /** Milliseconds until the oldest call in the window leaves it, freeing one unit. */
  msUntilFree(identity: Identity, windowMs: number, nowMs: number): number | Promise<number>;
}

/**
 * graphql-rate-limit's store, in process, bounded and on Keyhold's clock. Its default in-memory
 * store keeps every caller it has ever seen and copies its whole state on each call, so a flood of
 * anonymous callers would grow memory without limit; here each caller's timestamps live in an LRU
 * entry that expires with its window, and the number of callers tracked is capped (the least
 * recent are forgotten first).
 *
 * The library stamps calls and ends windows with Date.now(); the store keeps times on the
 * injected clock and shifts them by the clocks' difference on the way in and out, so windows
 * follow the clock that the rest of Keyhold (and a test moving it) runs on. On the system clock
 * the shift is zero.
 */
export class BoundedRateLimitStore extends Store implements GraphQLRateLimitStore {
  private readonly calls: LRUCache<string, readonly number[]>;

  constructor(
    maxIdentities = 100_000,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    // ttlResolution 0 and the clock's now: entries expire on the same clock as the windows.
    this.calls = new LRUCache({ max: maxIdentities, ttl: 86_400_000, ttlAutopurge: false, ttlResolution: 0, perf: { now: () => clock.now() } });
  }

  setForIdentity(identity: Identity, timestamps: readonly number[], windowMs?: number): void {
    const shift = this.shift();
    this.calls.set(keyOf(identity), shift === 0 ? timestamps : timestamps.map((t) => t - shift), { ttl: windowMs ?? 60_000 });
  }

  getForIdentity(identity: Identity): readonly number[] {
    const stored = this.calls.get(keyOf(identity)) ?? [];
    const shift = this.shift();
    return shift === 0 ? stored : stored.map((t) => t + shift);
  }

  msUntilFree(identity: Identity, windowMs: number, nowMs: number): number {
    const oldest = (this.calls.get(keyOf(identity)) ?? []).find((t) => t + windowMs > nowMs);
    return oldest === undefined ? 0 : oldest + windowMs - nowMs;
  }

  /** Date.now() less the clock's now: zero on the system clock. */
  private shift(): number {
    return this.clock === systemClock ? 0 : Date.now() - this.clock.now();
  }
}

function keyOf(identity: Identity): string {
  return `${identity.contextIdentity}\u0000${identity.fieldIdentity}`;
}
