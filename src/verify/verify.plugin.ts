import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notAnApiKey, readCredential } from '../core/credentials.js';
import { describe, type ErrorCode, type Failure } from '../core/errors.js';
import { isUnavailable } from '../core/unavailable.js';
import type { ParserRefusals } from '../http/client-errors.js';
import { errorBody, errorHandler } from '../http/rest-errors.js';
import { isPromise, type KeyAuthenticator, type KeyAuthOutcome } from '../keys/key-authenticator.js';
import { verifySchema } from './verify.schema.js';

export interface VerifyOptions {
  readonly keyAuth: KeyAuthenticator;
}

type VerifyRequest = FastifyRequest<{ Querystring: { method?: string } }>;

/** The contract's /verify body for a refusal: `{ valid: false, error: { code, message } }`. */
const refusalBody = (failure: Failure) => ({ valid: false as const, ...errorBody(failure) });

// The catalogue's refusals, made once: junk and stale keys are answered without allocating a body.
const CATALOGUE_REFUSALS = new Map<ErrorCode, object>();
function cataloguedRefusal(failure: Failure): object {
  if (failure.detail !== undefined) return refusalBody(failure);
  let body = CATALOGUE_REFUSALS.get(failure.code);
  if (body === undefined) CATALOGUE_REFUSALS.set(failure.code, (body = Object.freeze(refusalBody(failure))));
  return body;
}

/** A request to /verify that Node's HTTP parser refused is answered in /verify's shape too. */
export const verifyParserRefusals: ParserRefusals = { path: '/verify', body: refusalBody, badCredential: 'INVALID_API_KEY' };

/**
 * GET and POST /verify, with an error handler of their own: whatever fails here (a bad query
 * string, a body that is not JSON, an unexpected fault) is answered in the contract's /verify shape.
 * The handler is not `async`: a key refused without I/O (see KeyAuthenticator) is answered in
 * the same tick, without a promise; every other answer follows the limiter's promise.
 */
export async function verifyPlugin(app: FastifyInstance, { keyAuth }: VerifyOptions): Promise<void> {
  app.setErrorHandler(errorHandler(refusalBody));
  const handler = (req: VerifyRequest, reply: FastifyReply): Promise<void> | undefined => {
    // Answers are per credential: no shared cache may keep one (X-API-Key is not Authorization,
    // which caches already treat as private).
    reply.header('cache-control', 'no-store');
    const credential = readCredential(req.headers, req.raw.rawHeaders);
    if (credential.kind === 'none') return refuse(reply, { code: 'MISSING_API_KEY' });
    if (credential.kind !== 'apiKey') return refuse(reply, notAnApiKey(credential));

    let outcome;
    try {
      outcome = keyAuth.authenticate(credential.value, { method: req.query.method });
    } catch (err) {
      return unavailable(req, reply, err);
    }
    if (!isPromise(outcome)) return answer(reply, outcome);
    return outcome.then(
      (o) => answer(reply, o),
      (err: unknown) => unavailable(req, reply, err),
    );
  };
  app.get('/verify', { schema: verifySchema }, handler);
  app.post('/verify', { schema: { ...verifySchema, summary: 'Verify an API key (POST form, same semantics)' } }, handler);
}

function answer(reply: FastifyReply, outcome: KeyAuthOutcome): undefined {
  if (outcome.key) reply.header('x-api-key-id', outcome.key.id);
  if (outcome.rate) {
    reply.header('x-ratelimit-limit', outcome.rate.limit);
    reply.header('x-ratelimit-remaining', outcome.rate.remaining);
    reply.header('x-ratelimit-reset', outcome.rate.resetSeconds);
  }
  if (!outcome.ok) return refuse(reply, outcome.failure);
  const { key } = outcome;
  reply.send({
    valid: true,
    key_id: key.id,
    org_id: key.orgId,
    name: key.name,
    access: key.access === 'READ_ONLY' ? 'read_only' : 'full_access',
    expires_at: key.expiresAt ? key.expiresAt.toISOString() : null,
  });
  return undefined;
}

/** The database could not answer: 503, never a 401. Anything else is a bug, for the error handler. */
function unavailable(req: FastifyRequest, reply: FastifyReply, err: unknown): undefined {
  if (!isUnavailable(err)) throw err;
  req.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'verify: database unavailable');
  return refuse(reply, { code: 'UNAVAILABLE' });
}

function refuse(reply: FastifyReply, failure: Failure): undefined {
  if (failure.retryAfter !== undefined) reply.header('retry-after', failure.retryAfter);
  reply.code(describe(failure.code).status).send(cataloguedRefusal(failure));
  return undefined;
}
