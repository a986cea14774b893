/** What a key may do: READ_ONLY keys are held to GET, HEAD and OPTIONS at /verify. */
export const KEY_ACCESS = ['FULL_ACCESS', 'READ_ONLY'] as const;
export type KeyAccessValue = (typeof KEY_ACCESS)[number];

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

/** Status is derived, never stored: a key becomes EXPIRED by the clock alone. */
export function keyStatus(key: KeyRecord, nowMs: number): KeyStatusValue {
  if (key.revokedAt) return 'REVOKED';
  if (key.expiresAt && key.expiresAt.getTime() <= nowMs) return 'EXPIRED';
  return 'ACTIVE';
}
