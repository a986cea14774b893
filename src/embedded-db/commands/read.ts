import { Long } from 'bson';
import { CommandError } from '../errors.js';
import { project, selectEntries } from '../query.js';
import { canonicalKey, EMPTY_ARRAY_KEY, valuesAtPath, type Doc } from '../values.js';
import { arrayArg, boolArg, collectionName, docArg, intArg, typeName, type CommandContext, type CommandHandler } from './context.js';

function find(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const { cmd } = ctx;
  // Drivers turn a negative limit into singleBatch; the server itself rejects one.
  const entries = selectEntries(ctx.store.collection(ctx.db, name), docArg(cmd, 'filter'), {
    sort: docArg(cmd, 'sort'),
    skip: intArg(cmd, 'skip'),
    limit: intArg(cmd, 'limit'),
    collation: docArg(cmd, 'collation'),
  });
  const docs = project(
    entries.map((e) => e.doc),
    docArg(cmd, 'projection'),
  );
  return ctx.cursors.start(`${ctx.db}.${name}`, docs, {
    batchSize: intArg(cmd, 'batchSize'),
    singleBatch: boolArg(cmd, 'singleBatch'),
  });
}

function toLong(v: unknown, field: string): Long {
  if (typeof v === 'object' && (v as { _bsontype?: string } | null)?._bsontype === 'Long') return v as Long;
  if (typeof v === 'number' && Number.isInteger(v)) return Long.fromNumber(v);
  throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'long'`);
}

function getMore(ctx: CommandContext): Doc {
  const id = toLong(ctx.cmd.getMore, 'getMore.getMore');
  const coll = ctx.cmd.collection;
  if (typeof coll !== 'string') throw new CommandError('TypeMismatch', "BSON field 'getMore.collection' is missing but a required field");
  return ctx.cursors.more(id, `${ctx.db}.${coll}`, intArg(ctx.cmd, 'batchSize'));
}

function killCursors(ctx: CommandContext): Doc {
  collectionName(ctx);
  const ids = arrayArg(ctx.cmd, 'cursors').map((v) => toLong(v, 'killCursors.cursors'));
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

/** `count` as estimatedDocumentCount and old clients use it: skip and limit apply. */
function count(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const limit = intArg(ctx.cmd, 'limit', { min: -Infinity });
  const entries = selectEntries(ctx.store.collection(ctx.db, name), docArg(ctx.cmd, 'query'), {
    skip: intArg(ctx.cmd, 'skip'),
    limit: limit === undefined ? undefined : Math.abs(limit),
    collation: docArg(ctx.cmd, 'collation'),
  });
  return { n: entries.length, ok: 1 };
}

/** Distinct values at a path, array elements unwound once, equal values (1 and 1.0) merged. */
function distinct(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const key = ctx.cmd.key;
  if (typeof key !== 'string') throw new CommandError('TypeMismatch', `BSON field 'distinct.key' is the wrong type '${typeName(key)}', expected type 'string'`);
  const entries = selectEntries(ctx.store.collection(ctx.db, name), docArg(ctx.cmd, 'query'), {
    collation: docArg(ctx.cmd, 'collation'),
  });
  const seen = new Map<string, unknown>();
  for (const entry of entries) {
    for (const value of valuesAtPath(entry.doc, key)) {
      if (value === undefined || value === EMPTY_ARRAY_KEY) continue;
      const canon = canonicalKey(value);
      if (!seen.has(canon)) seen.set(canon, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
};
