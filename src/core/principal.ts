import type { KeyRecord } from '../keys/key-record.js';

/** Who is calling, decided once per request by authentication. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly uid: string }
  | { readonly kind: 'apiKey'; readonly key: KeyRecord };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/** A stable identity for per-caller rate limits and logs (never a secret). */
export function principalId(p: Principal, fallback: string): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.uid}`;
    case 'apiKey':
      return `key:${p.key.id}`;
    case 'anonymous':
      return `ip:${fallback}`;
  }
}
