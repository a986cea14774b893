import type { GraphQLResolveInfo } from 'graphql';
import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import type { Config, RateWindow } from '../config/config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { BoundedRateLimitStore, type GraphQLRateLimitStore } from './rate-limit-store.js';

export type RateRule = keyof Config['graphql']['rateLimits'];
/** Whole operations presenting a Firebase ID token, counted before verification (src/graphql/operation-limit.ts). */
export type OperationLimit = 'operationsPerIp' | 'operationsPerToken';
/** Every budget the limiter keeps: the rules above, and whole operations before verification. */
export type LimitName = RateRule | OperationLimit;

/** Per-caller allowances for the GraphQL operations; one per app. */
export interface GraphQLLimiter {
  /** Spends one unit of `rule` for `caller`: null when allowed, else the seconds until a retry can succeed. */
  consume(limit: LimitName, caller: string): Promise<number | null>;
  /** A limit's allowance: its count, and the window in words ("minute", "2 hours"). */
  allowance(limit: LimitName): { readonly max: number; readonly per: string };
  /** The rule's allowance, in words: "2 signup calls per hour". */
  describe(rule: RateRule): string;
}

export interface GraphQLLimiterOptions {
  readonly windows: Readonly<Record<LimitName, RateWindow>>;
  readonly clock?: Clock;
  /** Defaults to the in-process store; a shared one (Redis) can be handed in. */
  readonly store?: GraphQLRateLimitStore;
}

const UNIT: Record<string, { ms: number; name: string }> = {
  s: { ms: 1000, name: 'second' },
  m: { ms: 60_000, name: 'minute' },
  h: { ms: 3_600_000, name: 'hour' },
  d: { ms: 86_400_000, name: 'day' },
};

/**
 * graphql-rate-limit's functional limiter: sliding windows per caller and rule. Refused calls are
 * not counted (uncountRejected), so a caller who keeps retrying is free again exactly when the
 * oldest counted call leaves the window, which is what retryAfter says.
 */
export function createGraphQLLimiter(opts: GraphQLLimiterOptions): GraphQLLimiter {
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? new BoundedRateLimitStore(undefined, clock);
  const limiter = getGraphQLRateLimiter({ identifyContext: (ctx: { caller: string }) => ctx.caller, store });
  // The windows are read once, here: each rule's length and its name for messages.
  const rules = new Map(Object.entries(opts.windows).map(([rule, w]) => [rule, { ...w, ...lengthOf(w.window) }]));
  const ruleOf = (rule: LimitName) => rules.get(rule)!;
  const inOrder = new SerialQueues();
  return {
    consume(rule, caller) {
      const { max, window, ms } = ruleOf(rule);
      // The limiter reads the store, awaits, then writes: calls for one caller and rule (aliased
      // fields of one operation, or concurrent requests) take turns, or all would pass.
      return inOrder.run(`${caller}\u0000${rule}`, async () => {
        // The limiter keys a call by the field name it is given: every field of a rule shares one budget.
        const info = { fieldName: rule } as GraphQLResolveInfo;
        const refused = await limiter({ parent: undefined, args: {}, context: { caller }, info }, { max, window, uncountRejected: true });
        if (!refused) return null;
        const waitMs = await store.msUntilFree({ contextIdentity: caller, fieldIdentity: rule }, ms, clock.now());
        return Math.max(1, Math.ceil(waitMs / 1000));
      });
    },
    allowance(limit) {
      const { max, name } = ruleOf(limit);
      return { max, per: name };
    },
    describe(rule) {
      const { max, name } = ruleOf(rule);
      return `${max} ${rule} calls per ${name}`;
    },
  };
}

function lengthOf(window: string): { ms: number; name: string } {
  const unit = UNIT[window.slice(-1)] ?? UNIT.m;
  const count = Number(window.slice(0, -1)) || 1;
  return { ms: count * unit.ms, name: count === 1 ? unit.name : `${count} ${unit.name}s` };
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
