import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.js';

const statusBody = { type: 'object', properties: { status: { type: 'string' } } } as const;

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: statusBody } } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'The database answers', response: { 200: statusBody, 503: statusBody } } },
    async (_req, reply) => ((await services.db.ping()) ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable' })),
  );
}
