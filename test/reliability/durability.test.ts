// `npm start` keeps its data in DATA_DIR: a key minted and answered is still good after the
// server is killed (-9) or restarted, the webhook secret still opens, and a DATA_DIR it
// cannot use stops it at start with one line. The crash and refusal tests run the real entry
// point (src/server.ts under tsx) as a child process.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startKeyhold } from '../../src/app/runtime.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { waitForConnection } from '../../src/db/database.js';
import { startEmbeddedMongo } from '../../src/embedded-db/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { tempDataDir } from '../embedded-db/target.js';
import { useAuthEmulator } from '../support/firebase-emulator.js';
import { createUser, type EmulatorTarget, type TestUser } from '../support/firebase-tokens.js';
import { MINT, SIGNUP } from '../support/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const onRealMongo = process.env.MONGODB_URI !== undefined;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const dir = await tempDataDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** `src/server.ts` with exactly `env` (plus PATH and HOME); `listening` resolves to its URL. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const url = /Keyhold listening on (http:\/\/[^\s"]+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then((run) => reject(new Error(`server exited (${run.code ?? run.signal}): ${run.stderr}`)));
  });
  listening.catch(() => {});
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, listening, exited };
}

function serverEnv(emulator: EmulatorTarget, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    DATA_DIR: dir,
    FIREBASE_PROJECT_ID: emulator.projectId,
    FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
    // The test mints faster than the default 30 a minute allows one person.
    RATE_LIMIT_MINT_KEY: '10000/m',
    ...extra,
  };
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function verify(url: string, secret: string): Promise<{ status: number; keyId?: string }> {
  const res = await fetch(`${url}/verify`, { headers: { authorization: `Bearer ${secret}` } });
  const body = (await res.json()) as { key_id?: string };
  return { status: res.status, keyId: body.key_id };
}

/** The org's webhook secret, as signup with existingOrgId hands it back (and mints a key). */
async function webhookSecretOf(url: string, user: TestUser, orgId: string): Promise<string> {
  return (await gql(url, user.idToken, SIGNUP, { input: { existingOrgId: orgId } })).signup.webhookSecret;
}

// Two servers start one after the other under tsx: allow for a busy machine.
const TWO_STARTS_MS = 60_000;

describe.skipIf(onRealMongo)('kill -9 while mints are in flight', () => {
  it('every mint that answered verifies after a restart on the same DATA_DIR, and the webhook secret is the same', { timeout: TWO_STARTS_MS }, async () => {
    const emulator = useAuthEmulator();
    const dir = await dataDir();
    const first = startServer(serverEnv(emulator, dir));
    const url = await first.listening;
    const user = await createUser(emulator);
    const { orgId, webhookSecret, secret: firstKey } = (await gql(url, user.idToken, SIGNUP, { input: { orgName: 'Crash Co' } })).signup;

    // Eight people-at-keyboards mint in a loop; the server dies once twenty have answered.
    const answered = new Map<string, string>();
    let enough!: () => void;
    const twenty = new Promise<void>((resolve) => (enough = resolve));
    const minter = async (n: number) => {
      for (let i = 0; ; i++) {
        let minted: { secret: string; apiKey: { id: string } };
        try {
          minted = (await gql(url, user.idToken, MINT, { input: { orgId, name: `key ${n}.${i}` } })).mintKey;
        } catch {
          return;
        }
        answered.set(minted.secret, minted.apiKey.id);
        if (answered.size >= 20) enough();
      }
    };
    const minters = Array.from({ length: 8 }, (_, n) => minter(n));
    await twenty;
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await Promise.all(minters);

    const second = startServer(serverEnv(emulator, dir));
    const again = await second.listening;
    expect(await verify(again, firstKey)).toMatchObject({ status: 200 });
    const refused: string[] = [];
    for (const [secret, keyId] of answered) {
      const result = await verify(again, secret);
      if (result.status !== 200 || result.keyId !== keyId) refused.push(`${keyId}: ${result.status}`);
    }
    expect(refused, 'answered mints that no longer verify').toEqual([]);
    expect(await webhookSecretOf(again, user, orgId)).toBe(webhookSecret);

    // The secrets key is kept beside the data, readable by its owner only.
    expect((await stat(path.join(dir, 'db', 'secrets.key'))).mode & 0o777).toBe(0o600);
    second.child.kill('SIGTERM');
    expect(await second.exited).toMatchObject({ code: 0 });
  });
});

