import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** Digit values 0..61, in this order; the key checksum's encoding depends on it. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// 248 = 4 × 62: bytes below it map onto the alphabet exactly four times each, so taking
// them modulo 62 is uniform. The 8 values above would favour '0'..'7' if kept.
const REJECT_FROM = 248;

// Indexed by char code, -1 for anything outside the alphabet. A table keeps validation
// and decoding on the /verify path free of regexes and allocation.
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE62_ALPHABET.length; i++) DIGIT_VALUE[BASE62_ALPHABET.charCodeAt(i)] = i;

/**
 * `length` uniformly random base62 characters. `randomBytes` is injectable only so tests can
 * drive the rejection path with chosen bytes; production code leaves it as crypto.randomBytes.
 */
export function randomBase62(length: number, randomBytes: (n: number) => Buffer = cryptoRandomBytes): string {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`randomBase62: length must be a non-negative integer, got ${length}`);
  }
  let out = '';
  while (out.length < length) {
    const missing = length - out.length;
    // About 3% of bytes are rejected; a small surplus makes a second draw rare.
    const bytes = randomBytes(missing + (missing >> 3) + 2);
    if (bytes.length === 0) throw new Error('randomBase62: random source returned no bytes');
    for (let i = 0; i < bytes.length && out.length < length; i++) {
      const b = bytes[i];
      if (b < REJECT_FROM) out += BASE62_ALPHABET[b % 62];
    }
  }
  return out;
}

/** Unsigned integer in base62, most significant digit first, left-padded with '0' to `width`. */
export function encodeBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`encodeBase62: value must be a non-negative safe integer, got ${value}`);
  }
  let out = '';
  let rest = value;
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  // Silently growing past `width` would produce a key of the wrong length; fail loudly instead.
  if (out.length > width) {
    throw new RangeError(`encodeBase62: ${value} does not fit in ${width} digits`);
  }
  return out.padStart(width, '0');
}

/** Whether every character of `value` in [start, end) is in the base62 alphabet. */
export function isBase62(value: string, start = 0, end = value.length): boolean {
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code >= 128 || DIGIT_VALUE[code] < 0) return false;
  }
  return true;
}

/**
 * The unsigned integer written in base62 in `value`[start, end), or -1 when a character is
 * outside the alphabet. Callers keep the run short enough to stay a safe integer (≤ 8 digits).
 */
export function decodeBase62(value: string, start = 0, end = value.length): number {
  let result = 0;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    const digit = code < 128 ? DIGIT_VALUE[code] : -1;
    if (digit < 0) return -1;
    result = result * 62 + digit;
  }
  return result;
}
