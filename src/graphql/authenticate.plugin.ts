import type { ApolloServerPlugin } from '@apollo/server';
import { ANONYMOUS, type Principal } from '../auth/principal.js';
import { toGraphQLError, type Failure } from '../errors/catalogue.js';
import { isUnavailable, unavailableCode } from '../errors/unavailable.js';
import type { GraphQLContext } from './context.js';
import { limitOperation } from './operation-limit.js';

/**
 * Authenticates once per operation, before execution: an operation presenting a Firebase ID
 * token is first counted against its caller's limits (before anything reaches Firebase), then
 * the token is verified with revocation and disabled users checked, queries and mutations alike
 * (through the per-user cache in front of the verifier). An API key spends one unit of its
 * per-minute limit here, as at /verify.
 */
export const authenticatePlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue: ctx, response }) {
        const setHeader = (name: string, value: string) => response.http.headers.set(name, value);
        const { services } = ctx;
        const limited = await limitOperation(services.graphqlLimiter, services.config.graphql.operationLimits, ctx.credential, ctx.ip);
        if (limited) throw toGraphQLError(limited, { http: true });
        try {
          ctx.principal = await authenticate(ctx, setHeader);
        } catch (err) {
          if (isUnavailable(err)) throw toGraphQLError({ code: unavailableCode(err) }, { http: true });
          throw err;
        }
      },
    };
  },
};

async function authenticate(ctx: GraphQLContext, setHeader: (name: string, value: string) => void): Promise<Principal> {
  const { credential, services } = ctx;
  const refuse = (failure: Failure) => toGraphQLError(failure, { http: true });
  switch (credential.kind) {
    case 'none':
      return ANONYMOUS;
    case 'malformed':
      throw refuse({ code: 'MISSING_CREDENTIAL', detail: credential.problem });
    case 'apiKey': {
      const outcome = await services.keyAuth.authenticate(credential.value);
      if (outcome.key) setHeader('x-api-key-id', outcome.key.id);
      if (outcome.rate) {
        setHeader('x-ratelimit-limit', String(outcome.rate.limit));
        setHeader('x-ratelimit-remaining', String(outcome.rate.remaining));
        setHeader('x-ratelimit-reset', String(outcome.rate.resetSeconds));
      }
      if (!outcome.ok) throw refuse(outcome.failure);
      return { kind: 'apiKey', key: outcome.key };
    }
    case 'idToken': {
      const outcome = await services.idTokens.verify(credential.value, { checkRevoked: true });
      if (!outcome.ok) throw refuse({ code: 'INVALID_ID_TOKEN' });
      return { kind: 'user', uid: outcome.uid };
    }
  }
}
