// The GraphQL client for the signed-in person, and a hook that loads one query with its
// loading and error states.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import type { ApiError, GraphQLClient } from '../api/client.js';
import type { Operation } from '../api/operations.js';

export const ApiContext = createContext<GraphQLClient | null>(null);

export function useApi(): GraphQLClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiContext');
  return client;
}

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly error: ApiError } | { readonly state: 'ready'; readonly data: T };

/** Runs `op` now and whenever its variables change; `reload` runs it again. */
export function useQuery<TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables): [Load<TData>, () => void] {
  const client = useApi();
  const [load, setLoad] = useState<Load<TData>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    setLoad((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    void client.request(op, JSON.parse(key) as TVariables).then((result) => {
      if (!current) return;
      setLoad(result.ok ? { state: 'ready', data: result.data } : { state: 'error', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [client, op, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [load, reload];
}
