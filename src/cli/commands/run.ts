import type { Command } from 'commander';
import type { Context } from '../context.js';

/** Wraps a command's handler into a commander action that is handed the Context. */
export type Run = <A extends unknown[]>(handler: (ctx: Context, ...args: A) => Promise<void> | void) => (...args: unknown[]) => Promise<void>;

export function runner(makeContext: (command: Command) => Context): Run {
  return (handler) =>
    async (...args) => {
      // commander passes the positional arguments, the options, then the command itself.
      const command = args.at(-1) as Command;
      const call = handler as (ctx: Context, ...rest: unknown[]) => Promise<void> | void;
      await call(makeContext(command), ...args.slice(0, -1));
    };
}

/** `-` reads the value from standard input (so a secret stays out of the shell's history). */
export async function fromStdinIfDash(ctx: Context, value: string): Promise<string> {
  return value === '-' ? (await ctx.io.readStdin()).trim() : value;
}
