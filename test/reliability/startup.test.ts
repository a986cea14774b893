// `npm start` as an operator meets it: bad settings stop it at once with one line naming the
// variable, and SIGTERM stops it cleanly, flushing what it still owes the database.
// Each test runs the real entry point (src/server.ts under tsx) as a child process.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-db/index.js';
import { useAuthEmulator } from '../support/firebase-emulator.js';
import { createUser } from '../support/firebase-tokens.js';
import { SIGNUP } from '../support/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCTION = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://127.0.0.1:1/keyhold',
  FIREBASE_PROJECT_ID: 'keyhold-prod',
  SECRETS_KEY: randomBytes(32).toString('base64'),
};

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `src/server.ts` with exactly `env` (plus PATH and HOME); `onLine` sees its stdout. */
function startServer(env: Record<string, string>, onLine: (line: string) => void = () => {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    lines.forEach(onLine);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

const stderrLines = (run: Run) => run.stderr.split('\n').filter((l) => l.trim() !== '');

describe('a bad setting stops the process at start with one line naming it', () => {
  it('PORT=notaport', async () => {
    const run = await startServer({ PORT: 'notaport' }).exited;
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual(['keyhold: configuration error: PORT must be a whole number from 0 to 65535 (got "notaport")']);
    expect(run.stdout).toBe('');
  });

  it('NODE_ENV=production with FIREBASE_AUTH_EMULATOR_HOST set', async () => {
    const run = await startServer({ ...PRODUCTION, FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }).exited;
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      'keyhold: configuration error: FIREBASE_AUTH_EMULATOR_HOST must not be set when NODE_ENV=production (the emulator accepts unsigned tokens)',
    ]);
  });

  it('the production settings without the emulator are accepted by configuration', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ env: 'production', firebase: { emulatorHost: null } });
  });
});

describe('SIGTERM', () => {
  let db: EmbeddedMongo;
  beforeAll(async () => {
    // A database outside the server's process, so what it wrote can be read after it exits.
    db = await startEmbeddedMongo();
  });
  afterAll(async () => {
    await db.close();
  });

  it('exits 0 after flushing the lastUsedAt of a key it just verified, and logged no secret', async () => {
    const emulator = useAuthEmulator();
    let announce!: (url: string) => void;
    const listening = new Promise<string>((resolve) => (announce = resolve));
    const server = startServer(
      {
        PORT: '0',
        MONGODB_URI: db.uri, // the server names its database 'keyhold'
        SECRETS_KEY: randomBytes(32).toString('base64'),
        FIREBASE_PROJECT_ID: emulator.projectId,
        FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
        LOG_LEVEL: 'debug',
      },
      (line) => {
        const url = /Keyhold listening on (http:\/\/[^\s]+)/.exec(line)?.[1];
        if (url) announce(url);
      },
    );
    const url = await Promise.race([listening, server.exited.then((run) => Promise.reject(new Error(`server exited: ${run.stderr}`)))]);

    const user = await createUser(emulator);
    const signup = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.idToken}` },
      body: JSON.stringify({ query: SIGNUP, variables: { input: { orgName: 'Signal Co' } } }),
    }).then((r) => r.json() as Promise<any>);
    const { secret, webhookSecret, apiKey } = signup.data.signup;
    const usedFrom = Date.now();
    expect((await fetch(`${url}/verify`, { headers: { 'x-api-key': secret } })).status).toBe(200);

    server.child.kill('SIGTERM');
    const run = await server.exited;
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('shutting down: finishing in-flight requests');
    expect(run.stdout.trim().split('\n').at(-1)).toContain('Keyhold stopped');

    const client = await MongoClient.connect(db.uri);
    try {
      const key = await client
        .db('keyhold')
        .collection('api_keys')
        .findOne({ _id: apiKey.id as never });
      expect(key?.lastUsedAt).toBeInstanceOf(Date);
      expect((key!.lastUsedAt as Date).getTime()).toBeGreaterThanOrEqual(usedFrom);
    } finally {
      await client.close();
    }
    for (const s of [secret, webhookSecret, user.idToken]) expect(run.stdout + run.stderr).not.toContain(s);
  });
});

describe('a failure at start', () => {
  it('is the last line printed, alone, after the log lines still owed; sign-in that cannot work was said first', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      // stdout and stderr into one pipe, as a terminal shows them.
      const child = spawn('sh', ['-c', 'exec "$0" --import tsx src/server.ts 2>&1', process.execPath], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const lines = out.trim().split('\n');
      expect(code).toBe(1);
      expect(lines.at(-1)).toBe(`keyhold: cannot listen on 127.0.0.1:${port}: the port is in use (another Keyhold?); choose another with PORT=…`);
      expect(lines.slice(0, -1).every((line) => line.startsWith('{'))).toBe(true);
      expect(out).toContain('Firebase sign-in is not configured');
    } finally {
      squatter.close();
    }
  });
});
