import { Schema, type Model } from 'mongoose';
import type { EventDraft } from './event.model.js';

/**
 * The transactional outbox, in its single-document form. A change and its event must never exist
 * one without the other, and neither the embedded database nor a standalone MongoDB has
 * transactions; but every single-document write is atomic everywhere. So a change is written as
 * one write of one document that also carries its event, in that document's `_outbox`; the relay
 * (EventLog) then moves the event into the `events` collection, and a sweep finds any document a
 * crash left with an event still aboard (`_outboxPending`, indexed).
 */
export interface OutboxFields {
  _outbox?: EventDraft[];
  _outboxPending?: boolean;
}

/** A mongoose schema plugin: the two fields, and the index the sweep reads. */
export function outboxPlugin(schema: Schema): void {
  schema.add({
    _outbox: { type: [Schema.Types.Mixed], default: undefined },
    _outboxPending: { type: Boolean, default: undefined },
  });
  // Not sparse: documents without the field are indexed as null, so `{_outboxPending: true}` is
  // an equality lookup on the index, on MongoDB and on the embedded database alike.
  schema.index({ _outboxPending: 1 });
}

/** A model whose schema has the outbox plugin (any document type: the relay reads only the outbox). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Model is invariant in its document type.
export type OutboxModel = Model<any>;

/**
 * `update` (operators only, no `$push` to `_outbox` of its own), also carrying `events` aboard
 * the document it changes: one atomic write. Typed as `update` is, so the model still checks it.
 */
export function withEvent<U extends object>(update: U, ...events: EventDraft[]): U {
  const u = update as Record<string, Record<string, unknown> | undefined>;
  return {
    ...update,
    $push: { ...u.$push, _outbox: events.length === 1 ? events[0] : { $each: events } },
    $set: { ...u.$set, _outboxPending: true },
  };
}

/** A new document carrying `events` aboard. */
export function insertWithEvent<T extends object>(doc: T, ...events: EventDraft[]): T & OutboxFields {
  return { ...doc, _outbox: events, _outboxPending: true };
}

/** Leaves the outbox out of what a read returns. */
export const WITHOUT_OUTBOX = { _outbox: 0, _outboxPending: 0 } as const;
