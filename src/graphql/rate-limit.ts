import type { GraphQLResolveInfo } from 'graphql';
import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import type { MiddlewareFn } from 'type-graphql';
import { principalId } from '../auth/principal.js';
import type { RateWindow } from '../config/config.js';
import { toGraphQLError } from '../errors/catalogue.js';
import type { GraphQLContext } from './context.js';
import { BoundedRateLimitStore } from './rate-limit-store.js';

export type RateRule = 'signup' | 'mintKey' | 'revokeKey' | 'query';
/** Every budget the limiter keeps: the rules above, and whole operations before verification. */
export type LimitName = RateRule | 'operationsPerIp' | 'operationsPerToken';

/** Per-caller allowances for the GraphQL operations; one per app. */
export interface GraphQLLimiter {
  /** Spends one unit of `rule` for `caller`: null when allowed, else the seconds until a retry can succeed. */
  consume(rule: LimitName, caller: string, limit: RateWindow): Promise<number | null>;
}

const UNIT: Record<string, { seconds: number; name: string }> = {
  s: { seconds: 1, name: 'second' },
  m: { seconds: 60, name: 'minute' },
  h: { seconds: 3600, name: 'hour' },
  d: { seconds: 86_400, name: 'day' },
};

export function unitOf(window: string): { count: number; seconds: number; name: string } {
  const unit = UNIT[window.slice(-1)] ?? UNIT.m;
  const count = Number(window.slice(0, -1)) || 1;
  return { count, seconds: count * unit.seconds, name: count === 1 ? unit.name : `${count} ${unit.name}s` };
}

/**
 * graphql-rate-limit's functional limiter over a bounded store: sliding windows per caller and
 * rule. Refused calls are not counted (uncountRejected), so a caller who keeps retrying is free
 * again exactly when the oldest counted call leaves the window, which is what retryAfter says.
 */
export function createGraphQLLimiter(maxCallers?: number): GraphQLLimiter {
  const store = new BoundedRateLimitStore(maxCallers);
  const limiter = getGraphQLRateLimiter({ identifyContext: (ctx: { caller: string }) => ctx.caller, store });
  const inOrder = new SerialQueues();
  return {
    consume(rule, caller, limit) {
      // The limiter reads the store, awaits, then writes: calls for one caller and rule (aliased
      // fields of one operation, or concurrent requests) must take turns or all would pass.
      return inOrder.run(`${caller}\u0000${rule}`, async () => {
        // The limiter keys a call by the field name it is given: every field of a rule shares one budget.
        const info = { fieldName: rule } as GraphQLResolveInfo;
        const refused = await limiter({ parent: undefined, args: {}, context: { caller }, info }, { max: limit.max, window: limit.window, uncountRejected: true });
        if (!refused) return null;
        const waitMs = store.msUntilFree({ contextIdentity: caller, fieldIdentity: rule }, unitOf(limit.window).seconds * 1000, Date.now());
        return Math.max(1, Math.ceil(waitMs / 1000));
      });
    },
  };
}

/** Runs tasks with the same key one after another; a key with nothing pending costs nothing. */
class SerialQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
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
