// The dashboard's GraphQL calls are typed from schema/schema.graphql and valid against it, so a
// schema change that breaks the dashboard fails here (and in `npm run typecheck`), not in a browser.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { webSchemaTypes } from '../../scripts/web-schema-types.js';
import { ALL_OPERATIONS } from '../../web/src/api/operations.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sdl = () => readFile(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8');

describe("the dashboard's GraphQL operations", () => {
  it.each(ALL_OPERATIONS.map((op) => [op.name, op] as const))('%s is valid against schema/schema.graphql', async (name, op) => {
    const document = parse(op.document);
    expect(validate(buildSchema(await sdl()), document)).toEqual([]);
    expect(document.definitions).toMatchObject([{ name: { value: name } }]);
  });

  it('are typed from web/src/api/schema.generated.ts, which matches the schema', async () => {
    const committed = await readFile(path.join(ROOT, 'web', 'src', 'api', 'schema.generated.ts'), 'utf8');
    expect(committed, 'web/src/api/schema.generated.ts is stale: run `npm run schema`').toBe(webSchemaTypes(await sdl()));
  });
});
