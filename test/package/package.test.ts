// What a service installs: the subpath exports built to JavaScript with declarations (the build's
// own settings, for the tools only), each loading in plain Node (no tsx) and importing nothing
// of the server: no mongoose, firebase-admin, graphql or Apollo; fastify only for keyhold/fastify.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../client/schema.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
};
// Under node_modules, so the built files resolve the package's dependencies as an install would.
const OUT = path.join(ROOT, 'node_modules', '.cache', `keyhold-package-test-${process.pid}`);
const BUILTINS = new Set(builtinModules);

/** Each subpath export, its built entry, and the npm packages it may load at run time. */
const ENTRIES = {
  './client': [],
  './verify': [],
  './express': [],
  './fastify': ['fastify-plugin'],
} as const satisfies Record<string, readonly string[]>;
const CLI_ENTRY = 'dist/cli/main.js';

const built = (distPath: string) => path.join(OUT, distPath.replace(/^\.\//, ''));
const target = (name: string) => pkg.exports[name] as { types: string; default: string };

/** The npm packages a built module loads, following its relative imports (tsc's output is plain ESM). */
function npmImportsOf(entry: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(entry)) return packages;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const [, spec] of text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm)) {
    if (spec!.startsWith('.')) for (const p of npmImportsOf(path.resolve(path.dirname(entry), spec!), seen)) packages.add(p);
    else if (!BUILTINS.has(spec!.replace(/^node:/, ''))) packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
  }
  for (const [, spec] of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) packages.add(`dynamic:${spec}`);
  return packages;
}

beforeAll(async () => {
  // The tools alone, with tsconfig.build.json's settings (declarations included): what
  // `npm run build` emits for them, without compiling the whole server again.
  const sources = [...Object.keys(ENTRIES).map((name) => target(name).default), `./${CLI_ENTRY}`].map((p) =>
    path.join(ROOT, p.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')),
  );
  await mkdir(OUT, { recursive: true });
  // Laid out as the installed package is: package.json beside dist/.
  await copyFile(path.join(ROOT, 'package.json'), path.join(OUT, 'package.json'));
  const tsconfig = path.join(OUT, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { outDir: path.join(OUT, 'dist'), rootDir: path.join(ROOT, 'src'), sourceMap: false },
      include: [],
      files: sources,
    }),
  );
  await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { cwd: ROOT });
}, 180_000);
afterAll(() => rm(OUT, { recursive: true, force: true }));

describe('the subpath exports', () => {
  it('are keyhold/client, keyhold/verify, keyhold/express and keyhold/fastify, each with types', () => {
    expect(
      Object.keys(pkg.exports)
        .filter((name) => name !== './package.json')
        .sort(),
    ).toEqual(Object.keys(ENTRIES).sort());
    for (const name of Object.keys(ENTRIES)) {
      expect(existsSync(built(target(name).default)), `${name} → ${target(name).default}`).toBe(true);
      expect(existsSync(built(target(name).types)), `${name} → ${target(name).types}`).toBe(true);
    }
  });

  it.each(Object.entries(ENTRIES))('%s loads in plain Node and imports only %j from npm', async (name, allowed) => {
    const entry = built(target(name).default);

    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(m).sort()))`,
    ]);

    expect(JSON.parse(stdout).length).toBeGreaterThan(0);
    expect([...npmImportsOf(entry)].sort()).toEqual([...allowed].sort());
  });

  it('keyhold/client and keyhold/verify export what the README shows', async () => {
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const c = await import(${JSON.stringify(built(target('./client').default))}); const v = await import(${JSON.stringify(built(target('./verify').default))});
       const e = await import(${JSON.stringify(built(target('./express').default))}); const f = await import(${JSON.stringify(built(target('./fastify').default))});
       console.log(JSON.stringify([typeof c.createClient, typeof c.KeyholdError, typeof v.createVerifier, typeof e.keyhold, typeof f.default]))`,
    ]);

    expect(JSON.parse(stdout)).toEqual(['function', 'function', 'function', 'function', 'function']);
  });

  it('leave out what the package does not depend on: every npm import is a dependency', () => {
    for (const name of Object.keys(ENTRIES)) {
      for (const dep of npmImportsOf(built(target(name).default))) expect(pkg.dependencies, `${name} imports ${dep}`).toHaveProperty([dep]);
    }
    for (const dep of npmImportsOf(built(`./${CLI_ENTRY}`))) expect(pkg.dependencies, `the CLI imports ${dep}`).toHaveProperty([dep]);
  });
});

