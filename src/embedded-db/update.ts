import { Decimal128, Long } from 'bson';
import { update as mingoUpdate, updateOne as mingoPipelineUpdate } from 'mingo';
import type { Modifier } from 'mingo/updater';
import { CommandError } from './errors.js';
import { MINGO_OPTIONS } from './matcher.js';
import { canonicalKey, cloneValue, formatDoc, getPath, isPlainObject, numericValue, setPath, withIdFirst, type Doc } from './values.js';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);
const ARITHMETIC = ['$inc', '$mul'] as const;
const ARRAY_APPENDERS = ['$push', '$addToSet'] as const;

export type UpdateSpec = Doc | Doc[];

export interface UpdateContext {
  filter: Doc;
  arrayFilters?: Doc[];
}

/** Checks an update's shape up front so a bad statement fails before touching any document. */
export function validateUpdate(spec: unknown): UpdateSpec {
  if (Array.isArray(spec)) return spec as Doc[];
  if (!isPlainObject(spec)) throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(spec);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return spec;
  const unknown = keys.find((k) => !OPERATORS.has(k));
  if (unknown !== undefined) {
    throw new CommandError('FailedToParse', `Unknown modifier: ${unknown}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of operators) {
    if (!isPlainObject(spec[op])) {
      throw new CommandError(
        'FailedToParse',
        `Modifiers operate on fields but we found another type instead. For example: {$mod: {<field>: ...}} not {${op}: ${String(spec[op])}}`,
      );
    }
  }
  for (const op of ARITHMETIC) {
    for (const [path, amount] of Object.entries((spec[op] as Doc | undefined) ?? {})) {
      if (numericValue(amount) === undefined) {
        throw new CommandError(
          'TypeMismatch',
          `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(amount)}}`,
        );
      }
    }
  }
  assertNoConflicts(spec);
  return spec;
}

export function isOperatorUpdate(spec: UpdateSpec): boolean {
  return !Array.isArray(spec) && Object.keys(spec).some((k) => k.startsWith('$'));
}

/** Two operators may not touch the same path or one inside the other. */
function assertNoConflicts(spec: Doc): void {
  const seen: string[] = [];
  for (const [op, fields] of Object.entries(spec)) {
    for (const [path, target] of Object.entries(fields as Doc)) {
      const paths = op === '$rename' && typeof target === 'string' ? [path, target] : [path];
      for (const p of paths) {
        const clash = seen.find((s) => s === p || s.startsWith(p + '.') || p.startsWith(s + '.'));
        if (clash !== undefined) {
          throw new CommandError('ConflictingUpdateOperators', `Updating the path '${p}' would create a conflict at '${clash}'`);
        }
        seen.push(p);
      }
    }
  }
}

/** A replacement document keeps the `_id` it replaces unless it names one itself. */
function replacement(spec: Doc, currentId: unknown): Doc {
  return withIdFirst({ ...cloneValue(spec), _id: spec._id === undefined ? currentId : spec._id });
}

/** The updated copy of `doc`; the stored document itself is never touched. */
export function applyUpdate(doc: Doc, spec: UpdateSpec, ctx: UpdateContext, inserting = false): Doc {
  if (Array.isArray(spec)) {
    const holder = [cloneValue(doc)];
    mingoPipelineUpdate(holder, {}, spec as never, {}, MINGO_OPTIONS);
    return holder[0];
  }
  if (!isOperatorUpdate(spec)) return replacement(spec, doc._id);
  const { $setOnInsert, ...rest } = spec;
  const modifier = inserting && $setOnInsert ? { ...rest, $set: { ...(rest.$set as Doc), ...($setOnInsert as Doc) } } : rest;
  const copy = cloneValue(doc);
  const ops = withoutIdPaths(copy, modifier);
  checkTargetTypes(copy, ops);
  const restoreNumbers = unwrapNumbers(copy, ops);
  // Positional `$` needs the query; otherwise it is left out because mingo would re-test it on
  // the raw document, where Long values do not compare equal to numbers.
  const usesPositional = Object.values(ops).some((fields) => Object.keys(fields as Doc).some((p) => /\.\$(\.|$)/.test(p)));
  mingoUpdate(copy, cloneValue(ops) as Modifier<Doc>, ctx.arrayFilters, usesPositional ? ctx.filter : undefined, {
    cloneMode: 'deep',
    queryOptions: MINGO_OPTIONS,
  });
  restoreNumbers();
  return copy;
}

/**
 * `_id` may only be "set" to the value it already has (or given its first value by an
 * upsert); mingo refuses both, so such paths are handled here and the rest is left to it.
 */
function withoutIdPaths(doc: Doc, modifier: Doc): Doc {
  const out: Doc = {};
  for (const [op, fields] of Object.entries(modifier)) {
    const kept: Doc = {};
    for (const [path, value] of Object.entries(fields as Doc)) {
      if (path !== '_id' && !path.startsWith('_id.')) {
        kept[path] = value;
        continue;
      }
      const settable = op === '$set' && path === '_id';
      if (settable && doc._id === undefined) doc._id = cloneValue(value);
      else if (!settable || canonicalKey(value) !== canonicalKey(doc._id)) {
        throw new CommandError('ImmutableField', `Performing an update on the path '${path}' would modify the immutable field '_id'`);
      }
    }
    out[op] = kept;
  }
  return out;
}

/** What mingo silently skips and MongoDB rejects: arithmetic on non-numbers, pushes onto non-arrays. */
const TARGET_RULES = [
  {
    ops: ARITHMETIC,
    accepts: (v: unknown) => numericValue(v) !== undefined,
    error: (op: string, path: string, type: string, id: string) =>
      new CommandError('TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. ${id} has the field '${path}' of non-numeric type ${type}`),
  },
  {
    ops: ARRAY_APPENDERS,
    accepts: Array.isArray,
    error: (_op: string, path: string, type: string, id: string) =>
      new CommandError('BadValue', `The field '${path}' must be an array but is of type ${type} in document ${id}`),
  },
];

