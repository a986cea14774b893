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
 * several instances.
 */
export interface KeyRateLimiter {
  consume(keyId: string, limitPerMinute: number): Promise<RateDecision>;
}

/** In-process limiter: one rate-limiter-flexible memory limiter per distinct limit value. */
export class MemoryKeyRateLimiter implements KeyRateLimiter {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  async consume(keyId: string, limitPerMinute: number): Promise<RateDecision> {
    const limiter = this.limiterFor(limitPerMinute);
    try {
      return decision(true, limitPerMinute, await limiter.consume(keyId, 1));
    } catch (err) {
      if (err instanceof RateLimiterRes) return decision(false, limitPerMinute, err);
      throw err;
    }
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
