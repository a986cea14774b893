/**
 * The one error catalogue for GraphQL and REST. Each entry fixes the client-facing message,
 * the HTTP status, the REST `error.code` and the GraphQL `extensions.code`, as plain strings:
 * the edges (src/graphql/errors.ts, src/http/rest-errors.ts) build their own bodies from them,
 * so a CLI or an SDK can import the catalogue without GraphQL or HTTP.
 * Messages never echo a presented credential or an internal detail.
 */
export type ErrorCode =
  | 'MISSING_CREDENTIAL'
  | 'MISSING_API_KEY'
  | 'INVALID_API_KEY'
  | 'KEY_EXPIRED'
  | 'INVALID_ID_TOKEN'
  | 'FORBIDDEN'
  | 'READ_ONLY_KEY'
  | 'FIREBASE_ONLY'
  | 'ROLE_TOO_LOW'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'SIGN_IN_NOT_CONFIGURED'
  | 'INTERNAL';

export type GraphQLCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'UNAVAILABLE';

export interface CatalogueEntry {
  readonly status: number;
  readonly rest: string;
  readonly graphql: GraphQLCode;
  readonly message: string;
}

export function describe(code: ErrorCode): CatalogueEntry {
  switch (code) {
    case 'MISSING_CREDENTIAL':
      return entry(401, 'unauthenticated', 'UNAUTHENTICATED', 'Sign in: send a Firebase ID token or an API key as Authorization: Bearer <credential>.');
    case 'MISSING_API_KEY':
      return entry(401, 'missing_api_key', 'UNAUTHENTICATED', 'No API key: send it as Authorization: Bearer sk_live_… or X-API-Key: sk_live_….');
    case 'INVALID_API_KEY':
      return entry(401, 'invalid_api_key', 'UNAUTHENTICATED', 'The API key is not valid: it is malformed, unknown or revoked.');
    case 'KEY_EXPIRED':
      return entry(401, 'key_expired', 'UNAUTHENTICATED', 'The API key has expired; mint a new one.');
    case 'INVALID_ID_TOKEN':
      return entry(401, 'invalid_id_token', 'UNAUTHENTICATED', 'The Firebase ID token is invalid, expired, revoked or its user is disabled; sign in again.');
    case 'FORBIDDEN':
      return entry(403, 'forbidden', 'FORBIDDEN', 'This credential is not allowed to do that.');
    case 'READ_ONLY_KEY':
      return entry(403, 'forbidden', 'FORBIDDEN', 'This API key is read-only: it may be used for GET, HEAD and OPTIONS only.');
    case 'FIREBASE_ONLY':
      return entry(403, 'forbidden', 'FORBIDDEN', 'API keys cannot call this mutation; sign in with Firebase.');
    case 'ROLE_TOO_LOW':
      return entry(403, 'forbidden', 'FORBIDDEN', 'Only an OWNER or ADMIN of the organization can do that.');
    case 'NOT_FOUND':
      return entry(404, 'not_found', 'NOT_FOUND', 'No such resource, or it is not visible to you.');
    case 'BAD_USER_INPUT':
      return entry(400, 'bad_request', 'BAD_USER_INPUT', 'The request is not valid.');
    case 'PAYLOAD_TOO_LARGE':
      return entry(413, 'payload_too_large', 'BAD_USER_INPUT', 'The request body is too large.');
    case 'RATE_LIMITED':
      return entry(429, 'rate_limited', 'RATE_LIMITED', 'Too many requests; retry later.');
    case 'UNAVAILABLE':
      return entry(503, 'unavailable', 'UNAVAILABLE', 'Keyhold cannot reach its database or Firebase right now; retry shortly.');
    case 'SIGN_IN_NOT_CONFIGURED':
      // Not the caller's fault and not their token's: the server has no way to check any.
      return entry(
        503,
        'unavailable',
        'UNAVAILABLE',
        'Firebase sign-in is not configured on this server, so no ID token can be verified (API keys still work); its operator must configure Firebase.',
      );
    case 'INTERNAL':
      // The contract's GraphQL codes have no "internal" member: an unexpected fault is reported
      // as retryable UNAVAILABLE, masked, with the request id to quote to support.
      return entry(500, 'internal_error', 'UNAVAILABLE', 'Something went wrong on our side; retry, and quote the request id if it persists.');
    default:
      return assertNever(code);
  }
}

function entry(status: number, rest: string, graphql: GraphQLCode, message: string): CatalogueEntry {
  return { status, rest, graphql, message };
}

function assertNever(x: never): never {
  throw new Error(`unhandled error code ${String(x)}`);
}

/** A catalogued failure: what services return and the edges translate. */
export interface Failure {
  readonly code: ErrorCode;
  /** Replaces the catalogue message when the failure has a more precise, safe explanation. */
  readonly detail?: string;
  /** Seconds to wait, for RATE_LIMITED. */
  readonly retryAfter?: number;
  /** The field at fault, for BAD_USER_INPUT. */
  readonly field?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, extra: Omit<Failure, 'code'> = {}): { ok: false; error: Failure } => ({
  ok: false,
  error: { code, ...extra },
});
