import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import type { MiddlewareFn } from 'type-graphql';
import { principalId } from '../auth/principal.js';
import type { RateWindow } from '../config/config.js';
import { toGraphQLError } from '../errors/catalogue.js';
import type { GraphQLContext } from './context.js';

export type RateRule = 'signup' | 'mintKey' | 'revokeKey' | 'query';
export type GraphQLLimiter = ReturnType<typeof getGraphQLRateLimiter>;

/** One limiter per app: counts per caller (Firebase uid, key id, or the address when anonymous). */
export function createGraphQLLimiter(): GraphQLLimiter {
  return getGraphQLRateLimiter({
    identifyContext: (ctx: GraphQLContext) => principalId(ctx.principal, ctx.ip),
    formatError: ({ max, window }) => `Rate limit of ${max} per ${Math.round(window / 1000)} s reached; retry later.`,
  });
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Applies the configured limit for `rule`. Every query field shares the one `query` budget,
 * so the limiter is told the rule's name rather than the field's.
 */
export function RateLimited(rule: RateRule): MiddlewareFn<GraphQLContext> {
  return async ({ root, args, context, info }, next) => {
    const limit: RateWindow = context.services.graphqlRateLimits[rule];
    const message = await context.services.graphqlLimiter(
      { parent: root, args, context, info: { ...info, fieldName: rule } },
      { max: limit.max, window: limit.window },
    );
    if (message) {
      const retryAfter = Number(limit.window.slice(0, -1)) * (SECONDS[limit.window.slice(-1)] ?? 60);
      throw toGraphQLError({ code: 'RATE_LIMITED', detail: message, retryAfter });
    }
    return next();
  };
}
