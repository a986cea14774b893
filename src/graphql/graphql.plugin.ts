import type { ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { readCredential } from '../core/credentials.js';
import type { ParserRefusals } from '../http/client-errors.js';
import { pageSecurityHeaders } from '../http/page-headers.js';
import { requestContextOf } from '../http/request-context.js';
import { errorHandler } from '../http/rest-errors.js';
import type { WebBuild } from '../http/web-build.js';
import type { Logger } from '../logging/logger.js';
import { createApollo } from './apollo.js';
import type { GraphQLContext } from './context.type.js';
import { graphqlErrorBody } from './errors.js';
import { graphiqlPage } from './graphiql.plugin.js';
import { RequestLoaders } from './loaders.js';
import { refuseLongQueries } from './query-length.js';
import type { GraphQLLimiter } from './rate-limit.js';

export interface GraphQLOptions<S> {
  readonly schema: GraphQLSchema;
  /** The feature services resolvers call. */
  readonly services: S;
  readonly limiter: GraphQLLimiter;
  /** Apollo plugins of the features: authentication, in particular. */
  readonly plugins: readonly ApolloServerPlugin<GraphQLContext>[];
  readonly logger: Logger;
  readonly introspection: boolean;
  readonly production: boolean;
  /** Longest query string accepted, in characters (GRAPHQL_MAX_QUERY_LENGTH). */
  readonly maxQueryLength: number;
  /** GraphiQL for a browser's GET /graphql: whether it is on (GRAPHQL_IDE), and the build it is served from. */
  readonly ide: { readonly enabled: boolean; readonly build: WebBuild };
}

/** A request to /graphql that Node's HTTP parser refused is answered as a GraphQL response too. */
export const graphqlParserRefusals: ParserRefusals = { path: '/graphql', body: graphqlErrorBody, badCredential: 'MISSING_CREDENTIAL' };

/** POST (and GET) /graphql: Apollo Server, and GraphiQL for browsers, behind the pages' security headers. */
export async function graphqlPlugin<S>(app: FastifyInstance, opts: GraphQLOptions<S>): Promise<void> {
  app.setErrorHandler(errorHandler(graphqlErrorBody));
  const apollo = createApollo({
    schema: opts.schema,
    introspection: opts.introspection,
    production: opts.production,
    logger: opts.logger,
    // Lets app.close() finish in-flight GraphQL operations before the server stops.
    plugins: [...opts.plugins, fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(pageSecurityHeaders);
  // Ahead of the route, in its scope: the IDE's hook sees /graphql's requests and no other's.
  await app.register(graphiqlPage, opts.ide);
  app.addHook('preHandler', refuseLongQueries(opts.maxQueryLength));
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (req): Promise<GraphQLContext<S>> => ({
      request: requestContextOf(req),
      credential: readCredential(req.headers, req.raw.rawHeaders),
      services: opts.services,
      loaders: new RequestLoaders(opts.services),
      limiter: opts.limiter,
    }),
  });
}
