// `npm run dev`: the Auth Emulator plus the server wired to it, for frontend work with no
// Firebase project. The emulator's accounts are kept in DATA_DIR across restarts. Ctrl-C stops both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type ParsedConfig } from '../src/config/config.js';
import { EnvFileError, withEnvFile } from '../src/config/env-file.js';
import { AuthEmulatorStartError, DEFAULT_PROJECT_ID, isPortFree, startAuthEmulator, type AuthEmulator } from './auth-emulator.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = 'src/server.ts';
// The emulator's documented default: frontends configured for it work unchanged.
const PREFERRED_PORT = 9099;
const SERVER_STOP_GRACE_MS = 10_000;

async function main(): Promise<void> {
  // The same variables the server will parse (.env beneath the environment), read the same way.
  const { env } = withEnvFile(process.env);
  const config = loadConfig(env);
  const projectId = env.FIREBASE_PROJECT_ID ?? DEFAULT_PROJECT_ID;
  const existingHost = env.FIREBASE_AUTH_EMULATOR_HOST;
  let emulator: AuthEmulator | undefined;
  let host: string;
  if (existingHost) {
    await mustAnswer(existingHost);
    host = existingHost;
    say(`using the Auth Emulator already running at ${host} (FIREBASE_AUTH_EMULATOR_HOST)`);
  } else {
    const preferredFree = await isPortFree(PREFERRED_PORT);
    const started = Date.now();
    emulator = await startAuthEmulator({ projectId, port: preferredFree ? PREFERRED_PORT : undefined, dataDir: config.dataDir ?? undefined });
    host = emulator.host;
    if (!preferredFree) say(`port ${PREFERRED_PORT} is taken, so the Auth Emulator is on ${host} instead: use the export line below`);
    const kept = config.dataDir
      ? `accounts kept in ${path.join(config.dataDir, 'auth-emulator')} (${emulator.imported} imported)`
      : 'DATA_DIR=:memory:, so its accounts are gone at exit';
    say(`Auth Emulator on ${host}, project ${projectId}, started in ${((Date.now() - started) / 1000).toFixed(1)} s; ${kept}`);
  }
  say(`for the README's quickstart, in another terminal:\n\n    export AUTH=${host} KEYHOLD_URL=${keyholdUrl(config)}\n`);
  // The dashboard and the GraphQL IDE, rebuilt when web/ changed since the last build.
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });

  // One process (`--import tsx`, no CLI in between) in its own process group: Ctrl-C reaches
  // only us, and the server hears exactly one signal, the one we forward.
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    cwd: ROOT,
    detached: true,
    // The IPC channel closes if we die, even by SIGKILL: the server then stops too.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: host, FIREBASE_PROJECT_ID: projectId },
  });

  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number, signal: NodeJS.Signals = 'SIGTERM') => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${reason}: stopping${emulator && config.dataDir ? ' (saving the emulator’s accounts)' : ''}.`);
    await stopServer(server, signal);
    await emulator?.stop();
    process.exit(exitCode);
  };

  const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C means now. Leaving closes the emulator supervisor's stdin, which
      // takes the emulator down too (it still exports its accounts on the way).
      if (shuttingDown) {
        server.kill('SIGKILL');
        process.exit(EXIT_CODES[signal]);
      }
      void shutdown(`received ${signal}`, EXIT_CODES[signal], signal === 'SIGHUP' ? 'SIGTERM' : signal);
    });
  }
  server.once('exit', (code, signal) => {
    void shutdown(`the server exited (${signal ?? `code ${code}`})`, code ?? 1);
  });
  void emulator?.exited.then(() => {
    if (shuttingDown) return;
    say(`the Auth Emulator exited unexpectedly; its last output:\n${emulator?.output()}`);
    void shutdown('the Auth Emulator exited', 1);
  });
}

function say(line: string): void {
  console.error(`[dev] ${line}`);
}

/** Where the quickstart's commands reach the server: a wildcard HOST is reached on loopback. */
function keyholdUrl(config: ParsedConfig): string {
  const host = ['0.0.0.0', '::', '[::]'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${config.http.port}`;
}

/** An emulator named by FIREBASE_AUTH_EMULATOR_HOST must be there: otherwise every sign-in would fail later, obscurely. */
async function mustAnswer(host: string): Promise<void> {
  try {
    const res = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { authEmulator?: { ready?: boolean } };
    if (body.authEmulator?.ready) return;
  } catch {
    /* reported below */
  }
  throw new DevError(`FIREBASE_AUTH_EMULATOR_HOST=${host}, but no Auth Emulator answers there: start it, or unset the variable and npm run dev starts one.`);
}

async function stopServer(server: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill(signal);
  const timer = setTimeout(() => server.kill('SIGKILL'), SERVER_STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

class DevError extends Error {}

main().catch((error: unknown) => {
  // Expected failures get one line, as the server's own start-up does; anything else its stack.
  if (error instanceof ConfigError) for (const problem of error.problems) console.error(`[dev] configuration error: ${problem}`);
  else if (error instanceof DevError || error instanceof EnvFileError || error instanceof AuthEmulatorStartError) say(error.message);
  else console.error(error);
  process.exit(1);
});
