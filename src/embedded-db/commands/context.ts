import { CommandError } from '../errors.js';
import type { CursorRegistry } from '../cursors.js';
import type { Store } from '../store.js';
import { isPlainObject, toInteger, type Doc } from '../values.js';

export interface ServerStats {
  readonly startedAt: Date;
  readonly currentConnections: () => number;
  readonly totalConnections: () => number;
}

export interface CommandContext {
  readonly store: Store;
  readonly cursors: CursorRegistry;
  readonly stats: ServerStats;
  readonly connectionId: number;
  readonly db: string;
  /** The command name exactly as sent (its first field). */
  readonly name: string;
  readonly cmd: Doc;
}

export type CommandHandler = (ctx: CommandContext) => Doc;

/** The collection a command names in its first field (`{find: "keys", …}`). */
export function collectionName(ctx: CommandContext): string {
  const name = ctx.cmd[ctx.name];
  if (typeof name !== 'string') {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${typeName(name)}`);
  }
  return name;
}

export function docArg(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'object'`);
  return v;
}

export function arrayArg(cmd: Doc, field: string): unknown[] {
  const v = cmd[field];
  if (!Array.isArray(v)) throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${typeName(v)}', expected type 'array'`);
  return v;
}

export function intArg(cmd: Doc, field: string, { min = 0 } = {}): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = toInteger(v);
  if (n === undefined)
    throw new CommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${typeName(v)}', expected types '[long, int, decimal, double]'`);
  if (n < min) throw new CommandError('BadValue', `BSON field '${field}' value must be >= ${min}, actual value '${n}'`);
  return n;
}

export function boolArg(cmd: Doc, field: string): boolean {
  return Boolean(cmd[field]);
}

export function typeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'object') return (v as { _bsontype?: string })._bsontype?.toLowerCase() ?? (v instanceof Date ? 'date' : 'object');
  return typeof v === 'boolean' ? 'bool' : typeof v;
}