describe.skipIf(onRealMongo)('a restart on the same DATA_DIR', () => {
  /** Keyhold in this process, as npm start builds it, on `dir` (database 'keyhold'). */
  async function keyholdOn(dir: string, emulator: EmulatorTarget) {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dir,
      FIREBASE_PROJECT_ID: emulator.projectId,
      FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
    });
    const keyhold = await startKeyhold(config, { logger: createLogger({ level: 'silent' }) });
    await waitForConnection(keyhold.services.db, 10_000);
    const url = await keyhold.app.listen({ host: '127.0.0.1', port: 0 });
    return { keyhold, url };
  }

  it('keeps keys, revocations, the secrets key and the webhook secret; the unique key index holds', async () => {
    const emulator = useAuthEmulator();
    const dir = await dataDir();
    const user = await createUser(emulator);
    let running = await keyholdOn(dir, emulator);
    const { orgId, webhookSecret, secret } = (await gql(running.url, user.idToken, SIGNUP, { input: { orgName: 'Restart Co' } })).signup;
    const revoked = (await gql(running.url, user.idToken, MINT, { input: { orgId, name: 'to revoke' } })).mintKey;
    await gql(running.url, user.idToken, 'mutation($id: ID!) { revokeKey(id: $id) { id } }', { id: revoked.apiKey.id });
    const sealedWith = running.keyhold.services.config.secretsKey;
    expect(sealedWith.source).toBe('data-dir');
    await running.keyhold.close();

    running = await keyholdOn(dir, emulator);
    cleanups.push(() => running.keyhold.close());
    expect(running.keyhold.services.config.secretsKey.key.equals(sealedWith.key)).toBe(true);
    expect((await verify(running.url, secret)).status).toBe(200);
    expect((await verify(running.url, revoked.secret)).status).toBe(401);
    expect(await webhookSecretOf(running.url, user, orgId)).toBe(webhookSecret);
    const indexes = await running.keyhold.services.models.apiKeys.collection.indexes();
    expect(indexes).toContainEqual(expect.objectContaining({ key: { hash: 1 }, unique: true }));
  });
});

describe.skipIf(onRealMongo)('a DATA_DIR it cannot use stops the start with one line naming it', () => {
  it('sealed with another secrets key than SECRETS_KEY', async () => {
    const emulator = useAuthEmulator();
    const dir = await dataDir();
    const env = { DATA_DIR: dir, FIREBASE_PROJECT_ID: emulator.projectId, FIREBASE_AUTH_EMULATOR_HOST: emulator.host };
    const keyhold = await startKeyhold(loadConfig(env), { logger: createLogger({ level: 'silent' }) });
    await keyhold.close();

    const otherKey = loadConfig({ ...env, SECRETS_KEY: randomBytes(32).toString('base64') });
    const err = await startKeyhold(otherKey, { logger: createLogger({ level: 'silent' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      `SECRETS_KEY is not the key that sealed the webhook secrets in DATA_DIR ${dir} (secrets.check disagrees): set it to the key used before, or unset it to use the one the directory keeps`,
    ]);
    // Refused before it could hold the directory: the right key opens it at once.
    const again = await startKeyhold(loadConfig(env), { logger: createLogger({ level: 'silent' }) });
    await again.close();
  });

  it('held by another running server (npm start prints the line and exits 1)', { timeout: TWO_STARTS_MS }, async () => {
    const emulator = useAuthEmulator();
    const dir = await dataDir();
    // The embedded database's store is DATA_DIR/db.
    const holder = await startEmbeddedMongo({ dataDir: path.join(dir, 'db') });
    cleanups.push(() => holder.close());
    const run = await startServer(serverEnv(emulator, dir)).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `keyhold: configuration error: DATA_DIR ${path.join(dir, 'db')} is in use by another process (pid ${process.pid}): a Keyhold server or npm run db already serves it; stop that one, or choose another directory`,
    ]);
  });
});
