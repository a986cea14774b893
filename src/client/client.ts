import type { TypedDocumentString } from './generated/graphql.js';
import type { MethodOf } from './operation.js';
import { OPERATIONS } from './operations.js';
import { execute, type TransportOptions } from './transport.js';

export type ClientOptions = TransportOptions;

/** One method per operation; each resolves to the operation's root field or rejects with a KeyholdError. */
export type KeyholdClient = { readonly [K in keyof typeof OPERATIONS]: MethodOf<(typeof OPERATIONS)[K]> } & {
  /** Any other document: its whole `data` object. */
  request<R = Record<string, unknown>, V extends Record<string, unknown> = Record<string, unknown>>(
    document: string | TypedDocumentString<R, V>,
    variables?: V,
  ): Promise<R>;
};

/**
 * A typed Keyhold GraphQL client.
 *
 *     const keyhold = createClient({ url: 'http://127.0.0.1:4000', getToken: () => idToken });
 *     const { secret, apiKey } = await keyhold.mintKey({ orgId, name: 'ci' });
 *
 * Refusals reject with KeyholdError (`code`: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
 * BAD_USER_INPUT, RATE_LIMITED, UNAVAILABLE); no answer at all with KeyholdConnectionError.
 */
export function createClient(options: ClientOptions): KeyholdClient {
  const settings = Object.freeze({ ...options });
  const client: Record<string, unknown> = {
    request: (document: unknown, variables: Record<string, unknown> = {}) => execute(settings, String(document), variables),
  };
  for (const [name, op] of Object.entries(OPERATIONS)) {
    client[name] = async (...args: never[]) => {
      const data = await execute(settings, op.document, (op.variables as (...a: never[]) => Record<string, unknown>)(...args));
      return data[op.field];
    };
  }
  return Object.freeze(client) as KeyholdClient;
}
