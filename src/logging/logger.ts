import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Secrets must never reach a log line, whatever field they hide in: header paths are redacted by
 * name, and every serialized line is also scrubbed of anything shaped like a Keyhold key, a
 * webhook secret or a JWT (Firebase ID tokens), so a secret quoted in an error message or a URL
 * is caught too.
 */
// Case-insensitive: a key pasted with its prefix upper-cased is still its secret body.
const SECRET_SHAPES = /sk_live_[A-Za-z0-9]*|whsec_[A-Za-z0-9]*|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/gi;

export function scrubSecrets(text: string): string {
  return text.replace(SECRET_SHAPES, (m) => (/^eyJ/i.test(m) ? '[REDACTED_TOKEN]' : `${m.slice(0, m.indexOf('_', 3) + 1)}[REDACTED]`));
}

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

export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  const target = opts.destination ?? pino.destination({ dest: 1, sync: false });
  const scrubbing: DestinationStream = { write: (line: string) => target.write(scrubSecrets(line)) };
  return pino(
    {
      level: opts.level,
      base: { service: 'keyhold' },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    scrubbing,
  );
}
