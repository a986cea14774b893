// What schema/schema.graphql has today: tests of phase-2 operations run once it has them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, isInputObjectType, isObjectType } from 'graphql';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA = buildSchema(readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));

/** Whether the schema has `Type.field` (an object type's field or an input type's field). */
export function schemaHas(coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.');
  const type = SCHEMA.getType(typeName!);
  if (!type || !fieldName) return false;
  if (isObjectType(type) || isInputObjectType(type)) return fieldName in type.getFields();
  return false;
}

/** The reason a test waits, in its title. */
export const until = (coordinate: string): string => (schemaHas(coordinate) ? '' : ` [skipped until the server has ${coordinate}]`);
