import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets (and, when refused, until a retry can succeed). */
  readonly resetSeconds: number;
}

/**
 * Spends one unit of a key's per-minute allowance. An interface so that a shared store
 * (rate-limiter-flexible's Redis limiter) can replace the in-process one when Keyhold runs on
 * several instances. Both answer with a promise (rate-limiter-flexible's memory limiter too).
 */
export interface KeyRateLimiter {
  consume(keyId: string, limitPerMinute: number): Promise<RateDecision>;
}

/**
 * In-process fixed one-minute windows from rate-limiter-flexible's memory limiter, one per
 * distinct limit (keys carry their own rateLimitPerMinute). Its windows run on the system clock,
 * so tests that cross a window boundary move Date as well as Keyhold's clock.
 */
export class MemoryKeyRateLimiter implements KeyRateLimiter {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  consume(keyId: string, limitPerMinute: number): Promise<RateDecision> {
    // One promise (the limiter's own), not an async wrapper around it: this runs on every /verify.
    return this.limiterFor(limitPerMinute)
      .consume(keyId, 1)
      .then(
        (res) => decision(true, limitPerMinute, res),
        (refused: unknown) => {
          if (refused instanceof RateLimiterRes) return decision(false, limitPerMinute, refused);
          throw refused;
        },
      );
  }

  private limiterFor(points: number): RateLimiterMemory {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points, duration: 60, keyPrefix: `key${points}` });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}

function decision(allowed: boolean, limit: number, res: RateLimiterRes): RateDecision {
  return {
    allowed,
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
