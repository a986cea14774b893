import { fail, ok, type Result } from './errors.js';

// C0 and C1 control characters, DEL included; also line/paragraph separators, which break logs.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Unicode's format characters (Cf): invisible, yet they change how text reads: bidirectional
// overrides and isolates (U+202A–202E, U+2066–2069), zero-width characters (U+200B–200D, U+2060,
// U+FEFF), soft hyphens, tags… A name holding one can be made to read as another.
const FORMAT = /\p{Cf}/u;
// With the u flag a surrogate pair is one code point: only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;
export const NAME_MAX = 100;

/**
 * Names people read in lists (organizations, keys, projects, endpoints…): 1..100 characters
 * after trimming, well-formed Unicode (a lone surrogate would be stored as U+FFFD, so what was
 * answered and what is listed would differ), no control or format characters.
 */
export function validName(raw: string, field: string): Result<string> {
  // Checked before trimming, which would quietly drop a leading or trailing U+FEFF.
  if (LONE_SURROGATE.test(raw)) return fail('BAD_USER_INPUT', { field, detail: `${field} must be well-formed Unicode text (it holds a lone surrogate).` });
  if (FORMAT.test(raw)) {
    return fail('BAD_USER_INPUT', {
      field,
      detail: `${field} must not contain invisible format characters (bidirectional controls, zero-width characters and the like).`,
    });
  }
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
