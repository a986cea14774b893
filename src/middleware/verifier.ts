import { systemClock, type Clock } from '../core/clock.js';
import { notAnApiKey, readCredential } from '../core/credentials.js';
import { describe, type Failure } from '../core/errors.js';
import { parseApiKey } from '../core/key-format.js';
import { describeFetchFailure, joinPath } from '../client/http.js';
import { AnswerCache } from './answer-cache.js';

export interface VerifyOptions {
  /** Keyhold's base URL, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  /** `prj_…`: only keys of this project, or organization-wide keys of its organization, pass. */
  readonly project?: string;
  /** Milliseconds to wait for /verify before answering 503 (or failing open). Default 2000. */
  readonly timeoutMs?: number;
  /** How long a good answer is reused, 0..1000 ms (the contract's most). Default 1000; 0 turns caching off. */
  readonly cacheTtlMs?: number;
  /** Most good answers kept at once. Default 10 000. */
  readonly maxCacheEntries?: number;
  /**
   * When Keyhold cannot be reached, times out or answers something unexpected: false (the
   * default) refuses the request with 503; true lets it through with `keyhold` set to null.
   */
  readonly failOpen?: boolean;
  /** Told why a check could not be made (never the key): log it. */
  readonly onUnavailable?: (problem: string) => void;
  /** Time for the cache; tests pass a clock they move. */
  readonly clock?: Clock;
  /** A fetch to use instead of the global one. */
  readonly fetch?: typeof fetch;
}

/** What the middleware attaches to a request it lets in (`request.keyhold` / `req.keyhold`). */
export interface KeyholdKey {
  /** `key_…` */
  readonly keyId: string;
  /** `org_…` */
  readonly orgId: string;
  /** `prj_…`, or null for an organization-wide key. */
  readonly projectId: string | null;
  readonly name: string;
  readonly access: 'full_access' | 'read_only';
  /** ISO-8601, or null when the key never expires. */
  readonly expiresAt: string | null;
}

/** The contract's /verify refusal body. */
export interface Refusal {
  readonly valid: false;
  readonly error: { readonly code: string; readonly message: string };
}

export type Decision =
  | { readonly allowed: true; readonly key: KeyholdKey }
  /** failOpen: Keyhold could not be asked, and the request goes through unchecked. */
  | { readonly allowed: true; readonly key: null }
  | { readonly allowed: false; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Refusal };

/** What the verifier needs of an incoming request (Node's IncomingMessage has all of it). */
export interface GuardedRequest {
  readonly method?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Node's `rawHeaders`: lets a repeated credential header be refused, as Keyhold does. */
  readonly rawHeaders?: readonly string[];
}

export interface Verifier {
  check(request: GuardedRequest): Promise<Decision>;
}

const CACHE_TTL_MAX_MS = 1000;
const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_ENTRIES = 10_000;
// Passed through from Keyhold's refusals, as the contract's /verify table sends them.
const PASSED_HEADERS = ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-api-key-id'];
const UNAVAILABLE_BODY: Refusal = Object.freeze({
  valid: false,
  error: Object.freeze({ code: describe('UNAVAILABLE').rest, message: 'The API key cannot be checked right now; retry shortly.' }),
});

/**
 * The framework-free core of the verify middleware: reads the key as Keyhold does, refuses what
 * Keyhold would refuse without asking it (no key, a malformed key, a bad checksum), and asks
 * `/verify` for the rest, one call at a time per key and method, reusing a good answer for at
 * most a second. Keys are held only by their sha256.
 */
