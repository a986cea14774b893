import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** Sources a page adds to Keyhold's base policy, e.g. the dashboard's calls to Firebase. */
export type ExtraSources = Partial<Record<'connectSrc' | 'scriptSrc' | 'frameSrc', readonly string[]>>;

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The CSP of every HTML page Keyhold serves: scripts only from Keyhold itself, never inline.
 * Styles may be inline: the IDE's editor and Swagger UI set them from script.
 */
export function pageDirectives(extra: ExtraSources = {}): Record<string, string[] | null> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...(extra.scriptSrc ?? [])],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...(extra.connectSrc ?? [])],
    workerSrc: ["'self'"],
    ...(extra.frameSrc ? { frameSrc: [...extra.frameSrc] } : {}),
    // Sent only over https (below): over plain http it would send the browser to an https
    // port that nothing serves.
    upgradeInsecureRequests: null,
  };
}

/**
 * Helmet's headers guard HTML pages (CSP, framing, opener and resource policies), so the areas
 * that serve HTML (Swagger UI, GraphiQL, the dashboard) register this in their own scope. JSON-only
 * routes skip them: ~600 bytes on every answer, and @fastify/helmet rebuilds its middleware on
 * each request, about a tenth of a /verify's CPU. They keep nosniff.
 *
 * HSTS and `upgrade-insecure-requests` are added only when the request came over https: on the
 * socket, or through the proxies TRUST_PROXY believes, by their X-Forwarded-Proto (fastify's
 * `req.protocol` under the app's `trustProxy` hop count).
 */
export const pageSecurityHeaders = fp<{ extra?: ExtraSources }>(async (scope, opts) => {
  await scope.register(helmet, {
    contentSecurityPolicy: { directives: pageDirectives(opts.extra) },
    strictTransportSecurity: false,
  });
  scope.addHook('onRequest', (req, reply, done) => {
    if (req.protocol === 'https') {
      reply.header('strict-transport-security', HSTS);
      const csp = reply.raw.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    }
    done();
  });
});
