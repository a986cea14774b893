// The README's quickstart, run as a newcomer runs it: its marked shell blocks, verbatim, in
// order, in one bash, against a real server (src/server.ts, as `npm run dev` starts it) wired to
// the suite's Auth Emulator. `npm run dev` itself is not started: the test gives the blocks the
// addresses it would print, through the variables the README's own commands use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAuthEmulator } from '../support/firebase-emulator.js';
import { readmeBlocks, type ReadmeBlock } from './readme-blocks.js';
import { ShellSession, type BlockRun } from './shell-session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The README's commands need bash and curl, as a reader's terminal has them.
const missing = ['bash', 'curl'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).error);
if (missing.length > 0) {
  console.warn(`README quickstart NOT RUN: ${missing.join(' and ')} not installed (apt-get install -y ${missing.join(' ')})`);
}
const blocks = readmeBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const quickstart = blocks.filter((b) => b.session === 'quickstart');

const json = (run: BlockRun) => JSON.parse(run.stdout.trim().split('\n')[0]!);

/**
 * What each block must achieve, beyond running cleanly (every command exiting 0, nothing on
 * stderr). `shell` reads the variables the block set.
 */
const CHECKS: Record<string, (run: BlockRun, shell: ShellSession) => Promise<void> | void> = {
  async token(_run, shell) {
    expect(await shell.value('TOKEN')).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]*$/);
  },
  async signup(run, shell) {
    const { signup } = json(run).data;
    expect(signup).toMatchObject({
      orgId: expect.stringMatching(/^org_/),
      secret: expect.stringMatching(/^sk_live_/),
      apiKey: { access: 'FULL_ACCESS', rateLimitPerMinute: 20 },
    });
    expect(await shell.value('ORG')).toBe(signup.orgId);
    expect(await shell.value('KEY')).toBe(signup.secret);
  },
  verify(run) {
    expect(json(run)).toMatchObject({ valid: true, key_id: expect.stringMatching(/^key_/), access: 'full_access', expires_at: null });
  },
  async mint(run, shell) {
    const { mintKey } = json(run).data;
    expect(mintKey.apiKey).toMatchObject({ name: 'Reporting', access: 'READ_ONLY', rateLimitPerMinute: 120 });
    expect(await shell.value('READ_KEY')).toBe(mintKey.secret);
    expect(await shell.value('READ_KEY_ID')).toBe(mintKey.apiKey.id);
  },
  async list(run, shell) {
    const keys = json(run).data.apiKeys as { id: string; access: string; status: string }[];
    expect(keys).toHaveLength(2);
    expect(keys).toContainEqual(expect.objectContaining({ id: await shell.value('READ_KEY_ID'), access: 'READ_ONLY', status: 'ACTIVE' }));
  },
  async 'current-key'(run, shell) {
    expect(json(run).data.currentKey).toMatchObject({ id: await shell.value('READ_KEY_ID'), access: 'READ_ONLY' });
  },
  revoke(run) {
    expect(json(run).data.revokeKey).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(String) });
  },
  'verify-revoked'(run) {
    expect(json(run)).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.any(String) } });
  },
  'service-key'(run) {
    expect(json(run).data.mintKey.apiKey).toMatchObject({ name: 'Billing service', rateLimitPerMinute: 6000 });
  },
  'rate-limited'(run) {
    expect(run.stdout).toMatch(/^HTTP\/1\.1 429 /m);
    expect(run.stdout).toMatch(/^retry-after: \d+\r?$/im);
    expect(run.stdout).toContain('"code":"rate_limited"');
  },
};

let server: ChildProcess;
let output = '';
let url: string;
let auth: string;
let dataDir: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  const emulator = useAuthEmulator();
  auth = emulator.host;
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyhold-readme-'));
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      PORT: '0',
      DATA_DIR: dataDir,
      FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
      FIREBASE_PROJECT_ID: emulator.projectId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /Keyhold listening on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (found) resolve(found);
    };
    server.stdout!.on('data', look);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const shellEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: dataDir, LANG: 'C.UTF-8', ...extra });

function expectClean(block: ReadmeBlock, run: BlockRun): void {
  const report = `README line ${block.line} (${block.id}):\n${block.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
  expect(run.failed, report).toEqual([]);
  expect(run.status, report).toBe(0);
  expect(run.stderr, report).toBe('');
}

describe.skipIf(missing.length > 0)('the README quickstart, top to bottom', () => {
  it('has the blocks the checks expect, and a check for every block', () => {
    expect(quickstart.map((b) => b.name)).toEqual(Object.keys(CHECKS));
  });

  it('runs as written, each block doing what the README says', async () => {
    const shell = new ShellSession({ cwd: ROOT, env: shellEnv({ AUTH: auth, KEYHOLD_URL: url }) });
    const secrets: string[] = [];
    try {
      for (const block of quickstart) {
        const run = await shell.run(block.code);
        expectClean(block, run);
        await CHECKS[block.name]!(run, shell);
      }
      for (const name of ['TOKEN', 'KEY', 'READ_KEY', 'TINY']) secrets.push(await shell.value(name));

      // Step 1 again, as someone coming back later does: the user exists, a fresh token comes.
      const again = await shell.run(quickstart.find((b) => b.name === 'token')!.code);
      expectClean(quickstart[0]!, again);
      await CHECKS.token!(again, shell);
    } finally {
      shell.close();
    }
    // What the server logged meanwhile holds none of the secrets the quickstart handled.
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('step 1 with no emulator running says so plainly, without a stack trace', async () => {
    const shell = new ShellSession({ cwd: ROOT, env: shellEnv({ AUTH: '127.0.0.1:1', KEYHOLD_URL: url }) });
    try {
      const run = await shell.run(quickstart.find((b) => b.name === 'token')!.code);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/curl: \(7\)/);
      expect(run.stderr).toContain('pick: no answer at all');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(await shell.value('TOKEN')).toBe('');
    } finally {
      shell.close();
    }
  });
});
