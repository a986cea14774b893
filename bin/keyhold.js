#!/usr/bin/env node
// The `keyhold` command. In a clone it runs the TypeScript source through tsx (a devDependency),
// so `npx keyhold …` works without a build; installed from the package it runs the compiled dist/.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
let entry;
if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api').catch(() => ({ tsImport: undefined }));
  if (tsImport) entry = await tsImport(source.href, import.meta.url);
}
entry ??= await import('../dist/cli/main.js').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  process.stderr.write('keyhold: neither tsx (npm ci) nor a build (npm run build) is here to run the CLI.\n');
  process.exit(1);
});

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text;
  },
  now: () => Date.now(),
};
process.exitCode = await entry.main(process.argv.slice(2), io, process.env);
