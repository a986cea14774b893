import type { TypedDocumentString } from './generated/graphql.js';

/**
 * One client method: the document it sends, the root field whose value it returns, and how its
 * arguments become the document's variables. Declared with `byVariables`, `byInput`, `byId` or
 * `operation`, one line each, in operations.ts.
 */
export interface Operation<Args extends unknown[], Result> {
  readonly document: string;
  readonly field: string;
  readonly variables: (...args: Args) => Record<string, unknown>;
  /** Never set: carries the method's result type. */
  readonly __result?: Result;
}

type Document<R, V> = TypedDocumentString<R, V>;
/** Variables are optional for operations whose variables are all optional. */
type VariablesArgs<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/** `client.op(...args)`, arguments mapped to variables by `toVariables`. */
export function operation<R, V, F extends keyof R & string, Args extends unknown[]>(
  document: Document<R, V>,
  field: F,
  toVariables: (...args: Args) => V,
): Operation<Args, R[F]> {
  return { document: String(document), field, variables: toVariables as (...args: Args) => Record<string, unknown> };
}

/** `client.op(variables)`. */
export function byVariables<R, V, F extends keyof R & string>(document: Document<R, V>, field: F): Operation<VariablesArgs<V>, R[F]> {
  return operation(document, field, (...args: VariablesArgs<V>) => (args[0] ?? {}) as V);
}

/** `client.op(input)`, for an operation whose one variable is `input`. */
export function byInput<R, V extends { input: unknown }, F extends keyof R & string>(document: Document<R, V>, field: F): Operation<[input: V['input']], R[F]> {
  return operation(document, field, (input: V['input']) => ({ input }) as V);
}

/** `client.op(id)`, for an operation whose one variable is `id`. */
export function byId<R, V extends { id: string }, F extends keyof R & string>(document: Document<R, V>, field: F): Operation<[id: string], R[F]> {
  return operation(document, field, (id: string) => ({ id }) as V);
}

/** The method an Operation becomes on the client. */
export type MethodOf<O> = O extends Operation<infer Args, infer Result> ? (...args: Args) => Promise<Result> : never;
