import { CommandError, toCommandError } from '../errors.js';
import { selectEntries } from '../query.js';
import { isOperatorUpdate, validateUpdate } from '../update.js';
import { isPlainObject, toInteger, withIdFirst, type Doc } from '../values.js';
import { updateEntry, upsertEntry } from '../writes.js';
import { arrayArg, collectionName, type CommandContext, type CommandHandler } from './context.js';

interface StatementResult {
  n: number;
  nModified?: number;
  upserted?: unknown;
}

/**
 * The batch loop shared by insert, update and delete: each statement either counts or
 * becomes a write error; ordered batches stop at the first error, unordered ones go on.
 * Statements before a failure stay applied, as on the server.
 */
function runBatch(ctx: CommandContext, field: string, run: (statement: Doc, name: string) => StatementResult): Doc {
  const name = collectionName(ctx);
  const statements = arrayArg(ctx.cmd, field);
  const ordered = ctx.cmd.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors: Doc[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      if (!isPlainObject(statement)) throw new CommandError('TypeMismatch', `BSON field '${ctx.name}.${field}' is the wrong type, expected type 'object'`);
      const result = run(statement, name);
      n += result.n;
      nModified += result.nModified ?? 0;
      if (result.upserted !== undefined) upserted.push({ index, _id: result.upserted });
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
      if (ordered) break;
    }
  }
  return {
    n,
    ...(field === 'updates' ? { nModified } : {}),
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
    ok: 1,
  };
}

function statementFilter(statement: Doc, field: string): Doc {
  const filter = statement.q ?? {};
  if (!isPlainObject(filter)) throw new CommandError('TypeMismatch', `BSON field '${field}.q' is the wrong type, expected type 'object'`);
  return filter;
}

function insert(ctx: CommandContext): Doc {
  return runBatch(ctx, 'documents', (doc, name) => {
    ctx.store.ensureCollection(ctx.db, name).coll.insert(withIdFirst(doc));
    return { n: 1 };
  });
}

function update(ctx: CommandContext): Doc {
  return runBatch(ctx, 'updates', (statement, name) => {
    const filter = statementFilter(statement, 'update.updates');
    const spec = validateUpdate(statement.u);
    const multi = statement.multi === true;
    if (multi && !Array.isArray(spec) && !isOperatorUpdate(spec)) {
      throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
    }
    const updateCtx = { filter, arrayFilters: statement.arrayFilters as Doc[] | undefined };
    const coll = ctx.store.collection(ctx.db, name);
    const matched = selectEntries(coll, filter, { limit: multi ? 0 : 1, collation: statement.collation as Doc | undefined });
    if (matched.length === 0 && statement.upsert === true) {
      const entry = upsertEntry(ctx.store, ctx.db, name, spec, updateCtx);
      return { n: 1, nModified: 0, upserted: entry.doc._id };
    }
    let nModified = 0;
    for (const entry of matched) if (updateEntry(coll!, entry, spec, updateCtx).modified) nModified++;
    return { n: matched.length, nModified };
  });
}

/** The server parses every statement's limit before deleting anything. */
function deleteLimit(statement: unknown): 0 | 1 {
  const limit = isPlainObject(statement) ? toInteger(statement.limit) : undefined;
  if (limit !== 0 && limit !== 1) {
    const got = isPlainObject(statement) ? String(statement.limit) : 'nothing';
    throw new CommandError('FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${got}`);
  }
  return limit;
}

function remove(ctx: CommandContext): Doc {
  arrayArg(ctx.cmd, 'deletes').forEach(deleteLimit);
  return runBatch(ctx, 'deletes', (statement, name) => {
    const filter = statementFilter(statement, 'delete.deletes');
    const coll = ctx.store.collection(ctx.db, name);
    const matched = selectEntries(coll, filter, { limit: deleteLimit(statement), collation: statement.collation as Doc | undefined });
    for (const entry of matched) coll!.remove(entry);
    return { n: matched.length };
  });
}

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
};
