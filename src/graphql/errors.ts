import { GraphQLError } from 'graphql';
import { describe, type Failure, type Result } from '../core/errors.js';

/** The GraphQL form of a failure. `http` sets the status for errors raised before execution. */
export function toGraphQLError(failure: Failure, opts: { http?: boolean } = {}): GraphQLError {
  const e = describe(failure.code);
  return new GraphQLError(failure.detail ?? e.message, {
    extensions: {
      code: e.graphql,
      ...(failure.field ? { field: failure.field } : {}),
      ...(failure.retryAfter !== undefined ? { retryAfter: failure.retryAfter } : {}),
      ...(opts.http ? { http: { status: e.status, headers: retryHeaders(failure) } } : {}),
    },
  });
}

function retryHeaders(failure: Failure): Map<string, string> {
  const headers = new Map<string, string>();
  if (failure.retryAfter !== undefined) headers.set('retry-after', String(failure.retryAfter));
  return headers;
}

/** A failure before Apollo ran (a body that is not JSON, too large, a query too long), as a GraphQL response. */
export function graphqlErrorBody(failure: Failure): { errors: { message: string; extensions: { code: string } }[] } {
  const e = describe(failure.code);
  return { errors: [{ message: failure.detail ?? e.message, extensions: { code: e.graphql } }] };
}

/** Resolvers call this on a service result: the value, or the catalogued GraphQL error thrown. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw toGraphQLError(result.error);
}
