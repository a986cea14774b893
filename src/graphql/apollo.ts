import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { describe, type GraphQLCode } from '../core/errors.js';
import { isUnavailable } from '../core/unavailable.js';
import { scrubSecrets, type Logger } from '../logging/logger.js';
import type { GraphQLContext } from './context.type.js';
import { createDocumentStore } from './document-store.js';

const CONTRACT_CODES = new Set<string>(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'UNAVAILABLE']);
// Apollo's codes for a request refused before execution. Apollo wraps the underlying GraphQLError
// (validation, variable coercion) as originalError, so these must be recognised by code.
const APOLLO_REQUEST_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
// graphql's own parser stops here, so a 2,000-alias document is refused as a syntax error (400)
// before it is even fully parsed. (graphql-armor's maxTokens plugin throws from a hook Apollo
// treats as an unexpected failure, which answers 500.)
const MAX_TOKENS = 2000;

export function createApollo(opts: {
  schema: GraphQLSchema;
  introspection: boolean;
  production: boolean;
  logger: Logger;
  plugins?: ApolloServerPlugin<GraphQLContext>[];
}) {
  // Depth, alias, directive, token and cost limits refuse abusive documents before they run.
  const armor = new ApolloArmor({
    maxAliases: { n: 30 },
    maxDepth: { n: 10 },
    maxDirectives: { n: 30 },
    maxTokens: { enabled: false },
    costLimit: { maxCost: 5000 },
    blockFieldSuggestion: { enabled: opts.production },
  }).protect();
  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
    // Authentication (auth/authenticate.plugin.ts) comes in here, after the document checks.
    ...(opts.plugins ?? []),
    logUnexpectedErrors(opts.logger),
  ];
  // A browser's GET /graphql gets Keyhold's own GraphiQL (src/graphql/graphiql.plugin.ts), never
  // Apollo's landing page, which loads its IDE from a CDN that the CSP refuses.
  plugins.push(ApolloServerPluginLandingPageDisabled());
  return new ApolloServer<GraphQLContext>({
    schema: opts.schema,
    introspection: opts.introspection,
    parseOptions: { maxTokens: MAX_TOKENS },
    // Parsed documents are cached by the bytes they really hold (Apollo's default undercounts).
    documentStore: createDocumentStore(),
    // Apollo's own log lines go through the scrubbing logger too, never straight to the console.
    logger: opts.logger,
    // server.ts owns SIGTERM/SIGINT. Apollo's own handler would stop, then re-raise the signal,
    // killing the process before Keyhold's shutdown flushed lastUsedAt and closed the database.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    formatError: formatContractError,
    plugins,
  });
}

type ErrorKind = 'keyhold' | 'unavailable' | 'request' | 'unexpected';

/**
 * What an error is, for the client and for the log alike: one Keyhold raised with a contract
 * code, an unreachable database or Firebase, GraphQL's or Apollo's refusal of the request
 * itself (parse, validation, variable coercion), or anything else.
 */
function classify(error: unknown, code: unknown, path: unknown): ErrorKind {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && typeof code === 'string' && CONTRACT_CODES.has(code) && !original.originalError) return 'keyhold';
  if (isUnavailable(original)) return 'unavailable';
  const requestError = !path && typeof code === 'string' && APOLLO_REQUEST_CODES.has(code);
  if (requestError || (original instanceof GraphQLError && !original.originalError)) return 'request';
  return 'unexpected';
}

/**
 * Every error leaves with one of the contract's codes. Errors Keyhold raised keep theirs; GraphQL's
 * own request errors (parse, validation, variable coercion) are BAD_USER_INPUT; an unreachable
 * database or Firebase is UNAVAILABLE; anything else is masked.
 */
export function formatContractError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  switch (classify(error, formatted.extensions?.code, formatted.path)) {
    case 'keyhold':
      return strip(formatted);
    case 'unavailable':
      return coded(formatted, 'UNAVAILABLE', describe('UNAVAILABLE').message);
    case 'request':
      // Coercion messages quote the offending value: never hand a credential back.
      return coded(formatted, 'BAD_USER_INPUT', scrubSecrets(formatted.message));
    case 'unexpected':
      return coded(formatted, describe('INTERNAL').graphql, describe('INTERNAL').message);
  }
}

function coded(formatted: GraphQLFormattedError, code: GraphQLCode, message: string): GraphQLFormattedError {
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code },
  };
}

function strip(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/**
 * Faults are logged with the request id (an unreachable dependency as a warning, anything
 * unexpected as an error); the client sees only the masked message. A client's own mistakes (a
 * syntax error, a refused argument, NOT_FOUND…) are answered, not logged: the access line
 * records the request.
 */
function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const e of errors) {
            const kind = classify(e, e.extensions?.code, e.path);
            if (kind !== 'unavailable' && kind !== 'unexpected') continue;
            logger[kind === 'unavailable' ? 'warn' : 'error'](
              { reqId: contextValue.request.requestId, err: unwrapResolverError(e), path: e.path },
              'graphql operation failed',
            );
          }
        },
      };
    },
  };
}
