import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { describe, type Failure } from '../core/errors.js';
import { graphqlErrorBody } from './errors.js';

/**
 * Refuses a GraphQL query string longer than `maxLength` characters before Apollo parses it.
 * A parsed document keeps its whole source (for error locations), and Apollo caches parsed
 * documents: a short query padded with a megabyte of spaces or comments would otherwise cost a
 * megabyte of parsing and, cached, a megabyte of memory. The answer is 413 with the contract's
 * BAD_USER_INPUT, as for an oversized body: the request as sent can never succeed.
 */
export function refuseLongQueries(maxLength: number): preHandlerHookHandler {
  return function refuseLongQuery(req: FastifyRequest, reply: FastifyReply, done: () => void) {
    if (req.routeOptions.url !== '/graphql') return done();
    const longest = longestQuery(req.method === 'GET' ? req.query : req.body);
    if (longest <= maxLength) return done();
    const failure: Failure = { code: 'PAYLOAD_TOO_LARGE', detail: `The GraphQL query is too long: ${longest} characters, at most ${maxLength} are accepted.` };
    // Answered here, so the request goes no further: `done` is not called.
    reply.code(describe(failure.code).status).send(graphqlErrorBody(failure));
  };
}

/** The length of the longest `query` string in a request (a batch is an array of requests). */
function longestQuery(params: unknown): number {
  if (Array.isArray(params)) return params.reduce((max: number, p: unknown) => Math.max(max, longestQuery(p)), 0);
  const query = params && typeof params === 'object' ? (params as { query?: unknown }).query : undefined;
  return typeof query === 'string' ? query.length : 0;
}
