import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { authenticatePlugin } from '../auth/authenticate.plugin.js';
import { newRequestId } from '../core/request-id.js';
import { dashboardPlugin } from '../dashboard/dashboard.plugin.js';
import { docsPlugin } from '../docs/docs.plugin.js';
import { graphqlParserRefusals, graphqlPlugin } from '../graphql/graphql.plugin.js';
import { healthPlugin } from '../health/health.plugin.js';
import { OneLinePerRequest } from '../http/access-log.js';
import { clientErrorHandler } from '../http/client-errors.js';
import { httpPlugin } from '../http/http.plugin.js';
import { LazyChildLogger } from '../http/lazy-child-logger.js';
import { webBuild } from '../http/web-build.js';
import { pagesPlugin } from '../pages/pages.plugin.js';
import { verifyParserRefusals, verifyPlugin } from '../verify/verify.plugin.js';
import { keyholdSchema } from './schema.js';
import type { FeatureServices, Services } from './services.js';

/**
 * Builds the whole HTTP app from its areas, each a fastify plugin with its routes and its own
 * error handling; listening is the caller's business (server.ts, or tests). New areas (webhooks,
 * secret scanning, metrics) are one `register` each here.
 */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, logger } = services;
  // pino's Logger is a FastifyBaseLogger; naming the base type keeps the app's type the default one.
  const baseLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: baseLogger,
    logController: new OneLinePerRequest(logger),
    childLoggerFactory: LazyChildLogger.factory,
    genReqId: newRequestId,
    // Requests Node's HTTP parser refuses (a key with a trailing CR) still get the contract's
    // shape: the shape of the area the request line named.
    clientErrorHandler: clientErrorHandler({ logger, nextId: newRequestId, areas: [verifyParserRefusals, graphqlParserRefusals] }),
    // A request schema says what is allowed: anything else is refused (400), never stripped
    // (fastify's default removeAdditional), and a repeated parameter is not coerced into an
    // array. /verify's `?Method=POST` or `?method[]=POST` would otherwise pass as no method.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true } },
    trustProxy: trustHops(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    return503OnClosing: true,
  });

  await app.register(httpPlugin);
  // With no origins configured the CORS plugin only added a hook that does nothing per request.
  if (config.http.corsOrigins.length > 0) await app.register(cors, { origin: [...config.http.corsOrigins] });
  // Before the areas it documents: it collects their routes as they are added.
  await app.register(docsPlugin);
  await app.register(healthPlugin, { ping: () => services.db.ping() });
  await app.register(verifyPlugin, { keyAuth: services.keyAuth });
  const web = webBuild();
  await app.register(pagesPlugin, { build: web });
  await app.register(dashboardPlugin, { config, build: web });
  const { clock, orgs, keys, signup } = services;
  await app.register(graphqlPlugin<FeatureServices>, {
    schema: await keyholdSchema(),
    services: { clock, orgs, keys, signup },
    limiter: services.graphqlLimiter,
    plugins: [authenticatePlugin(services.auth)],
    logger,
    introspection: config.graphql.introspection,
    production: config.env === 'production',
    maxQueryLength: config.graphql.maxQueryLength,
    ide: { enabled: config.graphql.ide, build: web },
  });
  return app;
}

/**
 * TRUST_PROXY=n: the socket's peer and the n-1 addresses before it in X-Forwarded-For are Keyhold's
 * own proxies, so req.ip is the address the outermost of them saw, and req.protocol what they say
 * in X-Forwarded-Proto (the pages' HSTS). 0: those headers are ignored. (fastify's own numeric
 * trustProxy no longer counts hops: it trusts nothing.)
 */
function trustHops(hops: number): false | ((address: string, hop: number) => boolean) {
  return hops > 0 ? (_address, hop) => hop < hops : false;
}
