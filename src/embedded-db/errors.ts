/**
 * MongoDB's own error codes, so drivers and mongoose classify our failures exactly as they
 * classify the real server's (mongoose maps 11000 to its duplicate-key handling, the driver
 * treats 43 as a dead cursor, and so on).
 */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotIndexParallelArrays: 171,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

const codeNames = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

/** A failure that becomes `{ok: 0, errmsg, code, codeName}` (or a write error) on the wire. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;

  constructor(
    name: ErrorCodeName,
    message: string,
    /** Extra reply fields the real server sends with this error (keyPattern, keyValue…). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = ErrorCodes[name];
    this.codeName = codeNames.get(this.code) ?? 'UnknownError';
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.details };
  }

  /** Write errors carry the statement's index and no codeName, as the server's do. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.details };
  }
}

/**
 * mingo throws plain errors for bad operators ("unknown operator: $foo"); the real server
 * answers those with BadValue, so that is what unknown failures inside a command become.
 */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CommandError('BadValue', message);
}

/** Thrown by the wire parser: the connection that sent the bytes is closed, nothing else. */
export class ProtocolError extends Error {}
