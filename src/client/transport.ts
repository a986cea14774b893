import { isKeyholdErrorCode, KeyholdConnectionError, KeyholdError } from './errors.js';
import { describeFetchFailure, joinPath } from './http.js';

/** A credential for each call: a Firebase ID token, an API key (`sk_live_…`), or none. */
export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface TransportOptions {
  /** Keyhold's base URL (`http://127.0.0.1:4000`) or its GraphQL endpoint (`…/graphql`). */
  readonly url: string;
  /** Called before every request; sent as `Authorization: Bearer <token>`. */
  readonly getToken?: TokenSource;
  /** Milliseconds to wait for an answer before giving up with KeyholdConnectionError. Default 10 000. */
  readonly timeoutMs?: number;
  /** Extra request headers (a `user-agent`, say). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A fetch to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface WireError {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown; retryAfter?: unknown };
}

/** `http://host:4000` → `http://host:4000/graphql`; a URL already ending in /graphql is kept. */
export function graphqlEndpoint(url: string): string {
  return /\/graphql\/?$/.test(new URL(url).pathname) ? url : joinPath(url, 'graphql');
}

/** Sends one GraphQL document; the `data` object, or a KeyholdError / KeyholdConnectionError. */
export async function execute(options: TransportOptions, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const endpoint = graphqlEndpoint(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const token = await options.getToken?.();
  const headers: Record<string, string> = {
    accept: 'application/graphql-response+json, application/json',
    'content-type': 'application/json',
    ...options.headers,
  };
  if (token) headers.authorization = `Bearer ${token}`;

  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw new KeyholdConnectionError(describeFetchFailure(err, endpoint, timeoutMs), endpoint, { cause: err });
  }

  const body = parseJson(text) as { data?: Record<string, unknown> | null; errors?: WireError[] } | undefined;
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  if (first) throw toKeyholdError(first, requestId, endpoint, response.status);
  if (!body || typeof body.data !== 'object' || body.data === null) {
    throw new KeyholdConnectionError(`Keyhold at ${endpoint} answered HTTP ${response.status} with something that is not a GraphQL response.`, endpoint);
  }
  return body.data;
}

function toKeyholdError(error: WireError, requestId: string | undefined, endpoint: string, status: number): Error {
  const { code, field, retryAfter } = error.extensions ?? {};
  if (!isKeyholdErrorCode(code)) {
    return new KeyholdConnectionError(`Keyhold at ${endpoint} answered HTTP ${status} with an error that carries no contract code.`, endpoint);
  }
  return new KeyholdError({
    code,
    message: typeof error.message === 'string' ? error.message : code,
    ...(typeof field === 'string' ? { field } : {}),
    ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
