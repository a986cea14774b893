/**
 * How the store is laid out on disk: one catalog record per collection, keyed by the
 * collection's UUID, and one record per document, keyed by that UUID and the document's record
 * id (so a collection's documents lie together, in their natural order). Both are BSON, the
 * bytes MongoDB itself would store, so every type survives the round trip.
 */
import { deserialize, serialize } from 'bson';
import type { Collection, Entry } from '../collection.js';
import type { IndexSpec } from '../indexes.js';
import type { Doc } from '../values.js';
import { DESERIALIZE_OPTIONS } from '../wire.js';

const UUID_BYTES = 16;
const RID_BYTES = 8;

/** One write to one table: a put, or a removal when `value` is absent. */
export interface StorageOp {
  readonly table: 'catalog' | 'docs';
  readonly key: Buffer;
  readonly value?: Buffer;
}

export interface CatalogRecord {
  readonly db: string;
  readonly name: string;
  readonly options: Doc;
  /** Every index but `_id_`, which every collection has. */
  readonly indexes: IndexSpec[];
}

export function catalogKey(coll: Collection): Buffer {
  return Buffer.from(coll.uuid.buffer);
}

export function docKey(coll: Collection, rid: number): Buffer {
  const key = Buffer.allocUnsafe(UUID_BYTES + RID_BYTES);
  key.set(coll.uuid.buffer, 0);
  key.writeBigUInt64BE(BigInt(rid), UUID_BYTES);
  return key;
}

/** The document's record id; throws on a key that is not a document key. */
export function ridOf(key: Buffer): number {
  if (key.length !== UUID_BYTES + RID_BYTES) throw new Error(`a document key of ${key.length} bytes`);
  return key.readUInt32BE(UUID_BYTES) * 2 ** 32 + key.readUInt32BE(UUID_BYTES + 4);
}

/** The UUID of the collection a document key belongs to (a copy). */
export function uuidOf(key: Buffer): Buffer {
  return Buffer.from(key.subarray(0, UUID_BYTES));
}

/** Whether a document key belongs to the collection whose catalog key is `uuid`. */
export function inCollection(key: Buffer, uuid: Buffer): boolean {
  return key.compare(uuid, 0, UUID_BYTES, 0, UUID_BYTES) === 0;
}

export function encodeCatalog(coll: Collection): Buffer {
  const record: CatalogRecord = {
    db: coll.db,
    name: coll.name,
    options: coll.options,
    indexes: coll.indexes.filter((index) => index.name !== '_id_').map((index) => index.spec),
  };
  return asBuffer(serialize(record, { ignoreUndefined: true }));
}

export function decodeCatalog(value: Buffer): CatalogRecord {
  const record = deserialize(Buffer.from(value), DESERIALIZE_OPTIONS) as Partial<CatalogRecord>;
  if (typeof record.db !== 'string' || typeof record.name !== 'string' || !Array.isArray(record.indexes)) {
    throw new Error('a catalog record without db, name or indexes');
  }
  return { db: record.db, name: record.name, options: record.options ?? {}, indexes: record.indexes };
}

/** What replies show is what is kept: `undefined` fields are dropped, as on the wire. */
export function encodeDoc(entry: Entry): Buffer {
  return asBuffer(serialize(entry.doc, { ignoreUndefined: true }));
}

/** bson declares Uint8Array; a view, not a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * bson's Binary values point into the buffer they are read from: `value` must be the
 * document's own copy, never a reused buffer or the memory map. lmdb-js hands out such copies
 * for `encoding: 'binary'` tables from `get` and `getRange` (only `getBinaryFast` reuses one).
 */
export function decodeDoc(value: Buffer): Doc {
  return deserialize(value, DESERIALIZE_OPTIONS);
}
