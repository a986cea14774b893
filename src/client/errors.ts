import type { GraphQLCode } from '../core/errors.js';

export type { GraphQLCode as KeyholdErrorCode } from '../core/errors.js';

// Every GraphQL code of the core catalogue, checked against it by the compiler: a code added
// there and not here (or the other way round) fails the typecheck.
const CODES = {
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  NOT_FOUND: true,
  BAD_USER_INPUT: true,
  RATE_LIMITED: true,
  UNAVAILABLE: true,
} as const satisfies Record<GraphQLCode, true>;

export function isKeyholdErrorCode(value: unknown): value is GraphQLCode {
  return typeof value === 'string' && Object.hasOwn(CODES, value);
}

/**
 * Keyhold answered and refused the call: `code` is one of the contract's codes
 * (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, RATE_LIMITED, UNAVAILABLE).
 */
export class KeyholdError extends Error {
  override readonly name = 'KeyholdError';
  readonly code: GraphQLCode;
  /** The input field at fault, with BAD_USER_INPUT when Keyhold names one. */
  readonly field?: string;
  /** Seconds to wait before retrying, with RATE_LIMITED. */
  readonly retryAfter?: number;
  /** Keyhold's `X-Request-Id` for the call: quote it to support. */
  readonly requestId?: string;

  constructor(init: { code: GraphQLCode; message: string; field?: string; retryAfter?: number; requestId?: string }) {
    super(init.message);
    this.code = init.code;
    if (init.field !== undefined) this.field = init.field;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }
}

/**
 * No usable answer from Keyhold: it could not be reached, did not answer in time, or answered
 * something that is not a Keyhold GraphQL response (a proxy's error page, say). Retrying may help.
 */
export class KeyholdConnectionError extends Error {
  override readonly name = 'KeyholdConnectionError';
  constructor(
    message: string,
    /** The URL that was called. */
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
