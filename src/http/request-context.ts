import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../core/principal.js';
import type { RequestContext } from '../core/request-context.js';

/**
 * The request context of an HTTP request. `req.ip` is the socket's peer, or with TRUST_PROXY=n
 * (fastify's `trustProxy` hop count, set in buildApp) the address that n reverse proxies in front
 * of Keyhold reported in X-Forwarded-For; at 0 that header is ignored.
 */
export function requestContextOf(req: FastifyRequest, principal: Principal = ANONYMOUS): RequestContext {
  const userAgent = req.headers['user-agent'];
  return { requestId: req.id, ip: req.ip, userAgent: typeof userAgent === 'string' ? userAgent : null, principal };
}
