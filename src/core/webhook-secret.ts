import { isBase62, randomBase62 } from './base62.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
// 32 base62 characters ≈ 190 bits, comfortably above a 128-bit HMAC key.
const WEBHOOK_SECRET_RANDOM_LENGTH = 32;
export const WEBHOOK_SECRET_LENGTH = WEBHOOK_SECRET_PREFIX.length + WEBHOOK_SECRET_RANDOM_LENGTH;

/** Stored only through SecretBox: the server must be able to read it back to sign webhooks. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBase62(WEBHOOK_SECRET_RANDOM_LENGTH);
}

/** Whether `value` has the contract's shape: `whsec_` and 32 base62 characters. */
export function isWebhookSecret(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === WEBHOOK_SECRET_LENGTH &&
    value.startsWith(WEBHOOK_SECRET_PREFIX) &&
    isBase62(value, WEBHOOK_SECRET_PREFIX.length)
  );
}
