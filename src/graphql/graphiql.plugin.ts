import negotiate from '@fastify/accept-negotiator';
import fp from 'fastify-plugin';
import { sendPage, type WebBuild } from '../http/web-build.js';

// What a GET /graphql may ask for: a GraphQL client names a JSON type, a browser names HTML first.
const MEDIA_TYPES = ['application/graphql-response+json', 'application/json', 'text/html'];

export interface GraphiqlOptions {
  readonly enabled: boolean;
  readonly build: WebBuild;
}

const IDE_OFF = 'The GraphQL IDE is off on this server (GRAPHQL_IDE=true turns it on). Send GraphQL requests with POST /graphql.';

/**
 * GraphiQL, served by Keyhold from its own build, for a browser's GET /graphql (Accept: text/html
 * first); every other request to /graphql goes on to Apollo. Registered in the scope of the
 * GraphQL route, ahead of it, so that this hook sees the route's requests (and no other route's).
 */
export const graphiqlPage = fp<GraphiqlOptions>(async (scope, opts) => {
  scope.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' || req.routeOptions.url !== '/graphql' || negotiate(req.headers.accept ?? '', MEDIA_TYPES) !== 'text/html') {
      done();
      return;
    }
    if (!opts.enabled) {
      void reply.code(404).send({ error: { code: 'not_found', message: IDE_OFF } });
      return;
    }
    sendPage(reply, opts.build, 'graphiql').catch((err: unknown) => reply.send(err));
  });
});
