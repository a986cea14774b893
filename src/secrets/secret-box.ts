import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_LENGTH = 32;
// 96-bit IVs are GCM's native size; random ones stay safe far beyond the number of webhook
// secrets one key will ever seal.
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Opening failed. The message never contains the sealed value, the plaintext or the key. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * AES-256-GCM for small secrets at rest. `context` (the owning org id) is authenticated but not
 * stored, so a ciphertext copied onto another organization's record fails to open there.
 * Output: `v1.<iv>.<tag>.<ciphertext>`, each base64url without padding; the version tag lets a
 * later format or key rotation coexist with values already stored.
 */
export class SecretBox {
  // A private field rather than a property, so the key never shows up in a logged or
  // serialized SecretBox.
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_LENGTH) {
      const got = Buffer.isBuffer(key) ? `${key.length} bytes` : typeof key;
      throw new RangeError(`SecretBox key must be exactly ${KEY_LENGTH} bytes, got ${got}`);
    }
    // A copy, so a caller reusing or zeroing its buffer cannot change the key underneath us.
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string, context: string): string {
    requireContext(context);
    if (typeof plaintext !== 'string') throw new TypeError('SecretBox.seal: plaintext must be a string');
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext].map(toPart).join('.');
  }

  open(sealed: string, context: string): string {
    requireContext(context);
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError(`sealed secret is not in the ${VERSION} format`);
    }
    const iv = fromPart(parts[1]);
    const tag = fromPart(parts[2]);
    const ciphertext = fromPart(parts[3]);
    if (iv?.length !== IV_LENGTH || tag?.length !== TAG_LENGTH || ciphertext === undefined) {
      throw new SecretBoxError(`sealed secret is not in the ${VERSION} format`);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_LENGTH });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // OpenSSL cannot tell these apart, and neither should an attacker.
      throw new SecretBoxError('sealed secret failed authentication: wrong key, wrong context, or altered ciphertext');
    }
  }
}

// An empty context would bind the ciphertext to nothing, silently dropping the cross-org check.
function requireContext(context: string): void {
  if (typeof context !== 'string' || context.length === 0) {
    throw new TypeError('SecretBox: context must be a non-empty string');
  }
}

function toPart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}

// Buffer.from(…, 'base64url') skips characters it does not know and ignores a final
// character's spare bits; accepting only the canonical encoding means every altered character
// of a sealed value is an error, not a silently identical decode.
function fromPart(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}
