import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pageSecurityHeaders } from '../http/page-headers.js';
import { openApiOptions } from './openapi.js';

/**
 * The REST documentation: /openapi.json, generated from the route schemas of every area, and
 * Swagger UI at /docs. Not encapsulated, and registered before the areas it documents: swagger
 * collects routes as they are added, from the whole app.
 */
export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, openApiOptions);
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(async (pages) => {
      await pages.register(pageSecurityHeaders);
      await pages.register(swaggerUi, { routePrefix: '/docs' });
    });
  },
  { name: 'keyhold-docs' },
);
