import type { Actor } from './principal.js';

/**
 * What happened, as the audit log names it: one action per change (and `access.denied` for a
 * refused management call). The contract's list, in its order.
 */
export const AUDIT_ACTIONS = [
  'org.created',
  'api.enabled',
  'key.minted',
  'key.revoked',
  'key.rolled',
  'key.updated',
  'key.disabled',
  'key.enabled',
  'key.deleted',
  'key.exposed',
  'member.invited',
  'invitation.revoked',
  'invitation.accepted',
  'member.role_changed',
  'member.removed',
  'project.created',
  'webhook.endpoint_created',
  'webhook.endpoint_updated',
  'webhook.endpoint_deleted',
  'webhook.secret_rotated',
  'access.denied',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What webhook endpoints can subscribe to: the contract's event catalogue. */
export const WEBHOOK_EVENT_TYPES = [
  'key.created',
  'key.revoked',
  'key.rolled',
  'key.updated',
  'key.disabled',
  'key.enabled',
  'key.expiring',
  'key.expired',
  'key.exposed',
  'member.invited',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Events that are not changes anyone made, and so are not audited: only announced. */
export const SYSTEM_EVENTS = ['key.expiring', 'key.expired', 'webhook.test'] as const satisfies readonly WebhookEventType[];
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** Every `action` an event may carry. */
export type EventAction = AuditAction | SystemEvent;

// Audit actions that are announced to webhook endpoints, and under which type; the others
// (org.created, api.enabled, key.deleted, projects, webhooks' own changes, access.denied) are not.
const ANNOUNCED: Partial<Record<AuditAction, WebhookEventType>> = {
  'key.minted': 'key.created',
  'key.revoked': 'key.revoked',
  'key.rolled': 'key.rolled',
  'key.updated': 'key.updated',
  'key.disabled': 'key.disabled',
  'key.enabled': 'key.enabled',
  'key.exposed': 'key.exposed',
  'member.invited': 'member.invited',
  'invitation.accepted': 'member.joined',
  'member.role_changed': 'member.role_changed',
  'member.removed': 'member.removed',
};

/** The webhook type an action is announced as, or null when it is not announced. */
export function webhookTypeOf(action: EventAction): WebhookEventType | null {
  if ((SYSTEM_EVENTS as readonly string[]).includes(action)) return action as SystemEvent;
  return ANNOUNCED[action as AuditAction] ?? null;
}

export function isAudited(action: EventAction): action is AuditAction {
  return !(SYSTEM_EVENTS as readonly string[]).includes(action);
}

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** Who did it, as the audit log and webhook bodies name them. */
export type EventActorType = 'USER' | 'API_KEY' | 'SYSTEM';
export interface EventActor {
  readonly type: EventActorType;
  readonly id: string;
}

export const SYSTEM_ACTOR: EventActor = Object.freeze({ type: 'SYSTEM', id: 'keyhold' });

export function eventActorOf(actor: Actor): EventActor {
  return { type: actor.type === 'user' ? 'USER' : 'API_KEY', id: actor.id };
}

/** The webhook body's spelling of an actor: `{"type":"user"|"api_key"|"system","id"}`. */
export function webhookActor(actor: EventActor): { type: 'user' | 'api_key' | 'system'; id: string } {
  return { type: actor.type === 'USER' ? 'user' : actor.type === 'API_KEY' ? 'api_key' : 'system', id: actor.id };
}
