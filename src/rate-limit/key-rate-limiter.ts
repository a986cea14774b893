import { systemClock, type Clock } from '../shared/clock.js';

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets (and, when refused, until a retry can succeed). */
  readonly resetSeconds: number;
}

/**
 * Spends one unit of a key's per-minute allowance. An interface so that a shared store (for
 * example rate-limiter-flexible's Redis limiter, which is asynchronous) can replace the
 * in-process one when Keyhold runs on several instances.
 */
export interface KeyRateLimiter {
  consume(keyId: string, limitPerMinute: number): RateDecision | Promise<RateDecision>;
}

interface Window {
  start: number;
  used: number;
}

const WINDOW_MS = 60_000;

/**
 * In-process fixed one-minute windows, opened by a key's first use, on the injected clock.
 *
 * Written here rather than taken from rate-limiter-flexible's memory limiter for two reasons:
 * that limiter reads Date.now() (tests could not move its windows with the clock, nor assert
 * X-RateLimit-Reset exactly), and it answers through a promise with a new result object and a
 * timer per window, which the /verify hot path paid on every call. This one is a Map lookup.
 */
export class MemoryKeyRateLimiter implements KeyRateLimiter {
  private readonly windows = new Map<string, Window>();
  private nextSweep: number;

  constructor(private readonly clock: Clock = systemClock) {
    this.nextSweep = clock.now() + WINDOW_MS;
  }

  consume(keyId: string, limitPerMinute: number): RateDecision {
    const now = this.clock.now();
    if (now >= this.nextSweep) this.sweep(now);
    let w = this.windows.get(keyId);
    // A clock set backwards (tests) opens a new window rather than stretching the old one.
    if (w === undefined || now - w.start >= WINDOW_MS || now < w.start) {
      w = { start: now, used: 0 };
      this.windows.set(keyId, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
    if (w.used >= limitPerMinute) return { allowed: false, limit: limitPerMinute, remaining: 0, resetSeconds };
    w.used += 1;
    return { allowed: true, limit: limitPerMinute, remaining: limitPerMinute - w.used, resetSeconds };
  }

  /** Drops finished windows once a minute, so memory follows the keys in use, not every key ever seen. */
  private sweep(now: number): void {
    this.nextSweep = now + WINDOW_MS;
    for (const [id, w] of this.windows) if (now - w.start >= WINDOW_MS || now < w.start) this.windows.delete(id);
  }
}
