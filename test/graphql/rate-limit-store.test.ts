import { describe, expect, it } from 'vitest';
import type { RateWindow } from '../../src/config/config.js';
import { ManualClock, type Clock } from '../../src/core/clock.js';
import { createGraphQLLimiter } from '../../src/graphql/rate-limit.js';
import { BoundedRateLimitStore } from '../../src/graphql/rate-limit-store.js';

/** A limiter whose every rule allows `limit`. */
const limiterWith = (limit: RateWindow, clock?: Clock) =>
  createGraphQLLimiter({
    windows: { signup: limit, mintKey: limit, revokeKey: limit, query: limit, operationsPerIp: limit, operationsPerToken: limit },
    clock,
  });

describe('GraphQL rate limiting (graphql-rate-limit over a bounded store)', () => {
  it('allows max calls per window per caller and rule, then says how long to wait', async () => {
    const limiter = limiterWith({ max: 2, window: '1m' });
    expect(await limiter.consume('mintKey', 'user:a')).toBeNull();
    expect(await limiter.consume('mintKey', 'user:a')).toBeNull();
    const wait = await limiter.consume('mintKey', 'user:a');
    expect(wait).toBeGreaterThanOrEqual(59);
    expect(wait).toBeLessThanOrEqual(60);
    // Other callers and other rules have budgets of their own.
    expect(await limiter.consume('mintKey', 'user:b')).toBeNull();
    expect(await limiter.consume('revokeKey', 'user:a')).toBeNull();
  });

  it('runs its windows on the injected clock: moving it past the window frees the caller', async () => {
    const clock = new ManualClock(Date.now());
    const limiter = limiterWith({ max: 1, window: '1h' }, clock);
    expect(await limiter.consume('signup', 'user:a')).toBeNull();
    clock.advance(30 * 60_000);
    expect(await limiter.consume('signup', 'user:a')).toBe(30 * 60);

    clock.advance(30 * 60_000);

    expect(await limiter.consume('signup', 'user:a')).toBeNull();
  });

  it('lets exactly max of many concurrent calls through (the check and the write are one step)', async () => {
    const limiter = limiterWith({ max: 3, window: '1m' });
    const results = await Promise.all(Array.from({ length: 10 }, () => limiter.consume('query', 'key:k')));
    expect(results.filter((r) => r === null)).toHaveLength(3);
  });

  it('forgets the least recent callers beyond its cap, so a flood of callers cannot grow memory', async () => {
    const store = new BoundedRateLimitStore(3);
    for (const caller of ['ip:1', 'ip:2', 'ip:3', 'ip:4']) {
      store.setForIdentity({ contextIdentity: caller, fieldIdentity: 'query' }, [1, 2], 60_000);
    }
    expect(store.getForIdentity({ contextIdentity: 'ip:1', fieldIdentity: 'query' })).toEqual([]);
    expect(store.getForIdentity({ contextIdentity: 'ip:4', fieldIdentity: 'query' })).toEqual([1, 2]);
  });

  it('counts the wait from the oldest call still in the window', () => {
    const store = new BoundedRateLimitStore();
    const id = { contextIdentity: 'user:a', fieldIdentity: 'signup' };
    store.setForIdentity(id, [1_000, 30_000, 50_000], 3_600_000);
    expect(store.msUntilFree(id, 60_000, 70_000)).toBe(20_000); // 1_000 has left; 30_000 frees at 90_000
    expect(store.msUntilFree(id, 60_000, 200_000)).toBe(0);
  });
});
