import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import DataLoader from 'dataloader';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readCredential } from '../auth/credentials.js';
import { ANONYMOUS } from '../auth/principal.js';
import { dashboardPlugin } from '../dashboard/dashboard.plugin.js';
import { createApollo } from '../graphql/apollo.js';
import type { GraphQLContext } from '../graphql/context.js';
import { refuseLongQueries } from '../graphql/query-length.js';
import { healthRoutes } from '../health/health.route.js';
import { AccessLog } from '../logging/access-log.js';
import { scrubSecrets, type Logger } from '../logging/logger.js';
import { graphiqlPage } from '../pages/graphiql.plugin.js';
import { pageSecurityHeaders } from '../pages/security-headers.plugin.js';
import { webAssets } from '../pages/web-assets.plugin.js';
import { webBuild } from '../pages/web-build.js';
import { verifyRoutes } from '../verify/verify.route.js';
import { clientErrorHandler } from './client-errors.js';
import { handleHttpError } from './http-errors.js';
import { newRequestId } from '../shared/request-id.js';
import { LazyChildLogger } from './lazy-child-logger.js';
import { openApiOptions } from './openapi.js';
import type { Services } from './services.js';

/** Builds the whole HTTP app; listening is the caller's business (server.ts, or tests). */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, logger } = services;
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps the app's type the default one.
    loggerInstance: logger as FastifyBaseLogger,
    logController: new OneLinePerRequest(logger),
    childLoggerFactory: LazyChildLogger.factory,
    genReqId: newRequestId,
    // Requests Node's HTTP parser refuses (a key with a trailing CR) still get the contract's shape.
    clientErrorHandler: clientErrorHandler(logger, newRequestId),
    // A request schema says what is allowed: anything else is refused (400), never stripped
    // (fastify's default removeAdditional), and a repeated parameter is not coerced into an
    // array. /verify's `?Method=POST` or `?method[]=POST` would otherwise pass as no method.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true } },
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    return503OnClosing: true,
    // TRUST_PROXY counts hops, as the contract says. Fastify's own number form now trusts
    // nothing (a hop count cannot vouch for the peer), so the count is spelled as a function:
    // the operator who sets it vouches that every request comes through that many proxies.
    trustProxy: config.http.trustProxy > 0 ? (_address: string, hop: number) => hop < config.http.trustProxy : false,
  });

  // A callback hook, not an async one: it runs on every request, and a promise per request for
  // two header writes is measurable on /verify.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
  app.setErrorHandler(handleHttpError);
  // The path is echoed to help a caller spot a typo, less anything shaped like a secret.
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${scrubSecrets(req.url.split('?', 1)[0]!)}.` } }),
  );

  // With no origins configured the CORS plugin only added a hook that does nothing per request.
  if (config.http.corsOrigins.length > 0) await app.register(cors, { origin: [...config.http.corsOrigins] });
  await app.register(swagger, openApiOptions);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, services);
  verifyRoutes(app, services);
  const web = webBuild();
  await app.register(webAssets, { build: web });
  await app.register(dashboardPlugin, { config, build: web });

  const apollo = await createApollo({
    introspection: config.graphql.introspection,
    production: config.env === 'production',
    logger,
    // Lets app.close() finish in-flight GraphQL operations before the server stops.
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  // Helmet's headers guard HTML pages (CSP, framing, opener and resource policies), so they go
  // where HTML is served: Swagger UI, the dashboard and the GraphQL endpoint (its IDE). The
  // JSON-only routes above skip them: ~600 bytes on every answer, and @fastify/helmet rebuilds
  // its middleware on each request, about a tenth of a /verify's CPU. They keep nosniff (above).
  await app.register(async (pages) => {
    await pages.register(pageSecurityHeaders);
    await pages.register(swaggerUi, { routePrefix: '/docs' });
    await pages.register(graphiqlPage, { enabled: config.graphql.ide, build: web });
    pages.addHook('preHandler', refuseLongQueries(config.graphql.maxQueryLength));
    await pages.register(fastifyApollo(apollo), {
      path: '/graphql',
      context: async (req): Promise<GraphQLContext> => ({
        requestId: req.id,
        ip: req.ip,
        credential: readCredential(req.headers, req.raw.rawHeaders),
        principal: ANONYMOUS,
        services,
        loaders: {
          keysByOrg: new DataLoader(async (orgIds: readonly string[]) => {
            const byOrg = await services.keys.listForOrgs(orgIds);
            return orgIds.map((id) => byOrg.get(id) ?? []);
          }),
        },
      }),
    });
  });
  return app;
}

/** One line per request, when it completes; headers are never logged. */
class OneLinePerRequest extends LogController {
  private readonly access: AccessLog;

  constructor(logger: Logger) {
    super();
    this.access = AccessLog.for(logger);
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const keyId = reply.getHeader('x-api-key-id');
    const entry = {
      reqId: req.id,
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      keyId: typeof keyId === 'string' ? keyId : undefined,
    };
    if (error) req.log.error({ ...entry, err: error }, 'request errored');
    else this.access.write(entry);
  }
}
