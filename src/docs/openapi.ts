import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: {
      title: 'Keyhold REST API',
      version: '1.0.0',
      description: 'Verify Keyhold API keys from your services. Keys are minted and revoked over GraphQL at /graphql.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_live_…' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    tags: [
      { name: 'verify', description: 'Key verification' },
      { name: 'health', description: 'Liveness and readiness' },
    ],
  },
  hideUntagged: true,
};
