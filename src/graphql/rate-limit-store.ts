import { Store, type Identity } from 'graphql-rate-limit';
import { LRUCache } from 'lru-cache';

/**
 * graphql-rate-limit's store, bounded. Its default in-memory store keeps every caller it has
 * ever seen and copies its whole state on each call, so a flood of anonymous callers would grow
 * memory without limit. Here each caller's timestamps live in an LRU entry that expires with its
 * window, and the number of callers tracked is capped (the least recent are forgotten first).
 */
export class BoundedRateLimitStore extends Store {
  private readonly calls: LRUCache<string, readonly number[]>;

  constructor(maxIdentities = 100_000) {
    super();
    this.calls = new LRUCache({ max: maxIdentities, ttl: 86_400_000, ttlAutopurge: false });
  }

  setForIdentity(identity: Identity, timestamps: readonly number[], windowMs?: number): void {
    this.calls.set(keyOf(identity), timestamps, { ttl: windowMs ?? 60_000 });
  }

  getForIdentity(identity: Identity): readonly number[] {
    return this.calls.get(keyOf(identity)) ?? [];
  }

  /** Milliseconds until the oldest call in the window leaves it, freeing one unit. */
  msUntilFree(identity: Identity, windowMs: number, nowMs: number): number {
    const oldest = this.getForIdentity(identity).find((t) => t + windowMs > nowMs);
    return oldest === undefined ? 0 : oldest + windowMs - nowMs;
  }
}

function keyOf(identity: Identity): string {
  return `${identity.contextIdentity}\u0000${identity.fieldIdentity}`;
}
