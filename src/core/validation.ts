import { fail, ok, type Result } from './errors.js';

// C0 and C1 control characters, DEL included; also line/paragraph separators, which break logs.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
export const NAME_MAX = 100;

/** Organization and key names: 1..100 characters after trimming, no control characters. */
export function validName(raw: string, field: string): Result<string> {
  const name = raw.trim();
  const length = [...name].length;
  if (length === 0) return fail('BAD_USER_INPUT', { field, detail: `${field} must not be empty.` });
  if (length > NAME_MAX) return fail('BAD_USER_INPUT', { field, detail: `${field} must be at most ${NAME_MAX} characters.` });
  if (CONTROL.test(name)) return fail('BAD_USER_INPUT', { field, detail: `${field} must not contain control characters.` });
  return ok(name);
}

export function validFutureDate(value: Date, nowMs: number, field: string): Result<Date> {
  if (Number.isNaN(value.getTime())) return fail('BAD_USER_INPUT', { field, detail: `${field} must be an ISO-8601 date-time.` });
  if (value.getTime() <= nowMs) return fail('BAD_USER_INPUT', { field, detail: `${field} must be in the future.` });
  return ok(value);
}

export function validIntRange(value: number, min: number, max: number, field: string): Result<number> {
  if (!Number.isInteger(value) || value < min || value > max) {
    return fail('BAD_USER_INPUT', { field, detail: `${field} must be a whole number from ${min} to ${max}.` });
  }
  return ok(value);
}
