import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET, encodeBase62, randomBase62 } from '../../src/core/base62.js';
import {
  API_KEY_LENGTH,
  API_KEY_PREFIX,
  KEY_PREFIX_LENGTH,
  generateApiKey,
  hashApiKey,
  keyChecksum,
  looksLikeApiKey,
  parseApiKey,
} from '../../src/core/key-format.js';

// Expected values below were computed once outside this code base (Python's zlib.crc32,
// hashlib.sha256 and a hand-written base62 encoder) and are hardcoded on purpose.
const FIXED_BODY = '0123456789ABCDEFabcdef';
const FIXED_KEY = 'sk_live_0123456789ABCDEFabcdef3tiLrO';
const FIXED_HASH = '8c997eb615173fa70cffc09aa693f99a67a65fbe01176e2c71418be0d0d468fe';
const KEY_SHAPE = /^sk_live_[A-Za-z0-9]{28}$/;

/** Deterministic PRNG (mulberry32): reproducible positions and a non-flaky frequency test. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seededBytes(seed: number): (n: number) => Buffer {
  const next = seeded(seed);
  return (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

/** Serves exactly the given bytes, in order, and fails the test if asked for more. */
function scriptedBytes(script: number[]): (n: number) => Buffer {
  let at = 0;
  return (n) => {
    if (at >= script.length) throw new Error('scripted random source exhausted');
    const chunk = script.slice(at, at + n);
    at += chunk.length;
    return Buffer.from(chunk);
  };
}

function substitute(key: string, position: number, char: string): string {
  return key.slice(0, position) + char + key.slice(position + 1);
}

