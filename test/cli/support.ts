// The CLI as people run it: `bin/keyhold.js` in a child process, with its own config directory
// and nothing from the developer's environment but PATH and TMPDIR.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/keyhold.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliHome {
  /** The directory standing for $HOME. */
  readonly home: string;
  /** `$XDG_CONFIG_HOME/keyhold`. */
  readonly configDir: string;
  readonly credentialsFile: string;
  /** Runs `keyhold …args` with this home; `env` adds or overrides variables. */
  run(args: readonly string[], opts?: { env?: Record<string, string | undefined>; input?: string }): Promise<CliResult>;
  credentials(): Promise<{ logins: Record<string, { token: string; email?: string; uid?: string; expiresAt?: string }> }>;
}

/** A throwaway home for the CLI, removed after the file's tests; `url` becomes KEYHOLD_URL. */
export function useCliHome(url: () => string): CliHome {
  let home: string | undefined;
  const started = () => {
    if (!home) throw new Error('useCliHome: use it inside a test');
    return home;
  };
  const ready = mkdtemp(path.join(tmpdir(), 'keyhold-cli-')).then((dir) => (home = dir));
  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });
  return {
    get home() {
      return started();
    },
    get configDir() {
      return path.join(started(), 'config', 'keyhold');
    },
    get credentialsFile() {
      return path.join(started(), 'config', 'keyhold', 'credentials.json');
    },
    async run(args, opts = {}) {
      const dir = await ready;
      return runCli(args, { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), KEYHOLD_URL: url(), ...opts.env }, opts.input);
    },
    async credentials() {
      return JSON.parse(await readFile(this.credentialsFile, 'utf8'));
    },
  };
}

export function runCli(args: readonly string[], env: Record<string, string | undefined>, input = ''): Promise<CliResult> {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '', TMPDIR: process.env.TMPDIR ?? tmpdir() };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) clean[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: clean, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Lines of a table, split into cells on runs of two or more spaces. */
export function cells(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}
