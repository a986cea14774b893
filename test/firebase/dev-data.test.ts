// `npm run dev` as a newcomer meets it: port 9099 taken, it starts the emulator elsewhere and
// prints the address to use; killed outright (SIGKILL), it loses no account and leaves no
// server behind; the next start imports the accounts, and the same person signs in again.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { findFreePort, startAuthEmulator } from '../../scripts/auth-emulator.js';
import { readExport } from '../../scripts/emulator-data.js';
import { createUser, signIn } from '../support/firebase-tokens.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'keyhold-dev-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Holds 127.0.0.1:9099 if nobody else does; either way the port is taken while the test runs. */
async function occupy9099(): Promise<Server | null> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(9099, '127.0.0.1', () => resolve(server));
  });
}

/** Resolves when `ready()` holds: it checks what other processes do (files, ports), which sends no event here. */
async function until(ready: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('moves off a busy 9099 and says where; a SIGKILLed run keeps its accounts for the next', async () => {
  const squatter = await occupy9099();
  const port = await findFreePort();
  const dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout.on('data', (c: Buffer) => (output += c));
  dev.stderr.on('data', (c: Buffer) => (output += c));
  const exited = new Promise((resolve) => dev.once('exit', resolve));
  try {
    const serverUp = async () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    await until(async () => /export AUTH=\S+ KEYHOLD_URL=\S+/.test(output) && (await serverUp()), 60_000, `npm run dev:\n${output}`);
    const [, auth, keyholdUrl] = /export AUTH=(\S+) KEYHOLD_URL=(\S+)/.exec(output)!;
    expect(output).toContain('port 9099 is taken, so the Auth Emulator is on');
    expect(auth).not.toBe('127.0.0.1:9099');
    expect(keyholdUrl).toBe(`http://127.0.0.1:${port}`);
    expect(output).toContain('(0 imported)');

    const target = { host: auth!, projectId: 'demo-keyhold' };
    const ada = await createUser({ ...target, email: 'ada@example.com', password: 'correct-horse' });

    dev.kill('SIGKILL');
    await exited;
    // The emulator exports as it goes down with its parent; the server follows its parent too.
    await until(async () => (await readExport(path.join(dataDir, 'auth-emulator', 'next'))) !== null, 30_000, 'the export');
    await until(async () => !(await serverUp()), 30_000, 'the server to stop');

    const again = await startAuthEmulator({ dataDir });
    try {
      expect(again.imported).toBe(1);
      const token = await signIn({ host: again.host, projectId: again.projectId, email: ada.email, password: ada.password });
      expect(token).toMatch(/^eyJ/);
    } finally {
      await again.stop();
    }
  } finally {
    if (dev.exitCode === null && dev.signalCode === null) dev.kill('SIGKILL');
    squatter?.close();
  }
}, 120_000);
