import type { Failure } from './errors.js';
import { looksLikeApiKey } from './key-format.js';

/** What a request presents, before anything is verified. */
export type Credential =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey'; readonly value: string }
  | { readonly kind: 'idToken'; readonly value: string }
  /** A header is there but is not a usable credential; `problem` is safe to show (never the value). */
  | { readonly kind: 'malformed'; readonly problem: string };

const NONE: Credential = Object.freeze({ kind: 'none' });
const NOT_BEARER: Credential = malformed('The Authorization header must be "Bearer <credential>".');
// The usual slips get a message naming the form that works (never echoing the value).
const NO_SCHEME: Credential = malformed(
  'The Authorization header needs the Bearer scheme: "Authorization: Bearer <credential>" (an API key may also be sent alone as "X-API-Key: sk_live_…").',
);
const BASIC: Credential = malformed(
  'Basic authentication is not accepted: send "Authorization: Bearer <credential>" (an API key may also be sent alone as "X-API-Key: sk_live_…").',
);
const BEARER_IN_API_KEY_HEADER: Credential = malformed('The X-API-Key header takes the key alone, without "Bearer": "X-API-Key: sk_live_…".');
const BAD_API_KEY_HEADER: Credential = malformed('The X-API-Key header must hold one API key.');
const REPEATED: Credential = malformed('Send one credential: the Authorization or X-API-Key header appears more than once.');
// A JWT or an sk_live_ key: printable ASCII without spaces, bounded so giant headers cost nothing.
const TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * The contract's rules: `Authorization: Bearer …` wins over `X-API-Key`; a bearer value starting
 * with `sk_live_` is an API key, any other bearer value a Firebase ID token. An empty header
 * counts as absent. The scheme is case-insensitive (RFC 7235: `bearer` works); the credential is
 * taken exactly, less surrounding whitespace, which is never part of a key or a token.
 *
 * `rawHeaders` (the request's, as Node received them) lets a repeated credential header be
 * refused: Node keeps only the first `Authorization` and silently drops the rest, so which
 * credential "won" would depend on header order.
 */
export function readCredential(headers: Record<string, string | string[] | undefined>, rawHeaders: readonly string[] = []): Credential {
  if (repeatsCredentialHeader(rawHeaders)) return REPEATED;
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return notBearer(authorization);
    const value = authorization.slice(space + 1).trim();
    if (!TOKEN.test(value)) return NOT_BEARER;
    return looksLikeApiKey(value) ? { kind: 'apiKey', value } : { kind: 'idToken', value };
  }
  const apiKey = single(headers['x-api-key']);
  if (apiKey !== undefined) {
    if (TOKEN.test(apiKey)) return { kind: 'apiKey', value: apiKey };
    return /^bearer\s/i.test(apiKey) ? BEARER_IN_API_KEY_HEADER : BAD_API_KEY_HEADER;
  }
  return NONE;
}

/** Why an Authorization header without the `Bearer ` scheme was refused. */
function notBearer(authorization: string): Credential {
  const scheme = /^[^\s]+(?=\s)/.exec(authorization)?.[0];
  if (scheme === undefined) return TOKEN.test(authorization) && authorization.toLowerCase() !== 'bearer' ? NO_SCHEME : NOT_BEARER;
  return scheme.toLowerCase() === 'basic' ? BASIC : NOT_BEARER;
}

function repeatsCredentialHeader(rawHeaders: readonly string[]): boolean {
  // Runs on every /verify: no allocation, and only names of the right length are lower-cased.
  let authorization = 0;
  let apiKey = 0;
  // rawHeaders alternates name, value.
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 13 && name.toLowerCase() === 'authorization') authorization += 1;
    else if (name.length === 9 && name.toLowerCase() === 'x-api-key') apiKey += 1;
  }
  return authorization > 1 || apiKey > 1;
}

function malformed(problem: string): Credential {
  return Object.freeze({ kind: 'malformed', problem });
}

function single(value: string | string[] | undefined): string | undefined {
  // Repeated headers arrive as arrays (or comma-joined): ambiguous, so never pick one silently.
  const v = (Array.isArray(value) ? value.join(', ') : value)?.trim();
  return v === '' ? undefined : v;
}

const NOT_AN_API_KEY = '/verify checks API keys: send "Authorization: Bearer sk_live_…" or "X-API-Key: sk_live_…" (a Firebase ID token is not one).';

/**
 * Why /verify refuses a credential that is not an API key: a Firebase token or a broken header
 * gets the same code as a wrong key, with a message that names the form expected. /verify and
 * the verify middleware (which answers as Keyhold would, without asking it) share it.
 */
export function notAnApiKey(credential: Exclude<Credential, { kind: 'none' | 'apiKey' }>): Failure {
  return { code: 'INVALID_API_KEY', detail: credential.kind === 'malformed' ? credential.problem : NOT_AN_API_KEY };
}
