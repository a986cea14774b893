import { randomUUID } from 'node:crypto';
import { Binary } from 'bson';
import { CommandError } from './errors.js';
import { ID_INDEX_SPEC, Index, type IndexKey, type IndexSpec } from './indexes.js';
import { canonicalKey, toMatchable, type Doc } from './values.js';

/**
 * A stored document. `doc` keeps every BSON type for replies; `view` is what mingo matches
 * (the same object unless the document holds Long/Decimal128 values). Entries are never
 * mutated: an update stores a new entry, so cursors holding the old one see a stable snapshot.
 */
export interface Entry {
  readonly id: string;
  /**
   * Where the document sits in the collection's natural order (mongod's RecordId): given at
   * insert, kept by updates, and the document's storage key on disk.
   */
  readonly rid: number;
  readonly doc: Doc;
  readonly view: Doc;
}

/**
 * Told of every change the store makes, in the order it makes them, so a durable store can
 * write each command's changes to disk. The in-memory store tells no one.
 */
export interface ChangeSink {
  /** Created, or its indexes changed: its catalog record is to be written again. */
  collectionChanged(coll: Collection): void;
  /** Dropped, with every document it still held. */
  collectionDropped(coll: Collection): void;
  documentWritten(coll: Collection, entry: Entry): void;
  documentRemoved(coll: Collection, entry: Entry): void;
}

export const NO_CHANGE_SINK: ChangeSink = {
  collectionChanged() {},
  collectionDropped() {},
  documentWritten() {},
  documentRemoved() {},
};

export interface CollectionOptions {
  /** Told of every change; the in-memory store tells no one. */
  sink?: ChangeSink;
  /** The collection's identity, kept across restarts by a durable store. */
  uuid?: Binary;
}

type KeysByIndex = Map<Index, IndexKey[]>;

export class Collection {
  readonly entries = new Map<string, Entry>();
  readonly uuid: Binary;
  private readonly indexMap = new Map<string, Index>();
  private readonly sink: ChangeSink;
  private nextRid = 1;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
    opts: CollectionOptions = {},
  ) {
    this.sink = opts.sink ?? NO_CHANGE_SINK;
    this.uuid = opts.uuid ?? new Binary(Buffer.from(randomUUID().replace(/-/g, ''), 'hex'), Binary.SUBTYPE_UUID);
    this.indexMap.set(ID_INDEX_SPEC.name, new Index(ID_INDEX_SPEC, this.ns));
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get indexes(): Index[] {
    return [...this.indexMap.values()];
  }

  index(name: string): Index | undefined {
    return this.indexMap.get(name);
  }

  /** Stores a new document (with `_id` already first); throws 11000 without storing on a clash. */
  insert(doc: Doc): Entry {
    const entry = makeEntry(doc, this.nextRid);
    const keys = this.keysFor(entry);
    this.assertNoConflict(keys);
    this.nextRid++;
    for (const [index, indexKeys] of keys) index.add(entry.id, indexKeys);
    this.entries.set(entry.id, entry);
    this.sink.documentWritten(this, entry);
    return entry;
  }

  /** Swaps a stored document for its updated form; nothing changes if any unique index objects. */
  replace(old: Entry, doc: Doc): Entry {
    const entry = makeEntry(doc, old.rid);
    if (entry.id !== old.id) {
      throw new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const newKeys = this.keysFor(entry);
    this.assertNoConflict(newKeys, entry.id);
    const oldKeys = this.keysFor(old);
    for (const [index, indexKeys] of oldKeys) index.remove(old.id, indexKeys);
    for (const [index, indexKeys] of newKeys) index.add(entry.id, indexKeys);
    this.entries.set(entry.id, entry);
    this.sink.documentWritten(this, entry);
    return entry;
  }

  remove(entry: Entry): void {
    for (const [index, indexKeys] of this.keysFor(entry)) index.remove(entry.id, indexKeys);
    this.entries.delete(entry.id);
    this.sink.documentRemoved(this, entry);
  }

  /**
   * Builds an index over the existing documents first and only then registers it, so a
   * unique index over duplicates fails with 11000 and leaves the collection as it was.
   */
  addIndex(spec: IndexSpec): void {
    const index = new Index(spec, this.ns);
    for (const entry of this.entries.values()) {
      const keys = index.keysOf(entry.doc, entry.view);
      const clash = index.conflict(keys);
      if (clash) throw index.duplicateKeyError(clash);
      index.add(entry.id, keys);
    }
    this.indexMap.set(spec.name, index);
    this.sink.collectionChanged(this);
  }

  dropIndex(name: string): void {
    if (this.indexMap.delete(name)) this.sink.collectionChanged(this);
  }

  /**
   * Puts back a document read from disk, as it was stored: it was checked against every
   * unique index when it was written, so it is not checked again, and no one is told.
   * Indexes are restored first, while the collection is still empty.
   */
  restoreEntry(doc: Doc, rid: number): void {
    const entry = makeEntry(doc, rid);
    for (const index of this.indexMap.values()) index.addDocument(entry.id, entry.doc, entry.view);
    this.entries.set(entry.id, entry);
    if (rid >= this.nextRid) this.nextRid = rid + 1;
  }

  restoreIndex(spec: IndexSpec): void {
    if (this.entries.size > 0) throw new Error(`restoreIndex on ${this.ns}: restore indexes before documents`);
    this.indexMap.set(spec.name, new Index(spec, this.ns));
  }

  private keysFor(entry: Entry): KeysByIndex {
    const keys: KeysByIndex = new Map();
    for (const index of this.indexMap.values()) keys.set(index, index.keysOf(entry.doc, entry.view));
    return keys;
  }

  private assertNoConflict(keys: KeysByIndex, ownId?: string): void {
    for (const [index, indexKeys] of keys) {
      const clash = index.conflict(indexKeys, ownId);
      if (clash) throw index.duplicateKeyError(clash);
    }
  }
}

function makeEntry(doc: Doc, rid: number): Entry {
  const id = doc._id;
  if (Array.isArray(id)) throw new CommandError('InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw new CommandError('InvalidIdField', "can't use a regex for _id");
  return { id: canonicalKey(id), rid, doc, view: toMatchable(doc) };
}
