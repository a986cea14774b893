import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { MINGO_OPTIONS } from './matcher.js';
import { canonicalKey, EMPTY_ARRAY_KEY, formatDoc, toMatchable, valuesAtPath, type Doc } from './values.js';

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
 * An in-memory index: canonical key → ids of the documents holding it. Serves unique
 * enforcement and equality lookups alike, so a lookup by an indexed field costs one Map
 * access however many documents the collection holds.
 */
export class Index {
  readonly fields: readonly string[];
  private readonly map = new Map<string, Set<string>>();
  private readonly partial?: Query;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
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
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.every((v) => v === undefined))) return [];
    const multikey = this.fields.filter((_, i) => perField[i].length > 1);
    if (multikey.length > 1) {
      throw new CommandError(
        'CannotIndexParallelArrays',
        `cannot index parallel arrays [${multikey[1]}] [${multikey[0]}]`,
      );
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
      return holders !== undefined && (ownId === undefined || holders.size > 1 || !holders.has(ownId));
    });
  }

  add(id: string, keys: readonly IndexKey[]): void {
    for (const { canon } of keys) {
      const holders = this.map.get(canon);
      if (holders) holders.add(id);
      else this.map.set(canon, new Set([id]));
    }
  }

  remove(id: string, keys: readonly IndexKey[]): void {
    for (const { canon } of keys) {
      const holders = this.map.get(canon);
      holders?.delete(id);
      if (holders?.size === 0) this.map.delete(canon);
    }
  }

  lookup(canon: string): ReadonlySet<string> | undefined {
    return this.map.get(canon);
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
    return new CommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${this.ns} index: ${this.name} dup key: ${formatDoc(keyValue)}`,
      { keyPattern: this.spec.key, keyValue },
    );
  }
}
