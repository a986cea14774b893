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

export class DependencyUnavailableError extends Error {
  constructor(readonly dependency: 'database' | 'firebase', options?: { cause?: unknown }) {
    super(`${dependency} unavailable`, options);
    this.name = 'DependencyUnavailableError';
  }
}

export function isUnavailable(err: unknown): boolean {
  if (err instanceof DependencyUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  if (DATABASE_ERRORS.has(err.name)) return true;
  // mongoose with bufferCommands: false, before the first connection or after close.
  if (err.name === 'MongooseError' && /initial connection|connection .*closed|buffering timed out/i.test(err.message)) return true;
  if (err.name === 'MongooseServerSelectionError') return true;
  return err.cause !== undefined && err.cause !== err && isUnavailable(err.cause);
}
