// `npm run dev`: the Auth Emulator plus the server wired to it, for frontend work with no
// Firebase project. Ctrl-C stops both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROJECT_ID, isPortFree, startAuthEmulator, type AuthEmulator } from './auth-emulator.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_ENTRY = 'src/server.ts';
// The emulator's documented default: frontends configured for it work unchanged.
const PREFERRED_PORT = 9099;
const SERVER_STOP_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const projectId = process.env.FIREBASE_PROJECT_ID ?? DEFAULT_PROJECT_ID;
  const existingHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  let emulator: AuthEmulator | undefined;
  let host: string;
  if (existingHost) {
    host = existingHost;
  } else {
    const port = (await isPortFree(PREFERRED_PORT)) ? PREFERRED_PORT : undefined;
    const started = Date.now();
    emulator = await startAuthEmulator({ projectId, port });
    host = emulator.host;
    console.error(`[dev] Auth Emulator started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(howToGetAToken(host, projectId, emulator === undefined));
  // The dashboard and the GraphQL IDE, rebuilt when web/ changed since the last build.
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });

  const server = existsSync(path.join(ROOT, SERVER_ENTRY))
    ? // One process (`--import tsx`, no CLI in between) in its own process group: Ctrl-C
      // reaches only us, and the server hears exactly one signal, the one we forward.
      spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: host, FIREBASE_PROJECT_ID: projectId },
      })
    : undefined;
  if (!server) console.error(`[dev] ${SERVER_ENTRY} does not exist yet: running the Auth Emulator alone.`);

  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number, signal: NodeJS.Signals = 'SIGTERM') => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.error(`[dev] ${reason}: stopping.`);
    if (server) await stopServer(server, signal);
    await emulator?.stop();
    process.exit(exitCode);
  };

  const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C means now. Leaving closes the emulator supervisor's stdin, which
      // takes the emulator down too.
      if (shuttingDown) {
        server?.kill('SIGKILL');
        process.exit(EXIT_CODES[signal]);
      }
      void shutdown(`received ${signal}`, EXIT_CODES[signal], signal === 'SIGHUP' ? 'SIGTERM' : signal);
    });
  }
  server?.once('exit', (code, signal) => {
    void shutdown(`the server exited (${signal ?? `code ${code}`})`, code ?? 1);
  });
  void emulator?.exited.then(() => {
    if (shuttingDown) return;
    console.error(`[dev] the Auth Emulator exited unexpectedly; its last output:\n${emulator?.output()}`);
    void shutdown('the Auth Emulator exited', 1);
  });
  // The emulator never holds a process open by itself; without a server, this does.
  if (!server) setInterval(() => {}, 1 << 30);
}

function howToGetAToken(host: string, projectId: string, reused: boolean): string {
  const body = JSON.stringify({ email: 'dev@example.com', password: 'password123', returnSecureToken: true });
  return (
    `[dev] Firebase Auth Emulator ${reused ? '(already running) ' : ''}at http://${host}, project ${projectId}; ` +
    `an ID token: curl -s 'http://${host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any' ` +
    `-H 'content-type: application/json' -d '${body}'   (idToken; signInWithPassword for an existing user)`
  );
}

async function stopServer(server: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill(signal);
  const timer = setTimeout(() => server.kill('SIGKILL'), SERVER_STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

main().catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
