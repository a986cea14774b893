// GraphiQL's own storage, less the request headers. `shouldPersistHeaders: false` keeps them out
// of the saved tabs, but its history plugin saves each run's headers anyway, and here they hold
// API keys and ID tokens. Every value GraphiQL stores goes through this: any `headers` in it is
// dropped before it reaches localStorage.
import type { Storage } from '@graphiql/toolkit';

export function headerFreeStorage(backing: globalThis.Storage): Storage {
  return {
    getItem: (key) => backing.getItem(key),
    setItem: (key, value) => backing.setItem(key, withoutHeaders(value)),
    removeItem: (key) => backing.removeItem(key),
    clear: () => backing.clear(),
    get length() {
      return backing.length;
    },
  };
}

function withoutHeaders(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  return JSON.stringify(parsed, (key, v: unknown) => (key === 'headers' ? undefined : v));
}
