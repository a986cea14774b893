// Names (organizations, keys, and whatever else gets one) are text people read in lists: no
// ill-formed UTF-16, which the database would silently turn into U+FFFD (so what a mutation
// answers and what a listing shows would differ), and no invisible format characters
// (bidirectional overrides and isolates, zero-width characters, the whole Unicode Cf category),
// which can make a name read as another. Refused with BAD_USER_INPUT naming the field.
import { describe, expect, it } from 'vitest';
import { validName } from '../../src/core/validation.js';
import { MINT, SIGNUP, useKeyhold } from '../support/harness.js';
import { countDocuments } from './helpers.js';

const k = useKeyhold({ RATE_LIMIT_SIGNUP: '1000/h', RATE_LIMIT_MINT_KEY: '1000/m' });

const ILL_FORMED: [string, string][] = [
  ['a lone high surrogate', 'Acme \uD800'],
  ['a lone low surrogate', '\uDC00Acme'],
  ['surrogates in the wrong order', 'Ac\uDC00\uD800me'],
];
const FORMAT: [string, string][] = [
  ['a right-to-left override (U+202E)', 'invoice\u202Efdp.exe'],
  ['a left-to-right embedding (U+202A)', 'Acme\u202A'],
  ['a pop directional formatting (U+202C)', 'Acme\u202C'],
  ['a first strong isolate (U+2068)', 'Acme\u2068Co'],
  ['a pop directional isolate (U+2069)', 'Acme\u2069'],
  ['a zero-width space (U+200B)', 'Ac\u200Bme'],
  ['a zero-width non-joiner (U+200C)', 'Ac\u200Cme'],
  ['a zero-width joiner (U+200D)', 'Ac\u200Dme'],
  ['a byte-order mark (U+FEFF)', '\uFEFFAcme'],
  ['a word joiner (U+2060)', 'Ac\u2060me'],
  ['a left-to-right mark (U+200E)', 'Acme\u200E'],
  ['a soft hyphen (U+00AD)', 'Ac\u00ADme'],
  ['an Arabic letter mark (U+061C)', 'Acme\u061C'],
  ['an interlinear annotation anchor (U+FFF9)', 'Acme\uFFF9'],
  ['a tag character (U+E0041)', 'Acme\u{E0041}'],
];

describe('validName', () => {
  it.each([...ILL_FORMED, ...FORMAT])('refuses %s, naming the field', (_what, name) => {
    const result = validName(name, 'label');
    expect(result).toEqual({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'label', detail: expect.stringMatching(/^label must /) } });
  });

  it('refuses every format (Cf) character of the Basic Multilingual Plane', () => {
    const accepted: string[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      const c = String.fromCharCode(cp);
      if (/\p{Cf}/u.test(c) && validName(`a${c}b`, 'name').ok) accepted.push(cp.toString(16));
    }
    expect(accepted).toEqual([]);
  });

  it.each([
    ['accents', 'Café Crème'],
    ['Arabic', 'شركة المثال'],
    ['Hebrew', 'חברה בע״מ'],
    ['CJK', '株式会社キーホールド'],
    ['an emoji outside the BMP', 'Keys 🔑 Inc'],
    ['a flag (regional indicators)', 'Acme 🇫🇷'],
  ])('accepts %s', (_what, name) => {
    expect(validName(name, 'name')).toEqual({ ok: true, value: name });
  });
});

describe('over GraphQL', () => {
  it.each([...ILL_FORMED, ...FORMAT.slice(0, 6)])('signup refuses an orgName with %s, writing nothing', async (_what, orgName) => {
    const user = await k.user();
    const before = await countDocuments(k);

    const res = await k.gql(SIGNUP, { input: { orgName } }, { token: user.idToken });

    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'orgName' }) })]);
    expect(await countDocuments(k)).toEqual(before);
  });

  it.each([...ILL_FORMED, ...FORMAT.slice(0, 6)])('mintKey refuses a name with %s, writing nothing', async (_what, name) => {
    const { user, orgId } = await k.signedUp();
    const before = await countDocuments(k);

    const res = await k.gql(MINT, { input: { orgId, name } }, { token: user.idToken });

    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'name' }) })]);
    expect(await countDocuments(k)).toEqual(before);
  });

  it('a good name is listed exactly as minted', async () => {
    const { user, orgId } = await k.signedUp();
    const minted = await k.gql(MINT, { input: { orgId, name: 'Clé 🔑 שלום' } }, { token: user.idToken });

    const listed = await k.gql('query($id: ID!) { apiKeys(orgId: $id) { id name } }', { id: orgId }, { token: user.idToken });

    expect(listed.body.data.apiKeys).toContainEqual({ id: minted.body.data.mintKey.apiKey.id, name: 'Clé 🔑 שלום' });
  });
});
