import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { MINGO_OPTIONS } from './matcher.js';
import { canonicalKey, EMPTY_ARRAY_KEY, formatDoc, isPlainObject, toMatchable, valuesAtPath, type Doc } from './values.js';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
}

/** One key an index holds for a document: its canonical form and the field values behind it. */
export interface IndexKey {
  readonly canon: string;
  readonly values: readonly unknown[];
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** The name the server derives from a key pattern: `{a: 1, b: -1}` → `a_1_b_-1`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

/**
 * The ids holding one key: most keys (every key of a unique index) have one holder, kept as
 * the id itself; a Set only where several share the key. 100,000 keys then cost 100,000 map
 * entries, not 100,000 Sets as well.
 */
type Holders = string | Set<string>;

/**
 * An in-memory index: canonical key → ids of the documents holding it. Serves unique
 * enforcement and equality lookups alike, so a lookup by an indexed field costs one Map
 * access however many documents the collection holds.
 */
export class Index {
  readonly fields: readonly string[];
  private readonly paths: readonly (readonly string[])[];
  private readonly map = new Map<string, Holders>();
  private readonly partial?: Query;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.paths = this.fields.map((field) => field.split('.'));
    if (spec.partialFilterExpression) {
      this.partial = new Query(toMatchable(spec.partialFilterExpression), MINGO_OPTIONS);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.name === '_id_' || this.spec.unique === true;
  }

  /** Sparse and partial indexes leave documents out, so they cannot answer a lookup alone. */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /**
   * The keys a document contributes: one per array element for a multikey field, the
   * cartesian product for a compound index, none when sparse/partial leaves it out.
   */
  keysOf(doc: Doc, view: Doc): IndexKey[] {
    if (this.partial && !this.partial.test(view)) return [];
    const single = this.singleTuple(doc);
    if (single) {
      if (this.spec.sparse && single.every((v) => v === undefined)) return [];
      return [{ canon: this.canonOf(single), values: single }];
    }
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    const multikey = this.fields.filter((_, i) => perField[i].length > 1);
    if (multikey.length > 1) {
      throw new CommandError('CannotIndexParallelArrays', `cannot index parallel arrays [${multikey[1]}] [${multikey[0]}]`);
    }
    let tuples: unknown[][] = [[]];
    for (const values of perField) tuples = tuples.flatMap((t) => values.map((v) => [...t, v]));
    const keys = new Map<string, IndexKey>();
    for (const values of tuples) {
      const canon = this.canonOf(values);
      if (!keys.has(canon)) keys.set(canon, { canon, values });
    }
    return [...keys.values()];
  }

  /**
   * The one tuple of a document that reaches no array on any indexed path (the common case,
   * and what a start-up spends most of its time on); undefined when one does.
   */
  private singleTuple(doc: Doc): unknown[] | undefined {
    const values: unknown[] = [];
    for (const parts of this.paths) {
      let value: unknown = doc;
      for (const part of parts) {
        if (Array.isArray(value)) return undefined;
        value = isPlainObject(value) ? value[part] : undefined;
      }
      if (Array.isArray(value)) return undefined;
      values.push(value);
    }
    return values;
  }

  canonOf(values: readonly unknown[]): string {
    return values.length === 1 ? canonicalKey(values[0]) : JSON.stringify(values.map(canonicalKey));
  }

  /**
   * The first key already held by another document, if this index is unique. `ownId` is the
   * document being replaced (its old keys are no clash); an insert has none, so even an
   * equal `_id` clashes.
   */
  conflict(keys: readonly IndexKey[], ownId?: string): IndexKey | undefined {
    if (!this.unique) return undefined;
    return keys.find((key) => {
      const holders = this.map.get(key.canon);
      if (holders === undefined) return false;
      if (ownId === undefined) return true;
      return typeof holders === 'string' ? holders !== ownId : holders.size > 1 || !holders.has(ownId);
    });
  }

  add(id: string, keys: readonly IndexKey[]): void {
    for (const { canon } of keys) this.addCanon(id, canon);
  }

  /** add(id, keysOf(doc, view)) without the garbage, for reading a whole collection back at start. */
  addDocument(id: string, doc: Doc, view: Doc): void {
    // A document's id is the canonical key of its _id: the same string, not a second copy.
    if (this.name === '_id_') return this.addCanon(id, id);
    const single = this.partial ? undefined : this.singleTuple(doc);
    if (!single) return this.add(id, this.keysOf(doc, view));
    if (this.spec.sparse && single.every((v) => v === undefined)) return;
    this.addCanon(id, this.canonOf(single));
  }

  private addCanon(id: string, canon: string): void {
    const holders = this.map.get(canon);
    if (holders === undefined) this.map.set(canon, id);
    else if (typeof holders !== 'string') holders.add(id);
    else if (holders !== id) this.map.set(canon, new Set([holders, id]));
  }

  remove(id: string, keys: readonly IndexKey[]): void {
    for (const { canon } of keys) {
      const holders = this.map.get(canon);
      if (holders === id) this.map.delete(canon);
      else if (typeof holders === 'object') {
        holders.delete(id);
        if (holders.size === 1) this.map.set(canon, holders.values().next().value as string);
      }
    }
  }

  /** The ids of the documents holding `canon`. */
  lookup(canon: string): Iterable<string> {
    const holders = this.map.get(canon);
    if (holders === undefined) return [];
    return typeof holders === 'string' ? [holders] : holders;
  }

  clear(): void {
    this.map.clear();
  }

  duplicateKeyError(key: IndexKey): CommandError {
    const keyValue: Doc = {};
    this.fields.forEach((field, i) => {
      const v = key.values[i];
      keyValue[field] = v === undefined || v === EMPTY_ARRAY_KEY ? null : v;
    });
    return new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${this.ns} index: ${this.name} dup key: ${formatDoc(keyValue)}`, {
      keyPattern: this.spec.key,
      keyValue,
    });
  }
}
