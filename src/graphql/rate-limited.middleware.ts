import type { MiddlewareFn } from 'type-graphql';
import { principalId } from '../core/principal.js';
import type { GraphQLContext } from './context.type.js';
import { toGraphQLError } from './errors.js';
import type { RateRule } from './rate-limit.js';

/**
 * Applies the configured limit for `rule` to the caller (Firebase uid, key id, or the address
 * when anonymous). Every query field shares the one `query` budget.
 */
export function RateLimited(rule: RateRule): MiddlewareFn<GraphQLContext> {
  return async ({ context }, next) => {
    const { principal, ip } = context.request;
    const retryAfter = await context.limiter.consume(rule, principalId(principal, ip));
    if (retryAfter !== null) {
      const detail = `Rate limit reached: ${context.limiter.describe(rule)}. Retry in ${retryAfter} s.`;
      throw toGraphQLError({ code: 'RATE_LIMITED', detail, retryAfter });
    }
    const result: unknown = await next();
    return result;
  };
}
