/**
 * Infrastructure faults are thrown, not returned: this tells the edges which thrown errors mean
 * "the database or Firebase cannot be reached" (UNAVAILABLE) rather than a bug (INTERNAL).
 */
const DATABASE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoExpiredSessionError',
]);

// A socket the driver was writing to when the server went away can surface as the raw Node
// error (EPIPE "socket has been ended by the other party") rather than a MongoNetworkError.
const SOCKET_ERRORS = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export class DependencyUnavailableError extends Error {
  /** What the caller is told: the catalogue's UNAVAILABLE unless the outage has a better name. */
  readonly code: 'UNAVAILABLE' | 'SIGN_IN_NOT_CONFIGURED';

  constructor(
    readonly dependency: 'database' | 'firebase',
    options?: { cause?: unknown; code?: DependencyUnavailableError['code'] },
  ) {
    super(`${dependency} unavailable`, options);
    this.name = 'DependencyUnavailableError';
    this.code = options?.code ?? 'UNAVAILABLE';
  }
}

/** The catalogue code for an error isUnavailable accepts. */
export function unavailableCode(err: unknown): DependencyUnavailableError['code'] {
  return err instanceof DependencyUnavailableError ? err.code : 'UNAVAILABLE';
}

export function isUnavailable(err: unknown): boolean {
  if (err instanceof DependencyUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  if (DATABASE_ERRORS.has(err.name)) return true;
  if (SOCKET_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) return true;
  // mongoose with bufferCommands: false, before the first connection or after close.
  if (err.name === 'MongooseError' && /initial connection|connection .*closed|buffering timed out/i.test(err.message)) return true;
  if (err.name === 'MongooseServerSelectionError') return true;
  return err.cause !== undefined && err.cause !== err && isUnavailable(err.cause);
}
