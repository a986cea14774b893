// Starts the Firebase Auth Emulator from the local firebase-tools, offline and on free ports.
// The one launcher behind `npm run dev` and the test suite's global setup.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareEmulatorData, promoteExport } from './emulator-data.js';

export const DEFAULT_PROJECT_ID = 'demo-keyhold';
const LOOPBACK = '127.0.0.1';
const OUTPUT_LINES_KEPT = 200;
const OUTPUT_LINES_SHOWN = 40;
// firebase-tools exports the accounts (npm run dev) as it stops: give it time to finish.
const STOP_GRACE_MS = 15_000;

export interface StartAuthEmulatorOptions {
  /** A `demo-…` id keeps firebase-tools from looking for a real project or credentials. */
  projectId?: string;
  /** Fixed auth port; the start fails if it is taken. Omitted: a free port. */
  port?: number;
  /** Bound on the wait for the emulator to answer HTTP. */
  timeoutMs?: number;
  /**
   * Keep the accounts across runs in `<dataDir>/auth-emulator/` (imported at start, exported at a
   * clean exit; see emulator-data.ts). Omitted: nothing is kept.
   */
  dataDir?: string;
}

export interface AuthEmulator {
  /** `127.0.0.1:PORT`, the form `FIREBASE_AUTH_EMULATOR_HOST` takes. */
  host: string;
  projectId: string;
  /** Accounts imported from the data directory at start (0 without one). */
  imported: number;
  /** Recent emulator output, for diagnosing a failure. */
  output(): string;
  /** Settles when the emulator's process tree has gone, for whatever reason. */
  exited: Promise<void>;
  /** Stops the whole process tree and removes the temporary config; safe to call twice. */
  stop(): Promise<void>;
}

export class AuthEmulatorStartError extends Error {
  override name = 'AuthEmulatorStartError';
}

/** A port the OS just handed out, closed again so firebase-tools can bind it. */
export async function findFreePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function startAuthEmulator(options: StartAuthEmulatorOptions = {}): Promise<AuthEmulator> {
  // Ports chosen here can be taken by someone else before firebase-tools binds them; only
  // that race is worth another attempt, and only when no port was imposed on us.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options);
    } catch (error) {
      const portRace = error instanceof AuthEmulatorStartError && /port taken|EADDRINUSE/i.test(error.message);
      if (!portRace || attempt >= attempts) throw error;
    }
  }
}

async function launch(options: StartAuthEmulatorOptions): Promise<AuthEmulator> {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [authPort, hubPort, loggingPort, closedPort] = await Promise.all([options.port ?? findFreePort(), findFreePort(), findFreePort(), findFreePort()]);
  const host = `${LOOPBACK}:${authPort}`;

  // firebase-tools writes firebase-debug.log into its cwd and a hub locator file into TMPDIR,
  // and reads and writes a configstore under HOME: all of it goes to a throwaway directory.
  const workDir = await mkdtemp(path.join(tmpdir(), 'keyhold-auth-emulator-'));
  const configPath = path.join(workDir, 'firebase.json');
  const bind = (port: number) => ({ host: LOOPBACK, port });
  await writeFile(
    configPath,
    JSON.stringify({
      emulators: {
        singleProjectMode: true,
        auth: bind(authPort),
        // The hub (4400) and logging (4500) defaults collide with anything else on this
        // machine; the UI would take 4000, Keyhold's own port.
        hub: bind(hubPort),
        logging: bind(loggingPort),
        ui: { enabled: false },
      },
    }),
  );

  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  const data = dataDir === undefined ? undefined : await prepareEmulatorData(dataDir);
  const persistence = data ? [...(data.importFrom ? ['--import', data.importFrom] : []), '--export-on-exit', data.exportTo] : [];
  const child = spawnSupervised([firebaseBin(), 'emulators:start', '--only', 'auth', '--project', projectId, '--config', configPath, ...persistence], {
    cwd: workDir,
    env: offlineEnv(workDir, closedPort),
  });
  const output = captureOutput(child);
  // A child that fails to spawn emits 'error' and never 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let childGone = false;
  void exited.then(() => (childGone = true));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (!childGone) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      // The supervisor leaves only after firebase-tools did; this sweeps any grandchild
      // that outlived them both.
      killGroup(child, 'SIGKILL');
      await rm(workDir, { recursive: true, force: true });
      // The export written at exit becomes the one the next start imports.
      if (dataDir !== undefined) await promoteExport(dataDir);
    })());

  try {
    await waitUntilReady(host, timeoutMs, () => childGone, output.allReady);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new AuthEmulatorStartError(
      `Firebase Auth Emulator did not start on ${host}: ${reason}\n` + `--- last emulator output ---\n${output.tail(OUTPUT_LINES_SHOWN)}`,
    );
  }
  return { host, projectId, imported: data?.accounts ?? 0, output: () => output.tail(OUTPUT_LINES_KEPT), exited, stop };
}

