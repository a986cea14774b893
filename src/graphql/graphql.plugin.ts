import type { ApolloServerPlugin } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { readCredential } from '../core/credentials.js';
import { describe, type Failure } from '../core/errors.js';
import { pageHeaders } from '../http/page-headers.js';
import { requestContextOf } from '../http/request-context.js';
import { errorHandler } from '../http/rest-errors.js';
import type { Logger } from '../logging/logger.js';
import { createApollo } from './apollo.js';
import type { GraphQLContext } from './context.type.js';
import { RequestLoaders } from './loaders.js';
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
}

/** A failure before Apollo ran (a body that is not JSON, or too large), as a GraphQL response. */
const graphqlBody = (failure: Failure) => {
  const e = describe(failure.code);
  return { errors: [{ message: failure.detail ?? e.message, extensions: { code: e.graphql } }] };
};

/** POST (and GET) /graphql: Apollo Server, its landing page behind helmet's page headers. */
export async function graphqlPlugin<S>(app: FastifyInstance, opts: GraphQLOptions<S>): Promise<void> {
  app.setErrorHandler(errorHandler(graphqlBody));
  const apollo = createApollo({
    schema: opts.schema,
    introspection: opts.introspection,
    production: opts.production,
    logger: opts.logger,
    // Lets app.close() finish in-flight GraphQL operations before the server stops.
    plugins: [...opts.plugins, fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(helmet, pageHeaders);
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