export function createVerifier(options: VerifyOptions): Verifier {
  const ttl = options.cacheTtlMs ?? CACHE_TTL_MAX_MS;
  if (!Number.isFinite(ttl) || ttl < 0 || ttl > CACHE_TTL_MAX_MS) {
    throw new RangeError(`keyhold verify: cacheTtlMs must be from 0 to ${CACHE_TTL_MAX_MS} (got ${ttl}): a revoked key must be refused within a second.`);
  }
  const endpoint = joinPath(options.url, 'verify');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const cache = new AnswerCache<Decision>(ttl > 0 ? (options.maxCacheEntries ?? DEFAULT_MAX_ENTRIES) : 0, clock);
  const inFlight = new Map<string, Promise<Decision>>();

  const unavailable = (problem: string): Decision => {
    options.onUnavailable?.(problem);
    return options.failOpen ? { allowed: true, key: null } : { allowed: false, status: 503, headers: {}, body: UNAVAILABLE_BODY };
  };

  const ask = async (secret: string, method: string): Promise<{ decision: Decision; until?: number }> => {
    const url = new URL(endpoint);
    url.searchParams.set('method', method);
    if (options.project !== undefined) url.searchParams.set('project', options.project);
    let response: Response;
    let text: string;
    try {
      response = await (options.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${secret}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      return { decision: unavailable(describeFetchFailure(err, endpoint, timeoutMs)) };
    }
    const body = parseJson(text);
    if (response.status === 200) {
      const key = toKey(body);
      if (!key) return { decision: unavailable(`Keyhold at ${endpoint} answered 200 without a key.`) };
      // Never past the key's own expiry, which may fall inside the second.
      const expires = key.expiresAt === null ? NaN : Date.parse(key.expiresAt);
      const until = clock.now() + ttl;
      return { decision: Object.freeze({ allowed: true, key }), until: Number.isNaN(expires) ? until : Math.min(until, expires) };
    }
    if ((response.status === 401 || response.status === 403 || response.status === 429) && isRefusal(body)) {
      return { decision: { allowed: false, status: response.status, headers: passedHeaders(response.headers), body } };
    }
    const said = isRefusal(body) ? ` (${body.error.code}: ${body.error.message})` : '';
    return { decision: unavailable(`Keyhold at ${endpoint} answered HTTP ${response.status}${said}.`) };
  };

  return {
    async check(request) {
      const credential = readCredential(request.headers, request.rawHeaders ?? []);
      if (credential.kind === 'none') return refuse({ code: 'MISSING_API_KEY' });
      // A Firebase token or a broken header is not an API key: Keyhold's own refusal, word for word.
      if (credential.kind !== 'apiKey') return refuse(notAnApiKey(credential));
      const parsed = parseApiKey(credential.value);
      if (!parsed.ok) return refuse({ code: 'INVALID_API_KEY' });

      const method = (request.method ?? 'GET').toUpperCase();
      const slot = `${parsed.hash} ${method}`;
      const cached = cache.get(slot);
      if (cached) return cached;
      let pending = inFlight.get(slot);
      if (!pending) {
        pending = ask(parsed.secret, method).then(({ decision, until }) => {
          if (until !== undefined) cache.set(slot, decision, until);
          return decision;
        });
        const settled = () => inFlight.delete(slot);
        pending.then(settled, settled);
        inFlight.set(slot, pending);
      }
      return pending;
    },
  };
}

/** What Keyhold itself answers, without a call, to a request it would refuse without I/O. */
function refuse(failure: Failure): Decision {
  const entry = describe(failure.code);
  return { allowed: false, status: entry.status, headers: {}, body: { valid: false, error: { code: entry.rest, message: failure.detail ?? entry.message } } };
}

function passedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

function toKey(body: unknown): KeyholdKey | undefined {
  const b = body as Record<string, unknown> | undefined;
  if (!b || b.valid !== true || typeof b.key_id !== 'string' || typeof b.org_id !== 'string') return undefined;
  if (b.access !== 'full_access' && b.access !== 'read_only') return undefined;
  return Object.freeze({
    keyId: b.key_id,
    orgId: b.org_id,
    projectId: typeof b.project_id === 'string' ? b.project_id : null,
    name: typeof b.name === 'string' ? b.name : '',
    access: b.access,
    expiresAt: typeof b.expires_at === 'string' ? b.expires_at : null,
  });
}

function isRefusal(body: unknown): body is Refusal {
  const b = body as { valid?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  return b?.valid === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
