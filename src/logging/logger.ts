import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { prettyStdout } from './pretty.js';
import { scrubSecrets } from './scrub.js';

export type { Logger };
export { scrubSecrets };

/**
 * Secrets must never reach a log line, whatever field they hide in. Every line goes through
 * pino's own extension points: the logged object through `formatters.log`, the message (with the
 * values it interpolates) through the `msg` serializer, errors through the `err` serializer. There,
 * values under a credential's key name are censored, and any string shaped like a Keyhold key, a
 * webhook secret or a JWT (Firebase ID tokens), percent-encoded or not (src/logging/scrub.ts), is
 * scrubbed, so a secret quoted in an error message or a URL is caught too.
 */
// The shortest string scrubSecrets removes: a bare `whsec_`.
const SHORTEST_SECRET = 6;

/**
 * A cheap first look, since most strings logged (ids, methods, paths) hold no secret: every shape
 * scrubbed has an underscore (`sk_live_`, `whsec_`) or, for a JWT, a dot, unless one of them is
 * percent-encoded.
 */
function mayHoldSecret(text: string): boolean {
  return text.length >= SHORTEST_SECRET && (text.includes('_') || text.includes('.') || text.includes('%'));
}

/** `text` with any secret scrubbed; most strings are returned as they are after one cheap look. */
export function scrubText(text: string): string {
  return mayHoldSecret(text) ? scrubSecrets(text) : text;
}

/** Keys whose values are credentials, at any depth of a logged object. */
export const CENSORED_KEYS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'cookie', 'secret', 'webhookSecret', 'idToken', 'password']);
const CENSOR = '[REDACTED]';
const MAX_DEPTH = 8;

/**
 * `value` with credentials censored and secret shapes scrubbed, walking what JSON.stringify would
 * write: own enumerable properties, but not values that serialize themselves (toJSON: dates,
 * buffers, documents), nor errors, which the `err` serializer writes. Copy on write: a value with
 * nothing to scrub (nearly every line, the access line included) is returned as it is.
 */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const array = value as unknown[];
    let copy: unknown[] | undefined;
    for (let i = 0; i < array.length; i++) {
      const v = scrub(array[i], depth + 1);
      if (v !== array[i]) (copy ??= array.slice())[i] = v;
    }
    return copy ?? array;
  }
  if (value instanceof Error || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const v = CENSORED_KEYS.has(key) ? CENSOR : scrub(object[key], depth + 1);
    if (v !== object[key]) (copy ??= { ...object })[key] = v;
  }
  return copy ?? value;
}

/**
 * Lines go to stdout in batches, written synchronously: a write per line (or, asynchronously, a
 * trip through libuv's thread pool) costs more than a cached /verify's whole key check. A batch
 * is written once it holds LOG_BATCH_BYTES and at least every LOG_FLUSH_MS, and what is left
 * when the process exits, on a signal's clean shutdown or an uncaught exception alike (only a
 * SIGKILL loses the last second).
 */
export const LOG_BATCH_BYTES = 4096;
export const LOG_FLUSH_MS = 1000;

export function stdoutInBatches(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  // pino flushes only asynchronous destinations at exit by itself.
  process.once('exit', () => stdout.flushSync());
  return stdout;
}

/**
 * `pretty` (development on a terminal, see configuration) writes coloured lines through
 * pino-pretty, after the scrubbing above; without pino-pretty installed, JSON lines.
 */
export function createLogger(opts: { level: string; destination?: DestinationStream; pretty?: boolean }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'keyhold' },
      timestamp: isoTimestamp,
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      serializers: {
        err: (err: Error) => scrub({ ...stdSerializers.err(err) }),
        // The message, once pino has put any interpolated values into it.
        msg: (message: unknown) => scrub(message),
      },
    },
    opts.destination ?? (opts.pretty ? prettyStdout() : null) ?? stdoutInBatches(),
  );
}

let stampedMs = Number.NaN;
let stamp = '';

/**
 * pino's isoTime, formatted once per millisecond: under load many lines share a millisecond, and
 * Date#toISOString is a measurable part of each line.
 */
export function isoTimestamp(): string {
  const ms = Date.now();
  if (ms !== stampedMs) {
    stampedMs = ms;
    stamp = `,"time":"${new Date(ms).toISOString()}"`;
  }
  return stamp;
}
