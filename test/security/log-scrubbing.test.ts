// A secret a client puts in a URL never reaches a log line, however it is encoded: percent-
// encoding of any character, either case of hex, encoded twice, beside a `+`. Checked on what an
// operator would read once the line is decoded: no run of 8 characters of the secret survives.
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/core/key-format.js';
import { createLogger, scrubSecrets } from '../../src/logging/logger.js';
import { generateWebhookSecret } from '../../src/core/webhook-secret.js';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();
const JWT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJkZW1vIn0.c2lnbmF0dXJl';

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
const enc = (c: string) => `%${hex(c).toUpperCase()}`;

/** The ways a client can write `secret` in a URL, each of which decodes to it. */
function encodings(secret: string): [string, string][] {
  const us = secret.indexOf('_');
  return [
    ['underscores encoded', secret.replaceAll('_', '%5F')],
    ['underscores encoded, lower-case hex', secret.replaceAll('_', '%5f')],
    ['the first letter encoded', `${enc(secret[0]!)}${secret.slice(1)}`],
    ['one body character encoded', `${secret.slice(0, -5)}${enc(secret.at(-5)!)}${secret.slice(-4)}`],
    [
      'the first body character encoded',
      `${secret.slice(0, secret.lastIndexOf('_') + 1)}%${hex(secret[secret.lastIndexOf('_') + 1]!)}${secret.slice(secret.lastIndexOf('_') + 2)}`,
    ],
    ['every character encoded', [...secret].map(enc).join('')],
    ['every character encoded, mixed-case hex', [...secret].map((c, i) => (i % 2 ? enc(c) : enc(c).toLowerCase())).join('')],
    ['encoded twice', secret.replaceAll('_', '%255F')],
    ['the prefix upper-cased and encoded', `${secret.slice(0, us).toUpperCase()}%5F${secret.slice(us + 1)}`],
    ['after a plus', `x+${secret}`],
  ];
}

const SECRETS: [string, string][] = [
  ['an API key', generateApiKey()],
  ['a webhook secret', generateWebhookSecret()],
  ['a JWT', JWT],
];

/** Decodes percent-escapes (and `+`) until nothing changes: what the most trusting reader sees. */
function decodeFully(text: string): string {
  let out = text.replaceAll('+', ' ');
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return out;
}

/** Whether any 8 consecutive characters of the secret's body survive in `line`, once decoded. */
function leaks(line: string, secret: string): boolean {
  const body = secret.slice(secret.lastIndexOf('_') + 1);
  const plain = decodeFully(line);
  for (let at = 0; at + 8 <= body.length; at++) if (plain.includes(body.slice(at, at + 8))) return true;
  return false;
}

describe.each(SECRETS)('%s in a URL', (_kind, secret) => {
  it.each(encodings(secret))('%s is kept out of the access line', async (_how, written) => {
    const from = k.logs.length;

    const res = await k.http('GET', `/verify?token=${written}`);

    expect(res.status).toBe(400);
    const lines = k.logs.slice(from);
    expect(lines.some((l) => l.includes('"msg":"request"'))).toBe(true);
    expect(lines.filter((l) => leaks(l, secret))).toEqual([]);
  });

  it.each(encodings(secret))('%s is kept out of every other line', (_how, written) => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });

    logger.info({ url: `/no/such/route/${written}` }, 'not found');
    logger.error({ err: new Error(`upstream refused ${written}`) }, `failed for /x?t=${written}`);

    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => leaks(l, secret))).toEqual([]);
  });
});

describe('scrubSecrets', () => {
  it('says what it removed, decoded', () => {
    const key = generateApiKey();
    expect(scrubSecrets(`/verify?token=sk%5Flive%5F${key.slice(8)}&x=1`)).toBe('/verify?token=sk_live_[REDACTED]&x=1');
    expect(scrubSecrets(`/verify?token=%73k_live_${key.slice(8)}`)).toBe('/verify?token=sk_live_[REDACTED]');
    expect(scrubSecrets(`t=${JWT.replaceAll('.', '%2E')}`)).toBe('t=[REDACTED_TOKEN]');
  });

  it('leaves encoded text that is no secret alone', () => {
    expect(scrubSecrets('/verify?method=GET&name=caf%C3%A9+cr%C3%A8me&q=sk%5Ftest')).toBe('/verify?method=GET&name=caf%C3%A9+cr%C3%A8me&q=sk%5Ftest');
  });
});
