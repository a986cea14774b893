import { hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { decodeBase62, encodeBase62, isBase62, randomBase62 } from './base62.js';

export const API_KEY_PREFIX = 'sk_live_';
export const API_KEY_LENGTH = 36;
/** Stored in clear for listings: `sk_live_` plus four characters, too few to matter as a secret. */
export const KEY_PREFIX_LENGTH = 12;

const RANDOM_LENGTH = 22;
const CHECKSUM_LENGTH = 6;
const CHECKSUM_START = API_KEY_PREFIX.length + RANDOM_LENGTH; // 30

export type ParsedKey = { ok: true; secret: string; hash: string; prefix: string } | { ok: false; reason: 'malformed' | 'checksum' };

// Shared so rejecting junk on /verify allocates nothing.
const MALFORMED: ParsedKey = Object.freeze({ ok: false, reason: 'malformed' });
const BAD_CHECKSUM: ParsedKey = Object.freeze({ ok: false, reason: 'checksum' });

/**
 * The 6-character checksum of a key's first 30 characters: CRC-32 (IEEE, as zlib computes it)
 * of their ASCII bytes, in base62. Exported so fixtures and other tools can build keys.
 */
export function keyChecksum(first30: string): string {
  if (first30.length !== CHECKSUM_START) {
    throw new RangeError(`keyChecksum: expected ${CHECKSUM_START} characters, got ${first30.length}`);
  }
  for (let i = 0; i < first30.length; i++) {
    // zlib.crc32 hashes a string's UTF-8 bytes; only for ASCII are those the contract's bytes.
    if (first30.charCodeAt(i) > 0x7f) throw new RangeError('keyChecksum: input must be ASCII');
  }
  return encodeBase62(crc32(first30), CHECKSUM_LENGTH);
}

export function generateApiKey(): string {
  const first30 = API_KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  return first30 + keyChecksum(first30);
}

export function hashApiKey(secret: string): string {
  // One-shot crypto.hash (Node 20.12+): a third of createHash().update().digest()'s cost, and
  // it runs on every /verify.
  return hash('sha256', secret, 'hex');
}

/**
 * Runs on every /verify request, so it rejects with the cheapest test first and hashes only a
 * key whose checksum holds. No trimming: whether surrounding whitespace is tolerated is the
 * caller's decision, and a key that is not byte-exact is not this key.
 */
export function parseApiKey(value: string): ParsedKey {
  if (
    typeof value !== 'string' ||
    value.length !== API_KEY_LENGTH ||
    !value.startsWith(API_KEY_PREFIX) ||
    !isBase62(value, API_KEY_PREFIX.length, API_KEY_LENGTH)
  ) {
    return MALFORMED;
  }
  // Comparing numbers rather than encoded strings saves building the expected checksum.
  // Six base62 digits can exceed 2^32 - 1; such a value simply never equals a CRC.
  const presented = decodeBase62(value, CHECKSUM_START, API_KEY_LENGTH);
  // The body is validated ASCII, so its UTF-8 bytes are the contract's ASCII bytes.
  if (crc32(value.slice(0, CHECKSUM_START)) !== presented) return BAD_CHECKSUM;
  return {
    ok: true,
    secret: value,
    hash: hashApiKey(value),
    prefix: value.slice(0, KEY_PREFIX_LENGTH),
  };
}

/**
 * The contract's routing rule for bearer values: `sk_live_…` is an API key (valid or not),
 * anything else is a Firebase ID token.
 */
export function looksLikeApiKey(value: string): boolean {
  return typeof value === 'string' && value.startsWith(API_KEY_PREFIX);
}
