// The client's types come from schema/schema.graphql: the checked-in generated file must be what
// `npm run codegen` makes of the schema and the client's operations today, and the client must
// offer every operation the schema has.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import config, { GENERATED_FILE } from '../../scripts/codegen.config.js';
import { OPERATIONS } from '../../src/client/operations.js';
import { PENDING } from '../../src/client/pending.js';
import { ROOT, SCHEMA, schemaHas } from './schema.js';

describe('the generated client types', () => {
  it('are what `npm run codegen` makes of schema/schema.graphql now (run it when this fails)', async () => {
    const [output] = await generate({ ...config, cwd: ROOT }, false);
    const file = path.join(ROOT, GENERATED_FILE);
    const formatted = await format(output!.content, { ...(await resolveConfig(file)), filepath: file });

    expect(output?.filename).toBe(GENERATED_FILE);
    expect(readFileSync(file, 'utf8')).toBe(formatted);
  }, 60_000);
});

describe('the client', () => {
  const rootFields = [...Object.keys(SCHEMA.getQueryType()?.getFields() ?? {}), ...Object.keys(SCHEMA.getMutationType()?.getFields() ?? {})];

  it('has one method per query and mutation of the schema (a new one: operations.graphql, codegen, operations.ts)', () => {
    expect(rootFields.length).toBeGreaterThan(0);
    const missing = rootFields.filter((field) => !(field in OPERATIONS));
    expect(missing, 'schema operations without a client method').toEqual([]);
  });

  it('sends each operation for the root field its method returns', () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      expect(op.field, name).toBe(name);
      expect(op.document, name).toMatch(new RegExp(`\\b${name}\\(|\\b${name}\\s*\\{`));
    }
  });

  it('types by hand only what the schema does not have yet (move each to operations.graphql once it does)', () => {
    for (const mutation of PENDING.mutations) expect(schemaHas(`Mutation.${mutation}`), `Mutation.${mutation} is in the schema now`).toBe(false);
    for (const [input, fields] of Object.entries(PENDING.inputFields)) {
      for (const field of fields) expect(schemaHas(`${input}.${field}`), `${input}.${field} is in the schema now`).toBe(false);
    }
  });
});
