/**
 * The in-memory store below the wire: index keys and the lookup plan. Not observable through
 * a driver, so tested directly (and the same whichever target the rest of the suite uses).
 */
import { Decimal128, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../src/embedded-db/collection.js';
import { planCandidates, selectEntries } from '../../src/embedded-db/query.js';
import { canonicalKey, withIdFirst } from '../../src/embedded-db/values.js';

describe('canonical index keys', () => {
  it('equal numbers are one key whatever their BSON type', () => {
    const keys = [1, 1.0, Long.fromNumber(1), Decimal128.fromString('1.0'), -0 + 1].map(canonicalKey);
    expect(new Set(keys).size).toBe(1);
    expect(canonicalKey(0)).toBe(canonicalKey(-0));
    expect(canonicalKey(Long.fromString('9007199254740993'))).not.toBe(canonicalKey(Long.fromString('9007199254740992')));
  });

  it('ObjectId by hex, Date by time, and types kept apart', () => {
    const id = new ObjectId();
    expect(canonicalKey(new ObjectId(id.toHexString()))).toBe(canonicalKey(id));
    expect(canonicalKey(new Date(5))).toBe(canonicalKey(new Date(5)));
    expect(canonicalKey('1')).not.toBe(canonicalKey(1));
    expect(canonicalKey(id.toHexString())).not.toBe(canonicalKey(id));
    expect(canonicalKey(true)).not.toBe(canonicalKey(1));
  });

  it('null and missing are one key; embedded documents compare in field order', () => {
    expect(canonicalKey(null)).toBe(canonicalKey(undefined));
    expect(canonicalKey({ a: 1, b: 2 })).toBe(canonicalKey({ a: 1.0, b: Long.fromNumber(2) }));
    expect(canonicalKey({ a: 1, b: 2 })).not.toBe(canonicalKey({ b: 2, a: 1 }));
  });
});

const hex = (i: number) => i.toString(16).padStart(64, '0');

function keysCollection(size: number): Collection {
  const coll = new Collection('db', 'keys');
  coll.addIndex({ v: 2, key: { hash: 1 }, name: 'hash_1', unique: true });
  coll.addIndex({ v: 2, key: { orgId: 1, name: 1 }, name: 'orgId_1_name_1' });
  for (let i = 0; i < size; i++) coll.insert(withIdFirst({ _id: `key_${i}`, hash: hex(i), orgId: `org_${i % 10}`, name: `n${i}` }));
  return coll;
}

const count = (it: Iterable<unknown>) => [...it].length;

describe('lookup plan', () => {
  const coll = keysCollection(5000);

  it('answers equality on an indexed field from the index, not a scan', () => {
    expect(count(planCandidates(coll, { hash: hex(42) }))).toBe(1);
    expect(count(planCandidates(coll, { hash: { $eq: hex(42) } }))).toBe(1);
    expect(count(planCandidates(coll, { hash: { $in: [hex(1), hex(2), 'absent'] } }))).toBe(2);
    expect(count(planCandidates(coll, { _id: 'key_7', revoked: { $ne: true } }))).toBe(1);
    expect(count(planCandidates(coll, { orgId: 'org_3', name: 'n13' }))).toBe(1);
  });

  it('scans when no index pins the filter', () => {
    expect(count(planCandidates(coll, { name: 'n1' }))).toBe(5000);
    expect(count(planCandidates(coll, { orgId: 'org_3' }))).toBe(5000);
    expect(count(planCandidates(coll, { hash: { $regex: '^0' } }))).toBe(5000);
  });

  it('still applies the whole filter to the index candidates', () => {
    expect(selectEntries(coll, { hash: hex(42), name: 'n42' })).toHaveLength(1);
    expect(selectEntries(coll, { hash: hex(42), name: 'other' })).toHaveLength(0);
  });

  it('keeps the index in step with updates and removals', () => {
    const small = keysCollection(3);
    const [entry] = selectEntries(small, { hash: hex(1) });
    small.replace(entry, { ...entry.doc, hash: 'rotated' });
    expect(count(planCandidates(small, { hash: hex(1) }))).toBe(0);
    expect(selectEntries(small, { hash: 'rotated' }).map((e) => e.doc._id)).toEqual(['key_1']);
    small.remove(selectEntries(small, { hash: 'rotated' })[0]);
    expect(count(planCandidates(small, { hash: 'rotated' }))).toBe(0);
    expect(small.entries.size).toBe(2);
  });

  it('never hands out the stored object for mutation: a failed replace keeps the old document', () => {
    const small = keysCollection(2);
    const [first] = selectEntries(small, { _id: 'key_0' });
    expect(() => small.replace(first, { ...first.doc, hash: hex(1) })).toThrow(/E11000/);
    expect(selectEntries(small, { _id: 'key_0' })[0].doc.hash).toBe(hex(0));
    expect(count(planCandidates(small, { hash: hex(0) }))).toBe(1);
  });
});