function firebaseBin(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('firebase-tools/package.json');
  const { bin } = require(pkgPath) as { bin: { firebase: string } };
  return path.join(path.dirname(pkgPath), bin.firebase);
}

/** Everything firebase-tools 15 consults before it would touch the network or the user's home. */
function offlineEnv(workDir: string, closedPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: workDir,
    XDG_CONFIG_HOME: path.join(workDir, '.config'),
    TMPDIR: workDir,
    // Skips the MOTD fetch from firebase-public.firebaseio.com and, through is-ci, the
    // update-notifier check against the npm registry.
    CI: 'true',
    NO_UPDATE_NOTIFIER: '1',
    // On start it POSTs to the SQL Connect VS Code extension on localhost:40001; aim that at
    // a port nobody listens on.
    VSCODE_WEBHOOK_PORT: String(closedPort),
  };
  // DEBUG makes firebase-tools verbose and keep its debug log; a credential is never needed
  // for a demo- project, so none is handed over.
  for (const name of ['DEBUG', 'FIREBASE_TOKEN', 'GOOGLE_APPLICATION_CREDENTIALS', 'FIREBASE_AUTH_EMULATOR_HOST']) {
    delete env[name];
  }
  return env;
}

// A small parent for firebase-tools, leading its own process group so one signal reaches
// the whole tree. Its stdin is a pipe from us: if we die without calling stop() (SIGKILL,
// Ctrl-C on a test run, which never reaches a detached group), the pipe closes and it takes
// the emulator and its temporary directory down with it. Its cwd is that directory.
const SUPERVISOR = `
process.title = 'keyhold-auth-emulator';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
// Its output passes through us rather than straight to our parent: once the parent is gone a
// write to its pipe would fail, and firebase-tools would die of it in the middle of its export.
const child = spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
let orphaned = false;
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
  to.on('error', () => {});
  from.on('data', (chunk) => { if (!orphaned) to.write(chunk); });
}
const group = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
child.on('exit', (code) => {
  if (orphaned) rmSync(process.cwd(), { recursive: true, force: true });
  process.exit(code ?? 1);
});
child.on('error', (error) => { console.error(String(error)); process.exit(1); });
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
process.stdin.on('end', () => {
  orphaned = true;
  group('SIGTERM');
  setTimeout(() => group('SIGKILL'), ${STOP_GRACE_MS});
});
process.stdin.resume();
`;

function spawnSupervised(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  const child = spawn(process.execPath, ['-e', SUPERVISOR, ...args], {
    ...opts,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The emulator must never be what keeps the caller's process alive.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

// firebase-tools prints this once every emulator is up and has finished its --import.
const ALL_READY = /All emulators ready/;

function captureOutput(child: ChildProcess): { tail(lines: number): string; allReady: () => boolean } {
  const lines: string[] = [];
  let partial = '';
  let allReady = false;
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    if (parts.some((line) => ALL_READY.test(line))) allReady = true;
    lines.push(...parts);
    if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  child.once('error', (error) => lines.push(`spawn failed: ${error.message}`));
  return {
    tail: (n) =>
      [...lines, partial]
        .filter((line) => line.trim() !== '')
        .slice(-n)
        .join('\n'),
    allReady: () => allReady,
  };
}

/**
 * Ready means the emulator answers as itself *and* firebase-tools has said so: its HTTP server
 * reports ready before an --import has been loaded, and a sign-in then finds no account.
 */
async function waitUntilReady(host: string, timeoutMs: number, gone: () => boolean, announced: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone()) throw new Error('the emulator process exited');
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
      const body = (await response.json()) as { authEmulator?: { ready?: boolean } };
      // Checking the body, not just the status, tells the emulator apart from a squatter.
      if (response.ok && body.authEmulator?.ready && announced()) return;
      lastProblem = response.ok ? 'accounts still being imported' : `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms (${lastProblem})`);
}
