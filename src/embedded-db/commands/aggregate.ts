import { CommandError } from '../errors.js';
import { runPipeline } from '../matcher.js';
import { selectEntries } from '../query.js';
import { isPlainObject, type Doc } from '../values.js';
import { arrayArg, docArg, intArg, type CommandContext, type CommandHandler } from './context.js';

/** Stages that write or need server machinery this store does not have. */
const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$currentOp', '$listSessions', '$collStats', '$indexStats', '$changeStream', '$search']);

/**
 * Runs a pipeline with mingo. A leading `$match` goes through the store's query path first,
 * so `countDocuments({hash})` uses the index instead of scanning.
 */
function aggregate(ctx: CommandContext): Doc {
  const { cmd } = ctx;
  if (typeof cmd.aggregate !== 'string') {
    throw new CommandError('InvalidNamespace', '{aggregate: 1} is not valid for this pipeline; a collection is required.');
  }
  const name = cmd.aggregate;
  const pipeline = arrayArg(cmd, 'pipeline') as Doc[];
  if (cmd.explain) throw new CommandError('IllegalOperation', 'explain is not supported by the embedded database');
  const cursorOpts = docArg(cmd, 'cursor');
  if (!cursorOpts) {
    throw new CommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  for (const stage of pipeline) {
    const op = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
    if (op === undefined || !op.startsWith('$')) throw new CommandError('TypeMismatch', "Each element of the 'pipeline' array must be an object");
    if (UNSUPPORTED_STAGES.has(op)) throw new CommandError('IllegalOperation', `${op} is not supported by the embedded database`);
  }

  const coll = ctx.store.collection(ctx.db, name);
  const [first, ...rest] = pipeline;
  const leadingMatch = first && isPlainObject(first.$match) ? first.$match : undefined;
  const entries = selectEntries(coll, leadingMatch, { collation: docArg(cmd, 'collation') });
  const stages = leadingMatch ? rest : pipeline;

  // Stages like $match/$sort/$limit pass stored views through untouched: hand back the
  // stored document for those, so its Long/Decimal128 values keep their BSON type.
  const docByView = new Map<Doc, Doc>(entries.map((e) => [e.view, e.doc]));
  const resolver = (from: string) => [...(ctx.store.collection(ctx.db, from)?.entries.values() ?? [])].map((e) => e.view);
  const output =
    stages.length === 0
      ? entries.map((e) => e.view)
      : runPipeline(
          entries.map((e) => e.view),
          stages,
          { collectionResolver: resolver },
        );
  const docs = output.map((doc) => docByView.get(doc) ?? doc);

  return ctx.cursors.start(`${ctx.db}.${name}`, docs, { batchSize: intArg(cursorOpts ?? {}, 'batchSize') });
}

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
