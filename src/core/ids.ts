import { isBase62, randomBase62 } from './base62.js';

export const ORG_ID_PREFIX = 'org_';
export const KEY_ID_PREFIX = 'key_';
// 20 base62 characters ≈ 119 bits: collisions are not a practical concern, and ids stay
// unguessable so probing for other organizations' resources gains nothing.
const ID_RANDOM_LENGTH = 20;

export function newOrgId(): string {
  return ORG_ID_PREFIX + randomBase62(ID_RANDOM_LENGTH);
}

export function newKeyId(): string {
  return KEY_ID_PREFIX + randomBase62(ID_RANDOM_LENGTH);
}

// Takes `unknown` because ids arrive from GraphQL arguments and JSON bodies: anything that is
// not exactly this shape (an object like {"$gt":""}, a padded string) never reaches a query.
function hasIdShape(value: unknown, prefix: string): value is string {
  return (
    typeof value === 'string' &&
    value.length === prefix.length + ID_RANDOM_LENGTH &&
    value.startsWith(prefix) &&
    isBase62(value, prefix.length)
  );
}

export function isOrgId(value: unknown): value is string {
  return hasIdShape(value, ORG_ID_PREFIX);
}

export function isKeyId(value: unknown): value is string {
  return hasIdShape(value, KEY_ID_PREFIX);
}
