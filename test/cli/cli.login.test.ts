// keyhold login / logout: a Firebase ID token, checked by Keyhold, kept per KEYHOLD_URL in a
// private file; an expired or refused login ends a command with one line saying to log in again.
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeToken, disableUser, forgeToken } from '../support/firebase-tokens.js';
import { useKeyhold } from '../support/harness.js';
import { runCli, useCliHome } from './support.js';

const k = useKeyhold();
const cli = useCliHome(() => k.url);

describe('keyhold login --token', () => {
  it('checks the token with Keyhold, keeps it in a 0600 file in a 0700 directory, and says who is logged in', async () => {
    const user = await k.user();

    const res = await cli.run(['login', '--token', user.idToken]);

    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`Logged in to ${k.url} as ${user.email}`);
    expect(res.stdout).toBe('');
    expect((await stat(cli.credentialsFile)).mode & 0o777).toBe(0o600);
    expect((await stat(cli.configDir)).mode & 0o777).toBe(0o700);
    const stored = (await cli.credentials()).logins[k.url];
    expect(stored).toMatchObject({ token: user.idToken, email: user.email, uid: user.uid });
    expect(stored?.expiresAt).toBe(new Date(decodeToken(user.idToken).exp * 1000).toISOString());
  });

  it('with --json prints who is logged in, and never the token', async () => {
    const user = await k.user();

    const res = await cli.run(['login', '--json', '--token', user.idToken]);

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ url: k.url, uid: user.uid, email: user.email, expiresAt: expect.any(String) });
    expect(res.stdout + res.stderr).not.toContain(user.idToken);
  });

  it('reads the token from stdin with --token -', async () => {
    const user = await k.user();

    const res = await cli.run(['login', '--token', '-'], { input: `${user.idToken}\n` });

    expect(res.code).toBe(0);
    expect((await cli.credentials()).logins[k.url]?.token).toBe(user.idToken);
  });

  it('keeps the login in ~/.config/keyhold when XDG_CONFIG_HOME is unset', async () => {
    const user = await k.user();

    const res = await cli.run(['login', '--token', user.idToken], { env: { XDG_CONFIG_HOME: undefined } });

    expect(res.code).toBe(0);
    expect((await stat(path.join(cli.home, '.config', 'keyhold', 'credentials.json'))).mode & 0o777).toBe(0o600);
  });

  it('stores nothing when Keyhold refuses the token (exit 1, one line)', async () => {
    const user = await k.user();
    const before = await cli.credentials().catch(() => ({ logins: {} }));

    const res = await cli.run(['login', '--token', forgeToken(user.idToken, 'expired')], { env: { XDG_CONFIG_HOME: path.join(cli.home, 'refused') } });

    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: Keyhold refused the token: .*Nothing was stored\. \(UNAUTHENTICATED\)\n$/);
    await expect(stat(path.join(cli.home, 'refused', 'keyhold', 'credentials.json'))).rejects.toThrow(/ENOENT/);
    expect(await cli.credentials().catch(() => ({ logins: {} }))).toEqual(before);
  });

  it('refuses an API key, or no credential at all, as bad usage (exit 2)', async () => {
    const key = await k.signedUp();
    k.secrets.add(key.secret);

    const apiKey = await cli.run(['login', '--token', key.secret]);
    const nothing = await cli.run(['login']);

    expect(apiKey.code).toBe(2);
    expect(apiKey.stderr).toContain('That is an API key');
    expect(apiKey.stderr).not.toContain(key.secret);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Pass --token');
  });
});