describe('checksum building blocks', () => {
  it('uses IEEE CRC-32 as zlib computes it (check value of "123456789")', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('encodes base62 with the 0-9A-Za-z alphabet, most significant digit first, zero-padded', () => {
    expect(BASE62_ALPHABET).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    expect(encodeBase62(0, 6)).toBe('000000');
    expect(encodeBase62(61, 6)).toBe('00000z');
    expect(encodeBase62(62, 6)).toBe('000010');
    expect(encodeBase62(3844, 6)).toBe('000100');
    expect(encodeBase62(238327, 6)).toBe('000zzz');
    // 4·62^5 + 42·62^4 + 41·62^3 + 15·62^2 + 12·62 + 3
    expect(encodeBase62(4294967295, 6)).toBe('4gfFC3');
  });

  it('refuses a value that does not fit the width instead of growing the key', () => {
    expect(() => encodeBase62(62 ** 6, 6)).toThrow(RangeError);
    expect(() => encodeBase62(-1, 6)).toThrow(RangeError);
  });

  it('computes the checksum of a fixed key body', () => {
    expect(keyChecksum(API_KEY_PREFIX + FIXED_BODY)).toBe('3tiLrO');
    expect(() => keyChecksum(API_KEY_PREFIX + FIXED_BODY + 'x')).toThrow(RangeError);
  });
});

describe('known key vector', () => {
  it('parses to the exact secret, sha256 hex and prefix', () => {
    expect(API_KEY_PREFIX + FIXED_BODY + keyChecksum(API_KEY_PREFIX + FIXED_BODY)).toBe(FIXED_KEY);
    expect(parseApiKey(FIXED_KEY)).toEqual({
      ok: true,
      secret: FIXED_KEY,
      hash: FIXED_HASH,
      prefix: 'sk_live_0123',
    });
    expect(hashApiKey(FIXED_KEY)).toBe(FIXED_HASH);
  });

  it('accepts checksums at both ends of the digit range', () => {
    // Also computed independently: a CRC with a leading '0' digit and one with several high digits.
    expect(parseApiKey('sk_live_00000000000000000000000K3vO8').ok).toBe(true);
    expect(parseApiKey('sk_live_zzzzzzzzzzzzzzzzzzzzzz1W527F').ok).toBe(true);
  });
});

describe('generated keys (property test)', () => {
  const keys = Array.from({ length: 3000 }, generateApiKey);
  const rand = seeded(0x5eed);
  const pick = (n: number) => Math.floor(rand() * n);

  it('are 36 characters of sk_live_ + base62, validate, and carry their 12-char prefix', () => {
    expect(API_KEY_LENGTH).toBe(36);
    expect(KEY_PREFIX_LENGTH).toBe(12);
    for (const key of keys) {
      expect(key).toHaveLength(36);
      expect(key).toMatch(KEY_SHAPE);
      const parsed = parseApiKey(key);
      expect(parsed).toEqual({ ok: true, secret: key, hash: hashApiKey(key), prefix: key.slice(0, 12) });
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reject a substitution at every body position', () => {
    for (const key of keys) {
      for (let position = 8; position < 36; position++) {
        let char = BASE62_ALPHABET[pick(62)];
        if (char === key[position]) char = BASE62_ALPHABET[(BASE62_ALPHABET.indexOf(char) + 1) % 62];
        expect(parseApiKey(substitute(key, position, char))).toEqual({ ok: false, reason: 'checksum' });
      }
    }
  });

  it('reject every other alphabet character at random positions', () => {
    for (const key of keys.slice(0, 300)) {
      for (let round = 0; round < 3; round++) {
        const position = 8 + pick(28);
        for (const char of BASE62_ALPHABET) {
          if (char === key[position]) continue;
          expect(parseApiKey(substitute(key, position, char))).toEqual({ ok: false, reason: 'checksum' });
        }
      }
    }
  });
});

describe('malformed keys', () => {
  const malformed = { ok: false, reason: 'malformed' };
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['one short', FIXED_KEY.slice(0, 35)],
    ['one long', FIXED_KEY + 'a'],
    ['upper-case prefix', 'SK_LIVE_' + FIXED_KEY.slice(8)],
    ['mixed-case prefix', 'sk_Live_' + FIXED_KEY.slice(8)],
    ['test-mode prefix', 'sk_test_' + FIXED_KEY.slice(8)],
    ['leading space', ' ' + FIXED_KEY],
    ['trailing newline', FIXED_KEY + '\n'],
    ['space inside, same length', substitute(FIXED_KEY, 20, ' ')],
    ['underscore in the body', substitute(FIXED_KEY, 20, '_')],
    ['hyphen in the checksum', substitute(FIXED_KEY, 33, '-')],
    ['Latin-1 letter, same length', substitute(FIXED_KEY, 20, 'é')],
    ['Cyrillic look-alike, same length', substitute(FIXED_KEY, 20, '\u0430')],
    ['full-width digit, same length', substitute(FIXED_KEY, 20, '\uff11')],
    ['astral character', substitute(FIXED_KEY, 20, '😀').slice(0, 36)],
    ['NUL byte', substitute(FIXED_KEY, 35, '\0')],
  ];

  it.each(cases)('%s', (_label, value) => {
    expect(parseApiKey(value)).toEqual(malformed);
  });

  it('does not trim: the caller decides whether whitespace is tolerated', () => {
    expect(parseApiKey(`  ${FIXED_KEY}  `)).toEqual(malformed);
    expect(parseApiKey(`${FIXED_KEY}  `.trim())).toMatchObject({ ok: true });
  });

  it('treats a non-string as malformed rather than throwing', () => {
    expect(parseApiKey(undefined as unknown as string)).toEqual(malformed);
    expect(parseApiKey({ $gt: '' } as unknown as string)).toEqual(malformed);
  });
});

describe('looksLikeApiKey', () => {
  it('routes every bearer value starting with sk_live_ to key authentication', () => {
    expect(looksLikeApiKey(FIXED_KEY)).toBe(true);
    expect(looksLikeApiKey('sk_live_')).toBe(true);
    expect(looksLikeApiKey('sk_live_not-even-close')).toBe(true);
  });

  it('leaves everything else to Firebase', () => {
    expect(looksLikeApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
    expect(looksLikeApiKey('SK_LIVE_' + FIXED_KEY.slice(8))).toBe(false);
    expect(looksLikeApiKey(' ' + FIXED_KEY)).toBe(false);
    expect(looksLikeApiKey('sk_test_abc')).toBe(false);
    expect(looksLikeApiKey('')).toBe(false);
  });
});

describe('randomBase62', () => {
  it('skips bytes 248..255 and maps the rest modulo 62', () => {
    const source = scriptedBytes([248, 255, 0, 61, 62, 250, 247, 123, 249, 1, 200, 10]);
    // 0→'0', 61→'z', 62→'0', 247→'z', 123→'z', 1→'1', 200→'E'(14), 10→'A'
    expect(randomBase62(8, source)).toBe('0z0zz1EA');
  });

  it('keeps drawing when a whole draw is rejected', () => {
    const source = scriptedBytes([...Array<number>(40).fill(255), 5, 6, 7]);
    expect(randomBase62(3, source)).toBe('567');
  });

  it('returns exactly the requested length', () => {
    expect(randomBase62(0)).toBe('');
    for (const length of [1, 7, 22, 32, 100]) expect(randomBase62(length)).toHaveLength(length);
    expect(() => randomBase62(-1)).toThrow(RangeError);
  });

  it('has flat character frequencies (chi-square over 62,000 characters, seeded source)', () => {
    const text = randomBase62(62_000, seededBytes(42));
    const counts = new Map<string, number>();
    for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = 1000;
    let chiSquare = 0;
    for (const count of counts.values()) chiSquare += (count - expected) ** 2 / expected;
    // 61 degrees of freedom: mean 61, p < 1e-5 above ~120. Plain `byte % 62` scores about 400.
    expect(chiSquare).toBeLessThan(120);
  });
});
