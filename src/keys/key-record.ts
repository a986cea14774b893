import type { KeyRecord } from '../core/key-record.js';
import type { ApiKeyDoc } from './api-key.model.js';

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

/** Fields read for a key everywhere: the hash never leaves the database layer (nor does the outbox). */
export const KEY_PROJECTION = { hash: 0, _outbox: 0, _outboxPending: 0 } as const;
