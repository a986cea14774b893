import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { authCommands } from './commands/auth.js';
import { keyCommands } from './commands/keys.js';
import { orgCommands } from './commands/orgs.js';
import { runner } from './commands/run.js';
import { verifyCommands } from './commands/verify.js';
import { Context } from './context.js';
import { EXIT, failureFrom } from './failure.js';
import type { Io } from './output.js';
import { loadSettings } from './settings.js';

/**
 * The `keyhold` command line. Returns the exit code: 0 success, 1 a refused call (or Keyhold
 * unreachable), 2 bad usage. `env` is read once, here.
 */
export async function main(argv: readonly string[], io: Io, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const program = new Command('keyhold')
    .description('Keyhold from the command line: sign in, manage organizations and API keys, check keys.')
    .version(version(), '-V, --version')
    .option('--json', 'print JSON instead of tables')
    .addHelpText(
      'after',
      '\nEnvironment: KEYHOLD_URL (default http://127.0.0.1:4000), KEYHOLD_TOKEN (a Firebase ID token instead of the stored login),\nFIREBASE_AUTH_EMULATOR_HOST (for login --email in development). Logins are kept in $XDG_CONFIG_HOME/keyhold or ~/.config/keyhold.\nExit codes: 0 success, 1 refused, 2 bad usage.',
    )
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(keyhold --help lists the commands)');

  let json = false;
  const run = runner((command) => {
    json = command.optsWithGlobals<{ json?: boolean }>().json === true;
    return new Context(io, loadSettings(env), json);
  });
  authCommands(program, run);
  orgCommands(program, run);
  keyCommands(program, run);
  verifyCommands(program, run);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end with code 0; everything else commander refuses is bad usage.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure = failureFrom(err);
    io.stderr(
      json
        ? `${JSON.stringify({ error: { code: failure.code, message: failure.message, ...(failure.field ? { field: failure.field } : {}) } })}\n`
        : `error: ${failure.message}\n`,
    );
    return failure.exitCode;
  }
}

function version(): string {
  // ../../package.json from src/cli/ and from dist/cli/ alike.
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}
