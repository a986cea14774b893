import { randomBytes } from 'node:crypto';

// 18 bytes: 144 random bits, exactly 24 base64url characters (no padding, no partial character).
const ID_BYTES = 18;
const IDS_PER_DRAW = 256;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A request id: random, so it is unguessable and says nothing of how many requests came before
 * or which came first. Drawn from a pooled buffer of random bytes, refilled every 256 ids: one
 * `randomBytes` call per request would cost more than the rest of a cached /verify's id work
 * (crypto.randomUUID pools too, but is 36 characters and slower to format).
 */
export function newRequestId(): string {
  if (offset === pool.length) {
    pool = randomBytes(ID_BYTES * IDS_PER_DRAW);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
