import type { ApolloServerPlugin } from '@apollo/server';
import { isUnavailable, unavailableCode } from '../core/unavailable.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { toGraphQLError } from '../graphql/errors.js';
import { limitOperation } from '../graphql/operation-limit.js';
import type { AuthService } from './auth.service.js';

/**
 * Authenticates once per operation, before execution: an operation presenting a Firebase ID
 * token is first counted against its caller's limits (before anything reaches Firebase), then
 * the token is verified with revocation and disabled users checked, queries and mutations alike
 * (through the per-user cache in front of the verifier). An API key spends one unit of its
 * per-minute limit here, as at /verify.
 */
export function authenticatePlugin(auth: AuthService): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, response }) {
          const limited = await limitOperation(ctx.limiter, ctx.credential, ctx.request.ip);
          if (limited) throw toGraphQLError(limited, { http: true });
          let outcome;
          try {
            outcome = await auth.authenticate(ctx.credential);
          } catch (err) {
            if (isUnavailable(err)) throw toGraphQLError({ code: unavailableCode(err) }, { http: true });
            throw err;
          }
          const { headers } = response.http;
          if (outcome.key) headers.set('x-api-key-id', outcome.key.id);
          if (outcome.rate) {
            headers.set('x-ratelimit-limit', String(outcome.rate.limit));
            headers.set('x-ratelimit-remaining', String(outcome.rate.remaining));
            headers.set('x-ratelimit-reset', String(outcome.rate.resetSeconds));
          }
          if (!outcome.ok) throw toGraphQLError(outcome.failure, { http: true });
          ctx.request = { ...ctx.request, principal: outcome.principal };
        },
      };
    },
  };
}
