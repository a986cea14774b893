import { describe, expect, it } from 'vitest';
import { ID_PREFIXES, isId, isKeyId, isOrgId, newId, newKeyId, newOrgId, type IdKind } from '../../src/core/ids.js';

const ORG_SHAPE = /^org_[A-Za-z0-9]{20}$/;
const KEY_SHAPE = /^key_[A-Za-z0-9]{20}$/;

describe('public ids', () => {
  it('are org_/key_ followed by 20 base62 characters', () => {
    for (let i = 0; i < 1000; i++) {
      const orgId = newOrgId();
      const keyId = newKeyId();
      expect(orgId).toMatch(ORG_SHAPE);
      expect(keyId).toMatch(KEY_SHAPE);
      expect(isOrgId(orgId)).toBe(true);
      expect(isKeyId(keyId)).toBe(true);
    }
  });

  it('do not repeat across 10,000', () => {
    const orgIds = new Set(Array.from({ length: 10_000 }, newOrgId));
    const keyIds = new Set(Array.from({ length: 10_000 }, newKeyId));
    expect(orgIds.size).toBe(10_000);
    expect(keyIds.size).toBe(10_000);
  });

  it('are not interchangeable: an org id is never a key id and vice versa', () => {
    expect(isKeyId(newOrgId())).toBe(false);
    expect(isOrgId(newKeyId())).toBe(false);
  });
});

describe('id guards reject anything but the exact shape', () => {
  const body = 'A1b2C3d4E5f6G7h8I9j0';
  const junk: Array<[string, unknown]> = [
    ['a Mongo operator object', { $gt: '' }],
    ['an operator-shaped string', '{"$gt":""}'],
    ['an operator-shaped string of the right length', 'org_{"$ne":null}aaaaaa'],
    ['a regex-operator object', { $regex: '.*' }],
    ['an array holding a valid id', [`org_${body}`]],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['the empty string', ''],
    ['the bare prefix', 'org_'],
    ['one character short', `org_${body.slice(1)}`],
    ['one character long', `org_${body}x`],
    ['upper-case prefix', `ORG_${body}`],
    ['a key id', `key_${body}`],
    ['leading space', ` org_${body.slice(1)}`],
    ['trailing newline', `org_${body.slice(1)}\n`],
    ['a hyphen in the body', `org_${body.slice(1)}-`],
    ['a dot in the body', `org_${body.slice(1)}.`],
    ['a non-ASCII letter in the body', `org_${body.slice(1)}é`],
  ];

  it('accepts a well-formed org id', () => {
    expect(isOrgId(`org_${body}`)).toBe(true);
  });

  it.each(junk)('isOrgId rejects %s', (_label, value) => {
    expect(isOrgId(value)).toBe(false);
  });

  it('isKeyId applies the same rules to key_', () => {
    expect(isKeyId(`key_${body}`)).toBe(true);
    expect(isKeyId(`org_${body}`)).toBe(false);
    expect(isKeyId(`key_${body.slice(1)}`)).toBe(false);
    expect(isKeyId(`key_${body}0`)).toBe(false);
    expect(isKeyId(`KEY_${body}`)).toBe(false);
    expect(isKeyId({ $gt: '' })).toBe(false);
    expect(isKeyId(`key_${body.slice(1)}$`)).toBe(false);
  });
});

describe('every public id kind, phase 2 included', () => {
  const kinds = Object.keys(ID_PREFIXES) as IdKind[];

  it('has the contract prefixes', () => {
    expect(ID_PREFIXES).toEqual({
      org: 'org_',
      key: 'key_',
      project: 'prj_',
      invitation: 'inv_',
      webhookEndpoint: 'whe_',
      webhookMessage: 'msg_',
      auditEvent: 'evt_',
    });
  });

  it.each(kinds)('%s ids are its prefix and 20 base62 characters, told apart from every other kind', (kind) => {
    const id = newId(kind);
    expect(id).toMatch(new RegExp(`^${ID_PREFIXES[kind]}[A-Za-z0-9]{20}$`));
    for (const other of kinds) expect(isId(other, id)).toBe(other === kind);
    expect(isId(kind, `${id}x`)).toBe(false);
    expect(isId(kind, { $gt: '' })).toBe(false);
  });
});
