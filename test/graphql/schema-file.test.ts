import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  astFromValue,
  buildSchema,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { keyholdSdl } from '../../src/app/schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA_FILE = path.resolve(here, '../../schema/schema.graphql');
const CONTRACT_FILE = path.resolve(here, 'contract.graphql');

/** A schema with descriptions stripped: every type, field, argument, default and nullability. */
function shape(schema: GraphQLSchema): Record<string, unknown> {
  const input = (v: GraphQLArgument | GraphQLInputField) => {
    const literal = v.defaultValue === undefined ? undefined : astFromValue(v.defaultValue, v.type);
    return { type: String(v.type), default: literal ? print(literal) : null };
  };
  const out: Record<string, unknown> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (isObjectType(type)) {
      out[type.name] = {
        kind: 'type',
        fields: Object.fromEntries(
          Object.values(type.getFields()).map((f) => [f.name, { type: String(f.type), args: Object.fromEntries(f.args.map((a) => [a.name, input(a)])) }]),
        ),
      };
    } else if (isInputObjectType(type)) {
      out[type.name] = { kind: 'input', fields: Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, input(f)])) };
    } else if (isEnumType(type)) {
      out[type.name] = { kind: 'enum', values: type.getValues().map((v) => v.name) };
    } else if (isScalarType(type)) {
      out[type.name] = { kind: 'scalar' };
    } else {
      out[type.name] = { kind: 'other' };
    }
  }
  return out;
}

describe('schema/schema.graphql', () => {
  it('is exactly the SDL the code generates', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '(missing)');
    const generated = await keyholdSdl();
    expect(committed, 'schema/schema.graphql differs from the code: run `npm run schema` and commit the file').toBe(generated);
  });
});

describe('the generated schema against the contract', () => {
  it('has exactly the contract’s types, fields, arguments, defaults and nullability', async () => {
    const code = shape(buildSchema(await keyholdSdl()));
    const contract = shape(buildSchema(await readFile(CONTRACT_FILE, 'utf8')));
    expect(Object.keys(code).sort()).toEqual(Object.keys(contract).sort());
    expect(code).toEqual(contract);
  });

  it('says on every field that carries a secret whether it is shown once', async () => {
    const schema = buildSchema(await keyholdSdl());
    expect(fields(schema, 'SignupPayload').secret.description).toMatch(/shown once/i);
    expect(fields(schema, 'MintKeyPayload').secret.description).toMatch(/shown once/i);
    expect(fields(schema, 'SignupPayload').webhookSecret.description).toMatch(/treat it as a secret/i);
    expect(fields(schema, 'ApiKey').prefix.description).toMatch(/first 12 characters/);
  });

  it('names the date scalar DateTime', async () => {
    const schema = buildSchema(await keyholdSdl());
    expect(isScalarType(schema.getType('DateTime'))).toBe(true);
    expect(String(fields(schema, 'ApiKey').createdAt.type)).toBe('DateTime!');
  });
});

function fields(schema: GraphQLSchema, name: string) {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
  return type.getFields();
}
