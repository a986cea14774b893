// TypeScript types from Keyhold's SDL, for the dashboard: enums as string unions, object types
// as interfaces (every field, nullable ones `| null`), inputs with optional nullable fields, and
// per field with arguments an `…Args` type. Operations pick the fields they select from these.
// A few lines with graphql's own schema walker rather than GraphQL Code Generator and its
// plugins: the shared typed client of the SDK will replace this file, and the dashboard only
// needs the shapes.
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLType,
} from 'graphql';

const SCALARS: Record<string, string> = { ID: 'string', String: 'string', Boolean: 'boolean', Int: 'number', Float: 'number', DateTime: 'string' };

export function webSchemaTypes(sdl: string): string {
  const schema = buildSchema(sdl);
  const out: string[] = [
    '// Generated from schema/schema.graphql by `npm run schema`: do not edit.',
    '/* eslint-disable */',
    '',
    '/** An ISO-8601 date-time string, as Keyhold sends and accepts it. */',
    'export type DateTime = string;',
  ];
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && !(isScalarType(t) && t.name in SCALARS))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    out.push('');
    if (type.description) out.push(doc(type.description, ''));
    if (isEnumType(type)) {
      out.push(
        `export type ${type.name} = ${type
          .getValues()
          .map((v) => `'${v.name}'`)
          .join(' | ')};`,
      );
      out.push(
        `export const ${type.name}Values = [${type
          .getValues()
          .map((v) => `'${v.name}'`)
          .join(', ')}] as const;`,
      );
    } else if (isObjectType(type)) {
      const fields = Object.values(type.getFields());
      out.push(`export interface ${type.name} {`, ...fields.map((f) => member(f, false)), '}');
      for (const f of fields.filter((f) => f.args.length > 0)) {
        out.push('', `export interface ${type.name}${capitalise(f.name)}Args {`, ...f.args.map((a) => member(a, true)), '}');
      }
    } else if (isInputObjectType(type)) {
      out.push(`export interface ${type.name} {`, ...Object.values(type.getFields()).map((f) => member(f, true)), '}');
    } else if (isScalarType(type)) {
      out.push(`export type ${type.name} = unknown;`);
    }
  }
  return `${out.join('\n')}\n`;
}

function member(f: GraphQLField<unknown, unknown> | GraphQLInputField | GraphQLArgument, input: boolean): string {
  // An input value with a default, or a nullable one, may be left out.
  const optional = input && (!isNonNullType(f.type) || ('defaultValue' in f && f.defaultValue !== undefined));
  const comment = f.description ? `${doc(f.description, '  ')}\n` : '';
  return `${comment}  ${f.name}${optional ? '?' : ''}: ${tsType(f.type)};`;
}

function tsType(type: GraphQLType): string {
  if (isNonNullType(type)) return strict(type.ofType);
  return `${strict(type)} | null`;
}

function strict(type: GraphQLType): string {
  if (isListType(type)) return `Array<${tsType(type.ofType)}>`;
  if (isNonNullType(type)) return strict(type.ofType);
  const named = getNamedType(type);
  return SCALARS[named.name] ?? named.name;
}

function doc(text: string, indent: string): string {
  const lines = text.split('\n');
  return lines.length === 1 ? `${indent}/** ${lines[0]} */` : [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`].join('\n');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
