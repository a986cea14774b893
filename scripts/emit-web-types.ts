// `npm run schema` runs this after emit-schema: writes web/src/api/schema.generated.ts, the
// TypeScript types of schema/schema.graphql that the dashboard's GraphQL calls are typed with.
// `--check` only reports whether the committed file is current (exit 1 if not).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webSchemaTypes } from './web-schema-types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = path.join(ROOT, 'schema', 'schema.graphql');
export const WEB_TYPES_FILE = path.join(ROOT, 'web', 'src', 'api', 'schema.generated.ts');

async function main(): Promise<void> {
  const types = webSchemaTypes(await readFile(SCHEMA_FILE, 'utf8'));
  const relative = path.relative(process.cwd(), WEB_TYPES_FILE);
  if (process.argv.includes('--check')) {
    if ((await readFile(WEB_TYPES_FILE, 'utf8').catch(() => '')) === types) return;
    console.error(`${relative} differs from schema/schema.graphql; run npm run schema`);
    process.exitCode = 1;
    return;
  }
  await writeFile(WEB_TYPES_FILE, types);
  console.log(`wrote ${relative}`);
}

await main();
