/**
 * Anything shaped like a Keyhold key, a webhook secret or a JWT (a Firebase ID token) is
 * removed from text bound for a log line, however a client wrote it: in any letter case, and
 * with any of its characters percent-encoded (`sk%5Flive%5F…`, `%73k_live_…`, `sk_live_%7A…`),
 * in upper- or lower-case hex, encoded again (`%255F`) or not. A `+` (a space once decoded)
 * can hide nothing: no secret contains a space.
 */

/** One character: itself, or percent-encoded as `%HH` with the `%` itself encoded any number of times. */
const encoded = (hex: string) => `%(?:25)*(?:${hex})`;
const literal = (c: string) => `(?:${c.replace(/[.]/g, '\\$&')}|${encoded(c.charCodeAt(0).toString(16))})`;
const word = (text: string) => [...text].map(literal).join('');

const BASE62_HEX = '3[0-9]|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]';
const BASE62 = `(?:[A-Za-z0-9]|${encoded(BASE62_HEX)})`;
const BASE64URL = `(?:[A-Za-z0-9_-]|${encoded(`${BASE62_HEX}|5f|2d`)})`;

// Case-insensitive: a key pasted with its prefix upper-cased is still its secret body.
const SECRET_SHAPES = new RegExp(
  [
    `${word('sk_live_')}${BASE62}*`,
    `${word('whsec_')}${BASE62}*`,
    `${word('eyJ')}${BASE64URL}{8,}${literal('.')}${BASE64URL}*(?:${literal('.')}${BASE64URL}*)?`,
  ].join('|'),
  'gi',
);
// Cheap test first: most text (every /verify access line's URL) holds none of these.
const MAYBE_SECRET = /%|sk_live_|whsec_|eyJ/i;

export function scrubSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text.replace(SECRET_SHAPES, redact);
}

function redact(match: string): string {
  const plain = percentDecode(match);
  if (/^eyJ/i.test(plain)) return '[REDACTED_TOKEN]';
  // The prefix as written (once decoded) says what was removed: sk_live_ or whsec_.
  return `${plain.slice(0, plain.indexOf('_', 3) + 1)}[REDACTED]`;
}

/** Decodes `%HH` escapes until none is left (a match holds only ASCII escapes). */
function percentDecode(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = previous.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } while (current !== previous);
  return current;
}
