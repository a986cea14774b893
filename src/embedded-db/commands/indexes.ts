import type { Collection } from '../collection.js';
import { CommandError } from '../errors.js';
import type { IndexSpec } from '../indexes.js';
import { canonicalKey, formatDoc, isPlainObject, numericValue, type Doc } from '../values.js';
import { arrayArg, collectionName, docArg, intArg, type CommandContext, type CommandHandler } from './context.js';

/** Accepted for compatibility, never echoed: the server has ignored `background` since 4.2. */
const DROPPED_OPTIONS = new Set(['background', 'ns', 'v', 'key', 'name']);

function parseSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new CommandError(
      'FailedToParse',
      `Error in specification ${isPlainObject(raw) ? formatDoc(raw) : String(raw)} :: caused by :: The 'key' field must be a non-empty object`,
    );
  }
  for (const [field, dir] of Object.entries(raw.key)) {
    const n = numericValue(dir);
    if (typeof dir !== 'string' && (n === undefined || n === 0 || Number.isNaN(n))) {
      throw new CommandError('CannotCreateIndex', `Values in the index key pattern can contain only non-zero numbers or strings: ${field}: ${String(dir)}`);
    }
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0) {
    throw new CommandError(
      'FailedToParse',
      `Error in specification ${formatDoc(raw)} :: caused by :: The 'name' field is a required property of an index specification`,
    );
  }
  if (raw.partialFilterExpression !== undefined && !isPlainObject(raw.partialFilterExpression)) {
    throw new CommandError('TypeMismatch', 'partialFilterExpression must be an object');
  }
  const options = Object.fromEntries(Object.entries(raw).filter(([k]) => !DROPPED_OPTIONS.has(k)));
  return { v: 2, key: raw.key, name: raw.name, ...options };
}

const sameKey = (a: IndexSpec, b: IndexSpec) => canonicalKey(a.key) === canonicalKey(b.key);
const sameSpec = (a: IndexSpec, b: IndexSpec) => canonicalKey(a) === canonicalKey(b);

/** True when the index is new; false when an identical one exists; throws on a clash. */
function checkAgainstExisting(coll: Collection, spec: IndexSpec): boolean {
  for (const { spec: existing } of coll.indexes) {
    if (existing.name === spec.name) {
      if (sameSpec(existing, spec) || (spec.name === '_id_' && sameKey(existing, spec))) return false;
      const code = sameKey(existing, spec) ? 'IndexOptionsConflict' : 'IndexKeySpecsConflict';
      throw new CommandError(
        code,
        `An existing index has the same name as the requested index. Requested index: ${formatDoc(spec)}, existing index: ${formatDoc(existing)}`,
      );
    }
    if (sameKey(existing, spec)) {
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${existing.name}`);
    }
  }
  return true;
}

/** All or nothing: if one index cannot be built (e.g. duplicates under `unique`), none stays. */
function createIndexes(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const specs = arrayArg(ctx.cmd, 'indexes').map(parseSpec);
  const { coll, created } = ctx.store.ensureCollection(ctx.db, name);
  const before = coll.indexes.length;
  const built: string[] = [];
  try {
    for (const spec of specs) {
      if (!checkAgainstExisting(coll, spec)) continue;
      coll.addIndex(spec);
      built.push(spec.name);
    }
  } catch (err) {
    built.forEach((n) => coll.dropIndex(n));
    throw err;
  }
  return {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
    ...(built.length === 0 ? { note: 'all indexes already exist' } : {}),
    createdCollectionAutomatically: created,
    ok: 1,
  };
}

function requireCollection(ctx: CommandContext, message: (ns: string) => string): Collection {
  const name = collectionName(ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) throw new CommandError('NamespaceNotFound', message(`${ctx.db}.${name}`));
  return coll;
}

function listIndexes(ctx: CommandContext): Doc {
  const coll = requireCollection(ctx, (ns) => `ns does not exist: ${ns}`);
  const batchSize = intArg(docArg(ctx.cmd, 'cursor') ?? {}, 'batchSize');
  return ctx.cursors.start(
    `${ctx.db}.$cmd.listIndexes.${coll.name}`,
    coll.indexes.map((i) => i.spec),
    { batchSize },
  );
}

/** `index` may be a name, a key pattern, a list of names, or "*" for all but `_id_`. */
function dropIndexes(ctx: CommandContext): Doc {
  const coll = requireCollection(ctx, (ns) => `ns not found ${ns}`);
  const nIndexesWas = coll.indexes.length;
  const target = ctx.cmd.index;
  if (target === '*') {
    coll.indexes.filter((i) => i.name !== '_id_').forEach((i) => coll.dropIndex(i.name));
    return { nIndexesWas, msg: 'non-_id indexes dropped for collection', ok: 1 };
  }
  const names = Array.isArray(target) ? target : [target];
  const toDrop = names.map((item) => {
    const index = isPlainObject(item) ? coll.indexes.find((i) => canonicalKey(i.spec.key) === canonicalKey(item)) : coll.index(String(item));
    if (!index) {
      const what = isPlainObject(item) ? `can't find index with key: ${formatDoc(item)}` : `index not found with name [${String(item)}]`;
      throw new CommandError('IndexNotFound', what);
    }
    if (index.name === '_id_') throw new CommandError('InvalidOptions', 'cannot drop _id index');
    return index.name;
  });
  toDrop.forEach((n) => coll.dropIndex(n));
  return { nIndexesWas, ok: 1 };
}

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
