import { Schema, type Connection, type Model } from 'mongoose';
import type { EventAction, EventActor, WebhookEventType } from '../core/events.js';

/** What a change is about: `{type: 'api_key', id: 'key_…'}`, `{type: 'member', id: uid}`, … */
export interface EventTarget {
  readonly type: string;
  readonly id: string;
}

/**
 * An event as its change carries it, in the changed document's outbox, until the relay moves it
 * into the `events` collection. Nothing in it is secret: a key is named by id and prefix only.
 */
export interface EventDraft {
  _id: string; // evt_…
  orgId: string;
  action: EventAction;
  /** Listed by the audit log (false for announcements that are not changes: key.expiring…). */
  audit: boolean;
  actor: EventActor;
  target: EventTarget | null;
  ip: string | null;
  userAgent: string | null;
  /** The `X-Request-Id` the caller saw. */
  requestId: string | null;
  occurredAt: Date;
  /** The Standard Webhooks body's `type` and `data`; null when the action is not announced. */
  webhook: { type: WebhookEventType; data: Record<string, unknown> } | null;
  /** Retention: a TTL index removes the event at this time (AUDIT_RETENTION_DAYS after it occurred). */
  expiresAt: Date;
}

/** Where an event is in its life after it landed: fanned out to webhooks, followed up. */
export type Stage = 'pending' | 'done' | 'none';

export interface EventDoc extends EventDraft {
  /** When it landed in `events` (the relay's clock): the audit log's order. */
  recordedAt: Date;
  /** Webhook fan-out: pending until deliveries exist for every subscribed endpoint. */
  fanout: Stage;
  /** A follow-up registered for its action (EventLog.onRecorded): pending until it has run once. */
  followUp: Stage;
}

const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    action: { type: String, required: true },
    audit: { type: Boolean, required: true },
    actor: { type: { type: String, required: true }, id: { type: String, required: true } },
    target: { type: Schema.Types.Mixed, default: null },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
    requestId: { type: String, default: null },
    occurredAt: { type: Date, required: true },
    webhook: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
    fanout: { type: String, required: true, enum: ['pending', 'done', 'none'] },
    followUp: { type: String, required: true, enum: ['pending', 'done', 'none'] },
  },
  { versionKey: false, collection: 'events' },
);
// The audit log: an organization's events, newest first.
eventSchema.index({ orgId: 1, recordedAt: -1, _id: -1 });
// Work queues, found by equality (the embedded database answers those from the index).
eventSchema.index({ fanout: 1 });
eventSchema.index({ followUp: 1 });
// Retention: MongoDB removes an event once its expiresAt has passed.
eventSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type EventModel = Model<EventDoc>;

export function eventModel(conn: Connection): EventModel {
  return conn.model<EventDoc>('Event', eventSchema);
}
