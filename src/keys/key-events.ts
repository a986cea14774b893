import { keyStatus, type KeyRecord } from '../core/key-record.js';
import type { EventTarget } from '../events/event.model.js';

export function keyTarget(key: Pick<KeyRecord, 'id'>): EventTarget {
  return { type: 'api_key', id: key.id };
}

/**
 * A `key.*` webhook body's `data` (its `actor` is added by the event log), in the REST API's
 * spelling (snake_case, lowercase values, as /verify answers). A key is named by id and its
 * 12-character prefix: never its secret or hash.
 */
export function keyEventData(key: KeyRecord, nowMs: number): Record<string, unknown> {
  return {
    key_id: key.id,
    org_id: key.orgId,
    project_id: null,
    name: key.name,
    prefix: key.prefix,
    access: key.access === 'READ_ONLY' ? 'read_only' : 'full_access',
    status: keyStatus(key, nowMs).toLowerCase(),
    expires_at: key.expiresAt ? key.expiresAt.toISOString() : null,
  };
}
