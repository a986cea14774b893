import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyStdout } from './pretty.js';
import { scrubSecrets } from './scrub.js';

export type { Logger };
export { scrubSecrets };

/**
 * Secrets must never reach a log line, whatever field they hide in: header paths are redacted by
 * name, and every serialized line is also scrubbed of anything shaped like a Keyhold key, a
 * webhook secret or a JWT (Firebase ID tokens), percent-encoded or not (src/logging/scrub.ts),
 * so a secret quoted in an error message or a URL is caught too.
 */

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.secret',
  '*.webhookSecret',
  '*.idToken',
  '*.password',
];

/**
 * Lines go to stdout in batches, written synchronously: a write per line (or, asynchronously, a
 * trip through libuv's thread pool) cost more than a cached /verify's whole key check. A batch
 * is written once it holds LOG_BATCH_BYTES and at least every LOG_FLUSH_MS, and what is left
 * when the process exits, on a signal's clean shutdown or an uncaught exception alike (only a
 * SIGKILL loses the last second).
 */
export const LOG_BATCH_BYTES = 4096;
export const LOG_FLUSH_MS = 1000;

function stdoutInBatches(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
  // pino flushes only asynchronous destinations at exit by itself.
  process.once('exit', () => stdout.flushSync());
  return stdout;
}

/**
 * `pretty` (development on a terminal, see configuration) writes coloured lines through
 * pino-pretty, still beneath the scrubbing below; without pino-pretty installed, JSON lines.
 */
export function createLogger(opts: { level: string; destination?: DestinationStream; pretty?: boolean }): Logger {
  const target = opts.destination ?? (opts.pretty ? prettyStdout() : null) ?? stdoutInBatches();
  const scrubbing = {
    write: (line: string) => target.write(scrubSecrets(line)),
    // logger.flush() writes a batch now (after the start-up lines, say).
    flush: () => (target as { flush?: () => void }).flush?.(),
  };
  const logger = pino(
    {
      level: opts.level,
      base: { service: 'keyhold' },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: isoTimestamp,
    },
    scrubbing,
  );
  unscrubbed.set(logger, target);
  return logger;
}

const unscrubbed = new WeakMap<Logger, DestinationStream>();

/**
 * Where a logger made by createLogger writes, before its scrubbing: for the access line alone,
 * which scrubs its one free-text field itself (src/logging/access-log.ts).
 */
export function unscrubbedDestination(logger: Logger): DestinationStream | undefined {
  return unscrubbed.get(logger);
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
