import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { scrubSecrets } from '../logging/logger.js';
import { errorBody, errorHandler } from './rest-errors.js';

/**
 * What every answer shares, at the root: the request id and nosniff headers, the answer for an
 * unknown route, and the `{error}` body for failures outside any area's own error handler.
 */
export const httpPlugin = fp(
  async (app: FastifyInstance) => {
    // A callback hook, not an async one: it runs on every request, and a promise per request for
    // two header writes is measurable on /verify.
    app.addHook('onRequest', (req, reply, done) => {
      reply.header('x-request-id', req.id);
      reply.header('x-content-type-options', 'nosniff');
      done();
    });
    app.setErrorHandler(errorHandler(errorBody));
    // The path is echoed to help a caller spot a typo, less anything shaped like a secret.
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${scrubSecrets(req.url.split('?', 1)[0])}.` } }),
    );
  },
  { name: 'keyhold-http' },
);
