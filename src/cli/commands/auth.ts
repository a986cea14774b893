import type { Command } from 'commander';
import { emulatorSignIn } from '../emulator.js';
import { KeyholdError } from '../../client/errors.js';
import { CliFailure, EXIT, failureFrom, usage } from '../failure.js';
import { json, time } from '../output.js';
import { readToken } from '../token.js';
import type { Context } from '../context.js';
import { fromStdinIfDash, type Run } from './run.js';

interface LoginOptions {
  token?: string;
  email?: string;
  password?: string;
  emulator?: string;
  create?: boolean;
}

export function authCommands(program: Command, run: Run): void {
  program
    .command('login')
    .description('Sign in: store a Firebase ID token for KEYHOLD_URL (in development, get one from the Auth Emulator).')
    .option('--token <token>', 'a Firebase ID token ("-" reads it from stdin)')
    .option('--email <email>', 'with --password: sign in through the Firebase Auth Emulator (development)')
    .option('--password <password>', 'the password for --email ("-" reads it from stdin)')
    .option('--emulator <host:port>', 'the Auth Emulator (default: FIREBASE_AUTH_EMULATOR_HOST)')
    .option('--create', 'with --email: create the account in the emulator first')
    .action(run((ctx, options: LoginOptions) => login(ctx, options)));

  program
    .command('logout')
    .description('Forget the stored login for KEYHOLD_URL.')
    .action(
      run(async (ctx) => {
        const removed = await ctx.store.remove(ctx.settings.url);
        if (ctx.json) ctx.out(json({ url: ctx.settings.url, loggedOut: removed }));
        else ctx.note(removed ? `Logged out of ${ctx.settings.url}.` : `You were not logged in to ${ctx.settings.url}.`);
      }),
    );
}

async function login(ctx: Context, options: LoginOptions): Promise<void> {
  const token = await tokenFrom(ctx, options);
  const claims = readToken(token);
  // Keyhold decides whether the token is good: ask it before keeping anything.
  await ctx
    .client(token)
    .organizations()
    .catch((err: unknown) => {
      throw refusedLogin(err);
    });
  const expiresAt = claims.expiresAt !== undefined ? new Date(claims.expiresAt).toISOString() : undefined;
  await ctx.store.save(ctx.settings.url, { token, uid: claims.uid, email: claims.email, expiresAt });
  const who = { url: ctx.settings.url, uid: claims.uid ?? null, email: claims.email ?? null, expiresAt: expiresAt ?? null };
  if (ctx.json) ctx.out(json(who));
  else ctx.note(`Logged in to ${who.url} as ${who.email ?? who.uid ?? 'an unnamed user'}; the login lasts until ${time(expiresAt)}.`);
}

async function tokenFrom(ctx: Context, options: LoginOptions): Promise<string> {
  if (options.token !== undefined) {
    if (options.email !== undefined || options.password !== undefined) throw usage('Use either --token or --email and --password, not both.');
    const token = await fromStdinIfDash(ctx, options.token);
    if (!token) throw usage('--token is empty.');
    return token;
  }
  if (options.email === undefined || options.password === undefined) {
    throw usage('Pass --token <Firebase ID token>, or in development --email and --password (signs in through the Auth Emulator).');
  }
  const host = options.emulator ?? ctx.settings.emulatorHost;
  if (!host) {
    throw usage(
      'Signing in with --email and --password works with the Firebase Auth Emulator only: set FIREBASE_AUTH_EMULATOR_HOST or pass --emulator host:port. Otherwise pass --token.',
    );
  }
  const password = await fromStdinIfDash(ctx, options.password);
  return emulatorSignIn(host, options.email, password, options.create === true);
}

function refusedLogin(err: unknown): CliFailure {
  if (err instanceof KeyholdError && err.code === 'UNAUTHENTICATED') {
    return new CliFailure(`Keyhold refused the token: ${err.message} Nothing was stored. (${err.code})`, EXIT.refused, err.code);
  }
  return failureFrom(err);
}
