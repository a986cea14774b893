import { looksLikeApiKey } from '../keys/key-format.js';

/** What a request presents, before anything is verified. */
export type Credential =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey'; readonly value: string }
  | { readonly kind: 'idToken'; readonly value: string }
  /** A header is there but is not a usable credential (another scheme, no value, junk). */
  | { readonly kind: 'malformed' };

const NONE: Credential = Object.freeze({ kind: 'none' });
const MALFORMED: Credential = Object.freeze({ kind: 'malformed' });
// A JWT or an sk_live_ key: printable ASCII without spaces, bounded so giant headers cost nothing.
const TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * The contract's rules: `Authorization: Bearer …` wins over `X-API-Key`; a bearer value starting
 * with `sk_live_` is an API key, any other bearer value a Firebase ID token. An empty header
 * counts as absent. Values are taken exactly (HTTP already strips the header's outer whitespace).
 */
export function readCredential(headers: Record<string, string | string[] | undefined>): Credential {
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return MALFORMED;
    const value = authorization.slice(space + 1).trim();
    if (!TOKEN.test(value)) return MALFORMED;
    return looksLikeApiKey(value) ? { kind: 'apiKey', value } : { kind: 'idToken', value };
  }
  const apiKey = single(headers['x-api-key']);
  if (apiKey !== undefined) return TOKEN.test(apiKey) ? { kind: 'apiKey', value: apiKey } : MALFORMED;
  return NONE;
}

function single(value: string | string[] | undefined): string | undefined {
  // Repeated headers arrive as arrays (or comma-joined): ambiguous, so never pick one silently.
  const v = Array.isArray(value) ? value.join(', ') : value;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
