// `npm start` with the Auth Emulator refuses to listen beyond loopback: the emulator accepts
// unsigned tokens, so such a server would let anyone on the network sign in as anyone.
// The real entry point (src/server.ts under tsx), as an operator meets it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c;
    // A server that started anyway is stopped at once: the test has its answer.
    if (stdout.includes('Keyhold listening on')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('HOST=0.0.0.0 with FIREBASE_AUTH_EMULATOR_HOST set', () => {
  it('stops the process at start with one line naming HOST and the way out', async () => {
    const result = await run({ HOST: '0.0.0.0', PORT: '0', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' });

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^keyhold: configuration error: HOST must be a loopback address .* set ALLOW_INSECURE_DEV_HOST=1 to listen there anyway\)$/),
    ]);
    expect(result.stdout).toBe('');
  });
});
