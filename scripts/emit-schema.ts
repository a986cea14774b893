// `npm run schema`: writes schema/schema.graphql from the code, the SDL frontends and docs read.
// `npm run schema -- --check` only reports whether the committed file is current (exit 1 if not).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyholdSdl } from '../src/app/schema.js';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'schema.graphql');

async function main(): Promise<void> {
  const sdl = await keyholdSdl();
  if (process.argv.includes('--check')) {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (committed === sdl) return;
    console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} differs from the code; run npm run schema`);
    process.exitCode = 1;
    return;
  }
  await writeFile(SCHEMA_FILE, sdl);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

await main();
