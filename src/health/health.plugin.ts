import type { FastifyInstance } from 'fastify';
import { errorBody, errorHandler } from '../http/rest-errors.js';

export interface HealthOptions {
  /** True when the database answers. */
  readonly ping: () => Promise<boolean>;
}

const statusBody = { type: 'object', properties: { status: { type: 'string' } } } as const;

/** /healthz (the process is up) and /readyz (the database answers). */
export async function healthPlugin(app: FastifyInstance, { ping }: HealthOptions): Promise<void> {
  app.setErrorHandler(errorHandler(errorBody));
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: statusBody } } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], summary: 'The database answers', response: { 200: statusBody, 503: statusBody } } }, async (_req, reply) =>
    (await ping()) ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable' }),
  );
}
