import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet's headers guard HTML pages (CSP, framing, opener and resource policies), so the areas
 * that serve HTML (Swagger UI, the GraphQL landing page) register helmet with these options in
 * their own plugin. JSON-only routes skip them: ~600 bytes on every answer, and @fastify/helmet
 * rebuilds its middleware on each request, about a tenth of a /verify's CPU. They keep nosniff.
 */
export const pageHeaders: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
  },
};
