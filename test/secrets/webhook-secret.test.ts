import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/secrets/secret-box.js';
import { generateWebhookSecret, isWebhookSecret } from '../../src/core/webhook-secret.js';

const ORG = 'org_A1b2C3d4E5f6G7h8I9j0';
const OTHER_ORG = 'org_Z9y8X7w6V5u4T3s2R1q0';

describe('generateWebhookSecret', () => {
  it('is whsec_ followed by 32 base62 characters, fresh each time', () => {
    const secrets = Array.from({ length: 2000 }, generateWebhookSecret);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('makes secrets that pass the offline shape check, which refuses anything else', () => {
    expect(isWebhookSecret(generateWebhookSecret())).toBe(true);
    for (const bad of ['whsec_', `whsec_${'a'.repeat(31)}`, `whsec_${'a'.repeat(33)}`, `WHSEC_${'a'.repeat(32)}`, `whsec_${'a'.repeat(31)}-`, 42, null]) {
      expect(isWebhookSecret(bad)).toBe(false);
    }
  });
});

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const secret = generateWebhookSecret();

  it('round-trips a secret under the same key and context', () => {
    const sealed = box.seal(secret, ORG);
    expect(box.open(sealed, ORG)).toBe(secret);
    expect(new SecretBox(Buffer.from(key)).open(sealed, ORG)).toBe(secret);
  });

  it('round-trips empty and non-ASCII plaintext', () => {
    expect(box.open(box.seal('', ORG), ORG)).toBe('');
    expect(box.open(box.seal('clé ✓ 😀', ORG), ORG)).toBe('clé ✓ 😀');
  });

  it('writes one compact ASCII string: v1.<iv>.<tag>.<ciphertext> in base64url', () => {
    const sealed = box.seal(secret, ORG);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    const [, iv, tag, ciphertext] = sealed.split('.');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ciphertext, 'base64url')).toHaveLength(Buffer.byteLength(secret));
  });

  it('uses a fresh IV for every seal', () => {
    const sealedValues = Array.from({ length: 200 }, () => box.seal(secret, ORG));
    const ivs = new Set(sealedValues.map((sealed) => sealed.split('.')[1]));
    expect(ivs.size).toBe(200);
    expect(new Set(sealedValues).size).toBe(200);
  });

  it('contains no part of the plaintext', () => {
    for (let i = 0; i < 50; i++) {
      const plaintext = generateWebhookSecret();
      const sealed = box.seal(plaintext, ORG);
      const body = plaintext.slice('whsec_'.length);
      expect(sealed).not.toContain('whsec');
      // No 6-character run of the secret survives, in clear or in plain base64 of itself.
      for (let at = 0; at + 6 <= body.length; at++) expect(sealed).not.toContain(body.slice(at, at + 6));
      expect(sealed).not.toContain(Buffer.from(plaintext).toString('base64url').slice(0, 12));
    }
  });

  it('refuses to open under another key', () => {
    const sealed = box.seal(secret, ORG);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, ORG)).toThrow(SecretBoxError);
  });

  it('refuses to open under another context (a ciphertext copied to another org)', () => {
    const sealed = box.seal(secret, ORG);
    expect(() => box.open(sealed, OTHER_ORG)).toThrow(SecretBoxError);
    expect(() => box.open(sealed, `${ORG} `)).toThrow(SecretBoxError);
  });

  it('refuses every single-bit flip anywhere in the sealed string', () => {
    const sealed = box.seal(secret, ORG);
    let attempts = 0;
    for (let at = 0; at < sealed.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = String.fromCharCode(sealed.charCodeAt(at) ^ (1 << bit));
        const altered = sealed.slice(0, at) + flipped + sealed.slice(at + 1);
        expect(() => box.open(altered, ORG), `char ${at}, bit ${bit}`).toThrow(SecretBoxError);
        attempts++;
      }
    }
    expect(attempts).toBe(sealed.length * 8);
  });

  it('refuses every single-bit flip of the decoded iv, tag and ciphertext', () => {
    const sealed = box.seal(secret, ORG);
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      for (let at = 0; at < bytes.length; at++) {
        for (let bit = 0; bit < 8; bit++) {
          const copy = Buffer.from(bytes);
          copy[at] ^= 1 << bit;
          const altered = parts.with(index, copy.toString('base64url')).join('.');
          expect(() => box.open(altered, ORG), `part ${index}, byte ${at}, bit ${bit}`).toThrow(SecretBoxError);
        }
      }
    }
  });

  it.each([
    ['empty', ''],
    ['an unknown version', 'v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['too few parts', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['too many parts', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAA'],
    ['a short iv', 'v1.AAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a short tag', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAA'],
    ['padding characters', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA==.AAAA'],
    ['standard-base64 characters', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA+/'],
  ])('refuses a badly formatted value: %s', (_label, sealed) => {
    expect(() => box.open(sealed, ORG)).toThrow(SecretBoxError);
  });

  it('names the failure without echoing the plaintext, the key or the sealed value', () => {
    const sealed = box.seal(secret, ORG);
    const tampered = sealed.slice(0, -1) + (sealed.endsWith('A') ? 'B' : 'A');
    let message = '';
    try {
      box.open(tampered, ORG);
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/failed authentication|format/);
    for (const forbidden of [secret, key.toString('base64'), key.toString('hex'), tampered, ORG]) {
      expect(message).not.toContain(forbidden);
    }
  });

  it('accepts only a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(31))).toThrow(RangeError);
    expect(() => new SecretBox(randomBytes(33))).toThrow(RangeError);
    expect(() => new SecretBox(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => new SecretBox('0'.repeat(32) as unknown as Buffer)).toThrow(RangeError);
  });

  it('keeps its own copy of the key and never exposes it', () => {
    const mutable = randomBytes(32);
    const original = Buffer.from(mutable);
    const own = new SecretBox(mutable);
    const sealed = own.seal(secret, ORG);
    mutable.fill(0);
    expect(own.open(sealed, ORG)).toBe(secret);
    // Every way a serialized or logged box could show its key: JSON (a Buffer's byte array),
    // util.inspect (its hex bytes), and the usual text encodings.
    const shown = `${JSON.stringify(own)}\n${inspect(own, { showHidden: true, depth: 4 })}`;
    const hexBytes = [...original].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    for (const form of [original.toString('hex'), original.toString('base64'), original.join(','), hexBytes]) expect(shown).not.toContain(form);
    expect(Object.values(own)).toEqual([]);
  });

  it('requires a non-empty context, so the org binding cannot be skipped by accident', () => {
    expect(() => box.seal(secret, '')).toThrow(TypeError);
    expect(() => box.open(box.seal(secret, ORG), '')).toThrow(TypeError);
  });
});
