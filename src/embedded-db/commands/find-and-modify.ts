import { CommandError } from '../errors.js';
import { project, selectEntries } from '../query.js';
import { validateUpdate } from '../update.js';
import type { Doc } from '../values.js';
import { upsertEntry, updateEntry } from '../writes.js';
import { boolArg, collectionName, docArg, type CommandContext, type CommandHandler } from './context.js';

/**
 * Find one document and update or remove it in the same synchronous step: no other command
 * runs in between, which is what makes findOneAndUpdate atomic here.
 */
function findAndModify(ctx: CommandContext): Doc {
  const name = collectionName(ctx);
  const { cmd } = ctx;
  const filter = docArg(cmd, 'query') ?? {};
  const fields = docArg(cmd, 'fields');
  const remove = boolArg(cmd, 'remove');
  const returnNew = boolArg(cmd, 'new');
  const upsert = boolArg(cmd, 'upsert');
  if (remove && cmd.update !== undefined) throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && upsert) throw new CommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
  if (remove && returnNew) {
    throw new CommandError('FailedToParse', "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
  }

  const coll = ctx.store.collection(ctx.db, name);
  const [found] = selectEntries(coll, filter, { sort: docArg(cmd, 'sort'), limit: 1, collation: docArg(cmd, 'collation') });
  const shape = (doc: Doc | undefined) => (doc ? project([doc], fields)[0] : null);

  if (remove) {
    if (found) coll!.remove(found);
    return { lastErrorObject: { n: found ? 1 : 0 }, value: shape(found?.doc), ok: 1 };
  }

  const spec = validateUpdate(cmd.update);
  const updateCtx = { filter, arrayFilters: cmd.arrayFilters as Doc[] | undefined };
  if (!found) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const inserted = upsertEntry(ctx.store, ctx.db, name, spec, updateCtx);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted.doc._id },
      value: returnNew ? shape(inserted.doc) : null,
      ok: 1,
    };
  }
  const { entry } = updateEntry(coll!, found, spec, updateCtx);
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: shape(returnNew ? entry.doc : found.doc),
    ok: 1,
  };
}

export const findAndModifyCommands: Record<string, CommandHandler> = {
  findAndModify,
  findandmodify: findAndModify,
};
