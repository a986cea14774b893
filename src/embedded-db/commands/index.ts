import { CommandError, toCommandError } from '../errors.js';
import type { Doc } from '../values.js';
import { adminCommands } from './admin.js';
import { aggregateCommands } from './aggregate.js';
import type { CommandContext, CommandHandler } from './context.js';
import { findAndModifyCommands } from './find-and-modify.js';
import { handshakeCommands } from './handshake.js';
import { indexCommands } from './indexes.js';
import { readCommands } from './read.js';
import { writeCommands } from './write.js';

export type { CommandContext, ServerStats } from './context.js';
export { LEGACY_OP_QUERY_COMMANDS } from './handshake.js';

const handlers = new Map<string, CommandHandler>(
  Object.entries({
    ...handshakeCommands,
    ...adminCommands,
    ...readCommands,
    ...aggregateCommands,
    ...writeCommands,
    ...findAndModifyCommands,
    ...indexCommands,
  }),
);

/**
 * Runs one command to completion, synchronously. Whatever goes wrong inside becomes an
 * `{ok: 0}` reply; nothing a client sends can throw past this point.
 */
export function executeCommand(ctx: Omit<CommandContext, 'name'>): Doc {
  const name = Object.keys(ctx.cmd)[0] ?? '';
  const handler = handlers.get(name);
  if (!handler) return new CommandError('CommandNotFound', `no such command: '${name}'`).toReply();
  if (ctx.db === '') return new CommandError('BadValue', 'OP_MSG requests require a $db argument').toReply();
  try {
    return handler({ ...ctx, name });
  } catch (err) {
    return toCommandError(err).toReply();
  }
}
