// The dashboard's GraphQL client: one POST per operation to Keyhold's own /graphql, with the
// signed-in person's Firebase ID token. Results, not exceptions: a page shows each failure in
// words next to what caused it (errors.ts).
import type { Operation } from './operations.js';

/** The contract's error codes, plus NETWORK when Keyhold cannot be reached at all. */
export type ApiErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'NETWORK';

export interface ApiError {
  readonly code: ApiErrorCode;
  /** Keyhold's own message (safe to show: it never echoes a credential). */
  readonly message: string;
  /** For BAD_USER_INPUT: the input field at fault, e.g. `name` or `expiresAt`. */
  readonly field?: string;
  /** For RATE_LIMITED: seconds to wait. */
  readonly retryAfter?: number;
}

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

export interface GraphQLClient {
  request<TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables): Promise<ApiResult<TData>>;
}

const CODES = new Set<string>(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'UNAVAILABLE']);

interface WireError {
  message?: string;
  extensions?: { code?: string; field?: string; retryAfter?: number };
}

export function createClient(opts: { endpoint: string; idToken: () => Promise<string | null> }): GraphQLClient {
  return {
    async request<TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables): Promise<ApiResult<TData>> {
      const token = await opts.idToken();
      let body: { data?: TData | null; errors?: WireError[] };
      try {
        const res = await fetch(opts.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ operationName: op.name, query: op.document, variables }),
        });
        body = (await res.json()) as typeof body;
      } catch {
        return { ok: false, error: { code: 'NETWORK', message: 'Keyhold cannot be reached.' } };
      }
      const [first] = body.errors ?? [];
      if (first) return { ok: false, error: toApiError(first) };
      if (!body.data) return { ok: false, error: { code: 'UNAVAILABLE', message: 'Keyhold sent an empty answer.' } };
      return { ok: true, data: body.data };
    },
  };
}

function toApiError(e: WireError): ApiError {
  const code = e.extensions?.code;
  return {
    code: code && CODES.has(code) ? (code as ApiErrorCode) : 'UNAVAILABLE',
    message: e.message ?? '',
    ...(e.extensions?.field ? { field: e.extensions.field } : {}),
    ...(typeof e.extensions?.retryAfter === 'number' ? { retryAfter: e.extensions.retryAfter } : {}),
  };
}
