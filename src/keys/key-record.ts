import type { ApiKeyDoc, KeyAccessValue } from './api-key.model.js';

/** An API key as the rest of the code sees it: everything but the hash. */
export interface KeyRecord {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly prefix: string;
  readonly access: KeyAccessValue;
  readonly rateLimitPerMinute: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export type KeyStatusValue = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

export function toKeyRecord(doc: Omit<ApiKeyDoc, 'hash'> & { hash?: string }): KeyRecord {
  return Object.freeze({
    id: doc._id,
    orgId: doc.orgId,
    name: doc.name,
    prefix: doc.prefix,
    access: doc.access,
    rateLimitPerMinute: doc.rateLimitPerMinute,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt ?? null,
    revokedAt: doc.revokedAt ?? null,
    lastUsedAt: doc.lastUsedAt ?? null,
  });
}

/** Status is derived, never stored: a key becomes EXPIRED by the clock alone. */
export function keyStatus(key: KeyRecord, nowMs: number): KeyStatusValue {
  if (key.revokedAt) return 'REVOKED';
  if (key.expiresAt && key.expiresAt.getTime() <= nowMs) return 'EXPIRED';
  return 'ACTIVE';
}

/** Fields read for a key everywhere: the hash never leaves the database layer. */
export const KEY_PROJECTION = { hash: 0 } as const;
