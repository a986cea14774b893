import { ANONYMOUS, type Principal } from './principal.js';

/**
 * Who asked for a change, and from where: built once per request at the edge (src/http/
 * request-context.ts) and handed, first, to every service call. Logs carry its request id; the
 * audit log will record all of it.
 */
export interface RequestContext {
  /** The request's id: the `X-Request-Id` answered, and `reqId` on its log lines. */
  readonly requestId: string;
  /** The client's address: the socket's peer, or with TRUST_PROXY=n what n proxies in front reported. */
  readonly ip: string;
  readonly userAgent: string | null;
  readonly principal: Principal;
}

/** A context for work no request started (a script, a test calling a service directly). */
export function internalContext(principal: Principal = ANONYMOUS, requestId = 'internal'): RequestContext {
  return Object.freeze({ requestId, ip: '', userAgent: null, principal });
}
