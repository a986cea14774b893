import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { isUnavailable } from '../core/unavailable.js';
import type { GraphQLContext } from '../graphql/context.type.js';
import { toGraphQLError } from '../graphql/errors.js';
import type { AuthService } from './auth.service.js';

/**
 * Authenticates once per operation, before execution, when the operation type is known: every
 * mutation also checks Firebase revocation and disabled users (checkRevoked), queries do not.
 * An API key spends one unit of its per-minute limit here, as at /verify.
 */
export function authenticatePlugin(auth: AuthService): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, operation, response }) {
          let outcome;
          try {
            outcome = await auth.authenticate(ctx.credential, { checkRevoked: operation?.operation === OperationTypeNode.MUTATION });
          } catch (err) {
            if (isUnavailable(err)) throw toGraphQLError({ code: 'UNAVAILABLE' }, { http: true });
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
