// `npm run build`, then `node dist/server.js` — what the Docker image runs — serves the same
// endpoints as `npm start`: the build holds everything the server needs at run time.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const elsewhere = mkdtempSync(path.join(tmpdir(), 'keyhold-dist-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

it('npm run build, then node dist/server.js from another directory, serves and stops cleanly', async () => {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT });

  // From another working directory, as a process manager or the image may start it.
  const server = spawn(process.execPath, [path.join(ROOT, 'dist/server.js')], {
    cwd: elsewhere,
    env: { PATH: process.env.PATH ?? '', HOME: elsewhere, PORT: '0', DATA_DIR: ':memory:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stderr.on('data', (c: Buffer) => (output += c));
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (c: Buffer) => {
      output += c;
      const found = /Keyhold listening on (http:\/\/[^\s"]+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    void exited.then((code) => reject(new Error(`dist/server.js exited (${code}):\n${output}`)));
  });

  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  expect((await fetch(`${url}/docs/`)).status).toBe(200);
  expect(await (await fetch(`${url}/openapi.json`)).json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  const gql = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(await gql.json()).toEqual({ data: { __typename: 'Query' } });
  expect(await (await fetch(`${url}/verify`)).json()).toMatchObject({ valid: false, error: { code: 'missing_api_key' } });

  server.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('Keyhold stopped');
}, 120_000);