describe('keyhold login --email --password (the Auth Emulator, in development)', () => {
  it('signs in through FIREBASE_AUTH_EMULATOR_HOST and keeps the ID token it gets', async () => {
    const user = await k.user();

    const res = await cli.run(['login', '--email', user.email, '--password', user.password], { env: { FIREBASE_AUTH_EMULATOR_HOST: k.emulator.host } });

    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`as ${user.email}`);
    expect(decodeToken((await cli.credentials()).logins[k.url]!.token).sub).toBe(user.uid);
  });

  it('takes the emulator from --emulator and creates the account with --create', async () => {
    const email = `new-${Date.now()}@keyhold.test`;

    const res = await cli.run(['login', '--email', email, '--password', 'correct-horse', '--create', '--emulator', k.emulator.host]);

    expect(res.code).toBe(0);
    expect((await cli.credentials()).logins[k.url]?.email).toBe(email);
    k.secrets.add((await cli.credentials()).logins[k.url]!.token);
  });

  it('says the emulator is needed when none is named (exit 2), and passes on a wrong password (exit 1)', async () => {
    const user = await k.user();

    const noEmulator = await cli.run(['login', '--email', user.email, '--password', user.password]);
    const wrong = await cli.run(['login', '--email', user.email, '--password', 'not-it', '--emulator', k.emulator.host]);

    expect(noEmulator.code).toBe(2);
    expect(noEmulator.stderr).toContain('FIREBASE_AUTH_EMULATOR_HOST');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: The Auth Emulator refused the sign-in: INVALID_/);
  });
});

describe('a login that no longer works', () => {
  async function storedLogin(home: string, token: string, expiresAt: string): Promise<void> {
    const dir = path.join(home, 'config', 'keyhold');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dir, 'credentials.json'), JSON.stringify({ version: 1, logins: { [k.url]: { token, expiresAt } } }), { mode: 0o600 });
  }

  it('has expired: one clear line saying to log in again, exit 1, no call made', async () => {
    const user = await k.user();
    const expired = forgeToken(user.idToken, 'expired');
    const home = path.join(cli.home, 'expired');
    await storedLogin(home, expired, new Date(decodeToken(expired).exp * 1000).toISOString());

    const res = await runCli(['orgs'], { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), KEYHOLD_URL: k.url });

    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^error: Your login to http:\/\/127\.0\.0\.1:\d+ expired at \S+: run `keyhold login` again\.\n$/);
  });

  it('is refused by Keyhold (its user disabled): one clear line saying to log in again, exit 1', async () => {
    const user = await k.user();
    const home = path.join(cli.home, 'disabled');
    await storedLogin(home, user.idToken, new Date(decodeToken(user.idToken).exp * 1000).toISOString());
    await disableUser({ ...k.emulator, uid: user.uid });

    const res = await runCli(['orgs'], { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), KEYHOLD_URL: k.url });

    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: Keyhold no longer accepts your login to \S+ \(expired, revoked or signed out\): run `keyhold login` again\.\n$/);
  });

  it('is missing: says how to log in, exit 1', async () => {
    const res = await runCli(['orgs'], { HOME: path.join(cli.home, 'nobody'), KEYHOLD_URL: k.url });

    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: You are not logged in to \S+: run `keyhold login --token <Firebase ID token>` first\.\n$/);
  });
});

describe('keyhold logout and KEYHOLD_TOKEN', () => {
  it('logout forgets the login for this KEYHOLD_URL only', async () => {
    const user = await k.user();
    await cli.run(['login', '--token', user.idToken]);
    const other = 'http://127.0.0.1:1';
    const before = await cli.credentials();
    await writeFile(cli.credentialsFile, JSON.stringify({ ...before, logins: { ...before.logins, [other]: { token: 'kept' } } }), { mode: 0o600 });

    const res = await cli.run(['logout']);

    expect(res.code).toBe(0);
    expect(res.stderr).toBe(`Logged out of ${k.url}.\n`);
    expect(Object.keys((await cli.credentials()).logins)).toEqual([other]);
    expect((await stat(cli.credentialsFile)).mode & 0o777).toBe(0o600);
  });

  it('KEYHOLD_TOKEN stands in for a stored login', async () => {
    const { user } = await k.signedUp('Token Org');

    const res = await runCli(['orgs', '--json'], { HOME: path.join(cli.home, 'ci'), KEYHOLD_URL: k.url, KEYHOLD_TOKEN: user.idToken });

    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).map((o: { name: string }) => o.name)).toEqual(['Token Org']);
  });

  it('puts a credentials file others can read back to 0600, and says so', async () => {
    const user = await k.user();
    await cli.run(['login', '--token', user.idToken]);
    await chmod(cli.credentialsFile, 0o644);

    const res = await cli.run(['orgs']);

    expect(res.code).toBe(0);
    expect(res.stderr).toContain('was readable by others; its mode is now 0600');
    expect((await stat(cli.credentialsFile)).mode & 0o777).toBe(0o600);
  });
});
