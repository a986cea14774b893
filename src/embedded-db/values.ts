import { ObjectId, serialize, type Binary, type Decimal128, type Long } from 'bson';

export type Doc = Record<string, unknown>;

/** A bson class's value (Long, Decimal128, Timestamp…): each prints itself with its own toString. */
type BsonValue = { readonly _bsontype: string; toString(): string };

/** bson classes carry a `_bsontype` tag; reading it avoids instanceof across bson copies. */
function bsonTag(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Numeric BSON values (Long, Decimal128, wrappers) as a JS number, or undefined. */
export function numericValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonTag(v)) {
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return Number((v as Decimal128).toString());
    case 'Int32':
    case 'Double':
      return (v as { valueOf(): number }).valueOf();
    default:
      return undefined;
  }
}

function numberKey(n: number): string {
  // String(-0) is "0": MongoDB treats 0 and -0 (and 1 and 1.0) as the same key.
  return Number.isNaN(n) ? 'NaN' : String(n);
}

/**
 * A string equal for two values exactly when MongoDB considers them the same index key:
 * numbers by value across int/double/long/decimal, ObjectId by hex, Date by time, null and
 * missing alike. Embedded documents compare field by field in order, as the server does.
 */
export function canonicalKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  if (v === EMPTY_ARRAY_KEY) return 'u';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + numberKey(v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + (Number.isSafeInteger(Number(v)) ? String(Number(v)) : v.toString());
    default:
      break;
  }
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  if (Array.isArray(v)) return 'a' + JSON.stringify(v.map(canonicalKey));
  const tag = bsonTag(v);
  if (tag === 'ObjectId') return 'o' + (v as ObjectId).toHexString();
  if (tag === 'Long') {
    const long = v as Long;
    const n = long.toNumber();
    return 'n' + (Number.isSafeInteger(n) ? numberKey(n) : long.toString());
  }
  if (tag === 'Binary') {
    const bin = v as Binary;
    return 'x' + bin.sub_type + ':' + Buffer.from(bin.buffer).toString('hex');
  }
  const num = numericValue(v);
  if (num !== undefined) return 'n' + numberKey(num);
  if (tag !== undefined) return 'e' + tag + ':' + (v as BsonValue).toString();
  return 'O' + JSON.stringify(Object.entries(v as Doc).map(([k, x]) => [k, canonicalKey(x)]));
}

/**
 * mingo compares Long and Decimal128 by their string form and never equal to plain numbers,
 * so filters, sorts and aggregations run on a "matchable" view where they are numbers.
 * Structural sharing: a value without such numbers is returned as the very same object.
 */
export function toMatchable<T>(v: T): T {
  if (typeof v !== 'object' || v === null || v instanceof Date || v instanceof RegExp) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((item: unknown, i) => {
      const m = toMatchable(item);
      if (m !== item) (out ??= v.slice())[i] = m;
    });
    return (out ?? v) as T;
  }
  const tag = bsonTag(v);
  if (tag !== undefined) {
    if (tag === 'Timestamp') return v;
    const num = numericValue(v);
    return (num === undefined ? v : num) as T;
  }
  if (!isPlainObject(v)) return v;
  let out: Doc | undefined;
  for (const [k, item] of Object.entries(v)) {
    const m = toMatchable(item);
    if (m !== item) (out ??= { ...v })[k] = m;
  }
  return (out ?? v) as T;
}

/**
 * Deep copy of the mutable parts (objects, arrays, dates); bson value classes are immutable
 * in practice and shared. Updates work on such a copy so a failed write leaves the stored
 * document untouched and a cursor's snapshot never changes under it.
 */
export function cloneValue<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, item] of Object.entries(v)) {
    // A stored field may be literally named "__proto__": copy it as data, never as a prototype.
    Object.defineProperty(out, k, { value: cloneValue(item), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** Marks an empty array reached by an index path: MongoDB indexes it as `undefined`. */
export const EMPTY_ARRAY_KEY = Symbol('emptyArray');

/**
 * Every value a dotted path reaches, descending through arrays the way multikey indexes and
 * `distinct` do. A missing field yields `undefined` once.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  return collect(doc, path.split('.'), 0);
}

function collect(value: unknown, parts: string[], i: number): unknown[] {
  if (i === parts.length) {
    if (!Array.isArray(value)) return [value];
    return value.length === 0 ? [EMPTY_ARRAY_KEY] : value;
  }
  if (Array.isArray(value)) {
    const part = parts[i];
    const viaElements = value.flatMap((el) => (isPlainObject(el) ? collect(el, parts, i) : []));
    const index = /^\d+$/.test(part) ? Number(part) : -1;
    const viaIndex = index >= 0 && index < value.length ? collect(value[index], parts, i + 1) : [];
    const all = [...viaIndex, ...viaElements];
    return all.length > 0 ? all : [undefined];
  }
  if (isPlainObject(value)) return collect(value[parts[i]], parts, i + 1);
  return [undefined];
}

/** The value at a dotted path without descending into arrays (for sort keys and seeds). */
export function getPath(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {};
    cur = cur[part] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Puts `_id` first, generating an ObjectId when absent, as mongod does on insert. */
export function withIdFirst(doc: Doc): Doc {
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

/**
 * A value as the server prints it inside `dup key: { … }` messages: strings in double
 * quotes, ObjectId('…'), new Date(ms), embedded documents in braces.
 */
export function formatValue(v: unknown): string {
  if (v === undefined || v === EMPTY_ARRAY_KEY) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(formatValue).join(', ')} ]`;
  const tag = bsonTag(v);
  if (tag === 'ObjectId') return `ObjectId('${(v as ObjectId).toHexString()}')`;
  if (tag !== undefined) return numericValue(v) !== undefined ? (v as BsonValue).toString() : `${tag}(${(v as BsonValue).toString()})`;
  return formatDoc(v as Doc);
}

export function formatDoc(doc: Doc): string {
  const fields = Object.entries(doc).map(([k, v]) => `${k}: ${formatValue(v)}`);
  return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
}

/** Integers arrive as int32, double or Long depending on the client; read any of them. */
export function toInteger(v: unknown): number | undefined {
  const n = numericValue(v);
  return n === undefined || !Number.isFinite(n) ? undefined : Math.trunc(n);
}

/** MongoDB counts a document as modified only when its bytes change. */
export function sameBson(a: Doc, b: Doc): boolean {
  return Buffer.compare(serialize(a), serialize(b)) === 0;
}
