import { isoTimestamp, scrubSecrets, unscrubbedDestination, type Logger } from './logger.js';

/** What the access line says about one completed request. */
export interface AccessEntry {
  /** Server-made (`x-request-id`). */
  readonly reqId: string;
  /** As Node's parser accepted it: an HTTP token. */
  readonly method: string;
  /** As the client sent it: the one free-text field, escaped and scrubbed of secrets. */
  readonly url: string;
  readonly status: number;
  readonly ms: number;
  /** A recognised key's public id (`key_…`), when the request carried one. */
  readonly keyId?: string;
}

const INFO = 30;

/**
 * The one line per completed request, written as pino writes `logger.info(entry, 'request')`
 * (same fields, order and time format) but built directly: pino's generic serializer and the
 * destination's whole-line secret scrub cost about as much as a cached /verify's key check.
 * Only `url` is free text, so only it is scrubbed; the other fields are made by the server
 * (ids, numbers, an HTTP token) and cannot hold a secret's shape.
 */
export class AccessLog {
  /** The access log of a logger made by createLogger: its level, bindings and destination. */
  static for(logger: Logger): AccessLog {
    const destination = unscrubbedDestination(logger);
    if (!destination) throw new Error('AccessLog.for: the logger was not made by createLogger');
    const bindings = JSON.stringify(logger.bindings());
    return new AccessLog(logger, destination, bindings === '{}' ? '' : `,${bindings.slice(1, -1)}`);
  }

  private constructor(
    private readonly logger: Logger,
    /** Where the logger's lines go, past its scrubbing (see `createLogger`). */
    private readonly destination: { write(line: string): unknown },
    /** The logger's bindings as pino serializes them: `,"service":"keyhold"`. */
    private readonly bindings: string,
  ) {}

  write(entry: AccessEntry): void {
    if (this.logger.levelVal > INFO) return;
    const keyId = entry.keyId === undefined ? '' : `,"keyId":${JSON.stringify(entry.keyId)}`;
    this.destination.write(
      `{"level":${INFO}${isoTimestamp()}${this.bindings},"reqId":${JSON.stringify(entry.reqId)},"method":${JSON.stringify(entry.method)}` +
        `,"url":${JSON.stringify(scrubSecrets(entry.url))},"status":${entry.status},"ms":${entry.ms}${keyId},"msg":"request"}\n`,
    );
  }
}
