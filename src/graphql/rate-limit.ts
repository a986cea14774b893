import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { MiddlewareFn } from 'type-graphql';
import { principalId } from '../auth/principal.js';
import type { RateWindow } from '../config/config.js';
import { toGraphQLError } from '../errors/catalogue.js';
import type { GraphQLContext } from './context.js';

export type RateRule = 'signup' | 'mintKey' | 'revokeKey' | 'query';

/** Per-caller allowances for the GraphQL operations; one per app. */
export interface GraphQLLimiter {
  /** Spends one unit of `rule` for `caller`: null when allowed, else the seconds until a retry can succeed. */
  consume(rule: RateRule, caller: string, limit: RateWindow): Promise<number | null>;
}

const UNIT: Record<string, { seconds: number; name: string }> = {
  s: { seconds: 1, name: 'second' },
  m: { seconds: 60, name: 'minute' },
  h: { seconds: 3600, name: 'hour' },
  d: { seconds: 86_400, name: 'day' },
};

function unitOf(window: string): { count: number; seconds: number; name: string } {
  const unit = UNIT[window.slice(-1)] ?? UNIT.m;
  const count = Number(window.slice(0, -1)) || 1;
  return { count, seconds: count * unit.seconds, name: count === 1 ? unit.name : `${count} ${unit.name}s` };
}

/**
 * Fixed windows per caller, in memory. rate-limiter-flexible rather than graphql-rate-limit:
 * the latter keeps every call's timestamp (rejected ones too) for every caller ever seen and
 * copies its whole state on each call, so a flood of anonymous callers grows memory without
 * bound; it also cannot say when a refused caller may retry. Here each caller costs one counter
 * that expires with its window.
 */
export function createGraphQLLimiter(): GraphQLLimiter {
  const limiters = new Map<RateRule, RateLimiterMemory>();
  return {
    async consume(rule, caller, limit) {
      let limiter = limiters.get(rule);
      if (!limiter) {
        limiter = new RateLimiterMemory({ keyPrefix: rule, points: limit.max, duration: unitOf(limit.window).seconds });
        limiters.set(rule, limiter);
      }
      try {
        await limiter.consume(caller);
        return null;
      } catch (refused) {
        if (refused instanceof RateLimiterRes) return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
        throw refused;
      }
    },
  };
}

/**
 * Applies the configured limit for `rule` to the caller (Firebase uid, key id, or the address
 * when anonymous). Every query field shares the one `query` budget.
 */
export function RateLimited(rule: RateRule): MiddlewareFn<GraphQLContext> {
  return async ({ context }, next) => {
    const limit = context.services.graphqlRateLimits[rule];
    const retryAfter = await context.services.graphqlLimiter.consume(rule, principalId(context.principal, context.ip), limit);
    if (retryAfter !== null) {
      const detail = `Rate limit reached: ${limit.max} ${rule} calls per ${unitOf(limit.window).name}. Retry in ${retryAfter} s.`;
      throw toGraphQLError({ code: 'RATE_LIMITED', detail, retryAfter });
    }
    return next();
  };
}
