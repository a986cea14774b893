import type { KeyRecord } from './key-record.js';

/** Who is calling, decided once per request by authentication. */
export type Principal = { readonly kind: 'anonymous' } | { readonly kind: 'user'; readonly uid: string } | { readonly kind: 'apiKey'; readonly key: KeyRecord };

export type PrincipalKind = Principal['kind'];

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/** Who did something, as logs (and the audit log) name them: a person's uid or a key's id. */
export type Actor = { readonly type: 'user'; readonly id: string } | { readonly type: 'apiKey'; readonly id: string };

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

/** The person calling, when it is one: whose memberships to read. */
export function uidOf(p: Principal): string | null {
  return p.kind === 'user' ? p.uid : null;
}

/** The key calling, when it is one. */
export function keyOf(p: Principal): KeyRecord | null {
  return p.kind === 'apiKey' ? p.key : null;
}