function checkTargetTypes(doc: Doc, modifier: Doc): void {
  for (const rule of TARGET_RULES) {
    for (const op of rule.ops) {
      for (const path of Object.keys((modifier[op] as Doc | undefined) ?? {})) {
        const current = getPath(doc, path);
        if (current === undefined || rule.accepts(current)) continue;
        const type = Array.isArray(current) ? 'array' : current === null ? 'null' : typeof current;
        throw rule.error(op, path, type, formatDoc({ _id: doc._id }));
      }
    }
  }
}

/**
 * mingo's $inc/$mul only understand JS numbers: Long and Decimal128 targets are turned into
 * numbers for the update and back into their BSON type afterwards (Long stays Long while
 * the result is an integer, as the server keeps int64 + int32 an int64).
 */
function unwrapNumbers(doc: Doc, modifier: Doc): () => void {
  const restores: Array<() => void> = [];
  for (const op of ARITHMETIC) {
    for (const path of Object.keys((modifier[op] as Doc | undefined) ?? {})) {
      const current = getPath(doc, path);
      if (typeof current !== 'object' || current === null) continue;
      const tag = (current as { _bsontype?: string })._bsontype;
      setPath(doc, path, numericValue(current));
      restores.push(() => {
        const result = getPath(doc, path) as number;
        if (tag === 'Long' && Number.isInteger(result)) setPath(doc, path, Long.fromNumber(result));
        if (tag === 'Decimal128') setPath(doc, path, Decimal128.fromString(String(result)));
      });
    }
  }
  return () => restores.forEach((restore) => restore());
}

/**
 * The document an upsert inserts: the query's equality fields, then the update applied
 * with $setOnInsert honoured. A replacement keeps only the query's `_id`.
 */
export function buildUpsertDocument(spec: UpdateSpec, ctx: UpdateContext): Doc {
  const seed = equalitySeed(ctx.filter);
  if (!Array.isArray(spec) && !isOperatorUpdate(spec)) return replacement(spec, seed._id);
  return withIdFirst(applyUpdate(seed, spec, ctx, true));
}

function equalitySeed(filter: Doc): Doc {
  const seed: Doc = {};
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) Object.assign(seed, equalitySeed(sub));
      continue;
    }
    if (key.startsWith('$')) continue;
    const value = equalityOf(cond);
    if (value !== NO_EQUALITY) setPath(seed, key, cloneValue(value));
  }
  return seed;
}

const NO_EQUALITY = Symbol('noEquality');

function equalityOf(cond: unknown): unknown {
  if (cond instanceof RegExp) return NO_EQUALITY;
  if (!isPlainObject(cond)) return cond;
  const ops = Object.keys(cond).filter((k) => k.startsWith('$'));
  if (ops.length === 0) return cond;
  if ('$eq' in cond) return cond.$eq;
  if (Array.isArray(cond.$in) && cond.$in.length === 1) return cond.$in[0];
  return NO_EQUALITY;
}
