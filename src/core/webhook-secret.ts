import { randomBase62 } from './base62.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
// 32 base62 characters ≈ 190 bits, comfortably above a 128-bit HMAC key.
const WEBHOOK_SECRET_RANDOM_LENGTH = 32;

/** Stored only through SecretBox: the server must be able to read it back to sign webhooks. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBase62(WEBHOOK_SECRET_RANDOM_LENGTH);
}
