import { KeyholdConnectionError, KeyholdError } from '../client/errors.js';

/** Exit codes: 0 success, 1 a refused call (or no answer), 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A command that cannot go on: one line for people (`message`), a code for --json. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    /** For --json: a contract code, or one of the CLI's own (UNREACHABLE, NOT_LOGGED_IN, LOGIN_EXPIRED, USAGE). */
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const usage = (message: string): CliFailure => new CliFailure(message, EXIT.usage, 'USAGE');

/** The one line to print for a failed call. */
export function failureFrom(err: unknown): CliFailure {
  if (err instanceof CliFailure) return err;
  if (err instanceof KeyholdError) {
    const retry = err.retryAfter !== undefined ? ` Retry in ${err.retryAfter} s.` : '';
    return new CliFailure(`${err.message}${retry} (${err.code}${err.field ? `, field ${err.field}` : ''})`, EXIT.refused, err.code, err.field);
  }
  if (err instanceof KeyholdConnectionError) return unreachable(err.message);
  // The file system (the config directory) and the like: their messages name paths, never secrets.
  return new CliFailure(err instanceof Error ? err.message : String(err), EXIT.refused, 'ERROR');
}

export function unreachable(message: string): CliFailure {
  return new CliFailure(`${message} Is Keyhold running? KEYHOLD_URL says where it is.`, EXIT.refused, 'UNREACHABLE');
}