describe('the built CLI', () => {
  it('is what bin/keyhold.js runs when there is no source, and imports only commander from npm', async () => {
    expect(pkg.bin).toEqual({ keyhold: 'bin/keyhold.js' });
    expect([...npmImportsOf(built(`./${CLI_ENTRY}`))]).toEqual(['commander']);

    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(built(`./${CLI_ENTRY}`))}); const out = []; const code = await main(['check', 'sk_live_x'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async () => '', now: Date.now }, {}); console.log(JSON.stringify({ code, out }))`,
    ]);

    expect(JSON.parse(stdout)).toEqual({ code: 1, out: ['error: Not a valid Keyhold key: it has 9 characters, not 36.\n'] });
  });
});

describe('the declarations', () => {
  it('type a service that imports the subpaths by name (strict, with library checks on)', async () => {
    const consumer = path.join(OUT, 'consumer');
    await mkdir(path.join(consumer, 'node_modules'), { recursive: true });
    await symlink(OUT, path.join(consumer, 'node_modules', 'keyhold'), 'dir');
    await writeFile(
      path.join(consumer, 'service.mts'),
      `import express from 'express';
import Fastify from 'fastify';
import fastifyKeyhold from 'keyhold/fastify';
import { keyhold } from 'keyhold/express';
import { createVerifier, type KeyholdKey } from 'keyhold/verify';
import { createClient, KeyholdError, type ApiKey } from 'keyhold/client';

const app = express();
app.use(keyhold({ url: 'http://127.0.0.1:4000', failOpen: false }));
app.get('/orders', (req, res) => { const key: KeyholdKey | null | undefined = req.keyhold; res.json({ org: key?.orgId }); });
const f = Fastify();
await f.register(fastifyKeyhold, { url: 'http://127.0.0.1:4000', cacheTtlMs: 500 });
f.get('/x', async (request) => request.keyhold?.access);
const decision = await createVerifier({ url: 'http://127.0.0.1:4000' }).check({ method: 'GET', headers: {} });
if (!decision.allowed) console.log(decision.status, decision.body.error.code);
const client = createClient({ url: 'http://127.0.0.1:4000', getToken: async () => 'token' });
const keys: ApiKey[] = await client.apiKeys({ orgId: 'org_x' });
const minted = await client.mintKey({ orgId: 'org_x', name: 'ci', access: 'READ_ONLY' });
const code: 'NOT_FOUND' | string = new KeyholdError({ code: 'NOT_FOUND', message: '' }).code;
console.log(keys.length, minted.secret.length, code);
// @ts-expect-error: the access is one of the schema's
await client.mintKey({ orgId: 'org_x', name: 'ci', access: 'EVERYTHING' });
`,
    );
    await writeFile(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        files: ['service.mts'],
      }),
    );

    const result = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(consumer, 'tsconfig.json')]).catch(
      (err: { stdout: string }) => err,
    );

    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 120_000);
});

describe('npm pack', () => {
  it('ships the bin, the built tools, the core they use and the schema: no sources, tests, scripts or maps', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);

    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/keyhold.js', 'schema/schema.graphql']));
    for (const file of files) {
      expect(file, file).toMatch(
        /^(package\.json|README\.md|LICENSE|bin\/keyhold\.js|schema\/schema\.graphql|dist\/(cli|client|middleware|core)\/.+\.(js|d\.ts))$/,
      );
    }
  }, 60_000);
});
