import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describe, toRestBody, type ErrorCode, type Failure } from '../errors/catalogue.js';
import { isUnavailable } from '../errors/unavailable.js';
import { scrubSecrets } from '../logging/logger.js';

/**
 * The HTTP edge's one error handler: framework errors (bad JSON, oversized bodies, schema
 * validation) and unexpected faults become catalogue failures, shaped for the route that failed:
 * GraphQL errors at /graphql, the contract's `{valid:false,error}` at /verify, `{error}` elsewhere.
 */
export function handleHttpError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (req.raw.readableAborted) {
    // The client hung up before its request was complete (Node reports it as ECONNRESET,
    // "aborted"): nothing failed on this side, no dependency is down, and no one is left to
    // read an answer. The access line, written when an answer finishes, will not come: this is it.
    req.log.info({ method: req.method, url: req.url, code: err.code }, 'request aborted by the client');
    return sendFailure(req, reply, { code: 'BAD_USER_INPUT', detail: 'The request was not received in full.' }, 400);
  }
  const { failure, status } = classify(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: err.code, status }, 'request refused');
  return sendFailure(req, reply, failure, status);
}

export function sendFailure(req: FastifyRequest, reply: FastifyReply, failure: Failure, status = describe(failure.code).status) {
  return reply.code(status).send(failureBody(req.url.split('?', 1)[0]!, failure));
}

/** A failure's body as the route at `path` answers: GraphQL errors, /verify's table, `{error}` elsewhere. */
export function failureBody(path: string, failure: Failure): object {
  const entry = describe(failure.code);
  const message = failure.detail ?? entry.message;
  if (path === '/graphql') return { errors: [{ message, extensions: { code: entry.graphql } }] };
  if (path === '/verify') return toRestBody(failure);
  return { error: { code: entry.rest, message } };
}

function classify(err: FastifyError): { failure: Failure; status: number } {
  if (isUnavailable(err)) return known('UNAVAILABLE');
  if (err.validation) return { failure: { code: 'BAD_USER_INPUT', detail: `Invalid request: ${scrubSecrets(err.message)}` }, status: 400 };
  const status = err.statusCode ?? 500;
  if (status === 413) return known('PAYLOAD_TOO_LARGE');
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return { failure: { code: 'BAD_USER_INPUT', detail: 'The request body is not valid JSON.' }, status: 400 };
  }
  // Other client errors from the framework (unsupported media type, empty body…) keep their
  // status and message; some messages quote request data, so secret shapes are scrubbed.
  if (status >= 400 && status < 500) return { failure: { code: 'BAD_USER_INPUT', detail: scrubSecrets(err.message) }, status };
  return known('INTERNAL');
}

function known(code: ErrorCode): { failure: Failure; status: number } {
  return { failure: { code }, status: describe(code).status };
}
