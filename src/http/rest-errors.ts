import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describe, type ErrorCode, type Failure } from '../core/errors.js';
import { isUnavailable } from '../core/unavailable.js';
import { scrubSecrets } from '../logging/logger.js';

/** A REST error body: `{ error: { code, message } }`, the code and message from the catalogue. */
export function errorBody(failure: Failure): { error: { code: string; message: string } } {
  const e = describe(failure.code);
  return { error: { code: e.rest, message: failure.detail ?? e.message } };
}

/**
 * An error handler for one area (each fastify plugin sets its own): framework errors (bad JSON,
 * oversized bodies, schema validation) and unexpected faults become catalogue failures, logged as
 * they deserve and answered in the area's body shape.
 */
export function errorHandler(body: (failure: Failure) => unknown) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (req.raw.readableAborted) {
      // The client hung up before its request was complete (Node reports it as ECONNRESET,
      // "aborted"): nothing failed on this side, no dependency is down, and no one is left to
      // read an answer. The access line, written when an answer finishes, will not come: this is it.
      req.log.info({ method: req.method, url: req.url, code: err.code }, 'request aborted by the client');
      return reply.code(400).send(body({ code: 'BAD_USER_INPUT', detail: 'The request was not received in full.' }));
    }
    const { failure, status } = classify(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: err.code, status }, 'request refused');
    return reply.code(status).send(body(failure));
  };
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
