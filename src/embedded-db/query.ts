import { Query } from 'mingo';
import type { Options } from 'mingo/types';
import type { Collection, Entry } from './collection.js';
import { CommandError } from './errors.js';
import type { Index } from './indexes.js';
import { compileFilter, MINGO_OPTIONS } from './matcher.js';
import { isPlainObject, numericValue, toInteger, type Doc } from './values.js';

export interface SelectOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
  collation?: Doc;
}

/** A compound index is only consulted while its lookups stay few. */
const MAX_LOOKUPS = 1000;

/**
 * The documents a filter selects, in sort order, after skip and limit. Equality on an
 * indexed field narrows the candidates through the index first; mingo then checks the
 * whole filter on those candidates only.
 */
export function selectEntries(coll: Collection | undefined, filter: Doc | undefined, opts: SelectOptions = {}): Entry[] {
  if (!coll) return [];
  const query = compileFilter(filter);
  const candidates = opts.collation ? coll.entries.values() : planCandidates(coll, filter ?? {});
  let matched: Entry[] = [];
  for (const entry of candidates) if (query.test(entry.view)) matched.push(entry);
  if (opts.sort && Object.keys(opts.sort).length > 0) matched = sortEntries(matched, opts.sort, opts.collation);
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  return skip === 0 && limit === 0 ? matched : matched.slice(skip, limit > 0 ? skip + limit : undefined);
}

/** The documents worth testing against `filter`: an index's answer, or every document. */
export function planCandidates(coll: Collection, filter: Doc): Iterable<Entry> {
  let best: { index: Index; keys: string[] } | undefined;
  for (const index of coll.indexes) {
    if (!index.complete) continue;
    const keys = lookupKeys(index, filter);
    if (!keys) continue;
    if (!best || (index.unique && !best.index.unique) || keys.length < best.keys.length) best = { index, keys };
  }
  if (!best) return coll.entries.values();
  const ids = new Set<string>();
  for (const key of best.keys) for (const id of best.index.lookup(key)) ids.add(id);
  const found: Entry[] = [];
  for (const id of ids) {
    const entry = coll.entries.get(id);
    if (entry) found.push(entry);
  }
  return found;
}

/** The canonical keys to look up when the filter pins every field of `index` by equality. */
function lookupKeys(index: Index, filter: Doc): string[] | undefined {
  let tuples: unknown[][] = [[]];
  for (const field of index.fields) {
    const values = equalityValues(filter[field]);
    if (!values) return undefined;
    tuples = tuples.flatMap((t) => values.map((v) => [...t, v]));
    if (tuples.length > MAX_LOOKUPS) return undefined;
  }
  return tuples.map((values) => index.canonOf(values));
}

function equalityValues(cond: unknown): unknown[] | undefined {
  if (isScalar(cond)) return [cond];
  if (!isPlainObject(cond)) return undefined;
  if ('$eq' in cond) return isScalar(cond.$eq) ? [cond.$eq] : undefined;
  if (Array.isArray(cond.$in) && cond.$in.every(isScalar)) return cond.$in as unknown[];
  return undefined;
}

/**
 * Values whose index key is exactly the set of documents an equality on them can match.
 * null (which also matches missing fields), arrays, documents and regexes take a scan.
 */
function isScalar(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(v);
    case 'object': {
      if (v instanceof Date) return true;
      const tag = (v as { _bsontype?: string } | null)?._bsontype;
      return tag === 'ObjectId' || (tag !== undefined && numericValue(v) !== undefined);
    }
    default:
      return false;
  }
}

export function normalizeSort(sort: unknown): Record<string, 1 | -1> {
  if (sort === undefined || sort === null) return {};
  if (!isPlainObject(sort)) throw new CommandError('TypeMismatch', 'Expected field sort to be of type object');
  const out: Record<string, 1 | -1> = {};
  for (const [field, dir] of Object.entries(sort)) {
    const n = toInteger(dir);
    if (n !== 1 && n !== -1) throw new CommandError('BadValue', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    out[field] = n;
  }
  return out;
}

export function sortEntries(entries: Entry[], sort: Doc, collation?: Doc): Entry[] {
  const byView = new Map(entries.map((e) => [e.view, e]));
  const options = collation ? { ...MINGO_OPTIONS, collation: collation as unknown as Options['collation'] } : MINGO_OPTIONS;
  const views = new Query({}, options)
    .find(entries.map((e) => e.view))
    .sort(normalizeSort(sort))
    .all() as Doc[];
  return views.map((v) => byView.get(v)!);
}

/** find's projection applied to stored documents (not views, so BSON types survive). */
export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const projected = new Query({}, MINGO_OPTIONS).find(docs, projection).all() as Doc[];
  return projected.map((out, i) => inSourceOrder(out, docs[i]));
}

/**
 * mingo emits included fields in projection order; the server keeps the document's own
 * order (so `_id` stays first). Computed fields, absent from the source, go last.
 */
function inSourceOrder(out: Doc, source: Doc): Doc {
  const ordered: Doc = {};
  for (const key of Object.keys(source)) {
    if (!(key in out)) continue;
    const value = out[key];
    ordered[key] = isPlainObject(value) && isPlainObject(source[key]) ? inSourceOrder(value, source[key]) : value;
  }
  for (const key of Object.keys(out)) if (!(key in ordered)) ordered[key] = out[key];
  return ordered;
}
