import mongoose from 'mongoose';
import type { Clock } from '../core/clock.js';
import { eventActorOf, isAudited, SYSTEM_ACTOR, webhookActor, webhookTypeOf, type EventAction, type EventActor } from '../core/events.js';
import { newAuditEventId } from '../core/ids.js';
import type { RequestContext } from '../core/request-context.js';
import type { Logger } from '../logging/logger.js';
import type { EventDoc, EventDraft, EventModel, EventTarget } from './event.model.js';
import type { OutboxFields, OutboxModel } from './outbox.js';

export interface EventLogDeps {
  readonly events: EventModel;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long events are kept (AUDIT_RETENTION_DAYS). */
  readonly retentionDays: number;
  /** How often the sweep looks for events a crash left aboard their documents. */
  readonly sweepEveryMs?: number;
}

export interface DraftInput {
  readonly orgId: string;
  readonly action: EventAction;
  readonly target?: EventTarget | null;
  /** The webhook body's `data` (its `actor` is added); ignored for actions that are not announced. */
  readonly data?: Record<string, unknown> | null;
  /** Who did it; by default the request's principal (SYSTEM when there is none). */
  readonly actor?: EventActor;
}

/** Work an event's action calls for once it is recorded; run at least once, so it must be idempotent. */
export type FollowUp = (event: EventDoc) => Promise<void>;

interface Source {
  readonly model: OutboxModel;
  /** Documents that are tombstones: deleted once their outbox is empty. */
  readonly purge?: Record<string, unknown>;
}

const SWEEP_BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Events: drafted from a request context, carried by their change (src/events/outbox.ts), relayed
 * into the `events` collection (the audit log, and the webhook fan-out's queue), and followed up.
 * Services relay right after their write, before answering; the sweep relays whatever a crash
 * left aboard, on every instance (every step is idempotent, so instances may race).
 */
export class EventLog {
  private readonly sources = new Map<string, Source>();
  private readonly followUps = new Map<EventAction, FollowUp>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly deps: EventLogDeps) {}

  /**
   * A model whose documents carry events (its schema has the outbox plugin). `purge` names its
   * tombstones (`{removedAt: {$ne: null}}`, say): deleted once their events are relayed.
   */
  register(model: OutboxModel, opts: { purge?: Record<string, unknown> } = {}): void {
    const purge =
      opts.purge && Object.fromEntries(Object.entries(opts.purge).map(([k, v]) => [k, v !== null && typeof v === 'object' ? mongoose.trusted(v) : v]));
    this.sources.set(model.collection.collectionName, { model, purge });
  }

  onRecorded(action: EventAction, followUp: FollowUp): void {
    this.followUps.set(action, followUp);
  }

  /** The event of a change `ctx` asked for, ready to ride in the change's write. */
  draft(ctx: RequestContext | null, input: DraftInput): EventDraft {
    const actor = input.actor ?? actorOf(ctx);
    const occurredAt = this.deps.clock.now();
    const type = webhookTypeOf(input.action);
    return {
      _id: newAuditEventId(),
      orgId: input.orgId,
      action: input.action,
      audit: isAudited(input.action),
      actor,
      target: input.target ?? null,
      ip: ctx?.ip || null,
      userAgent: ctx?.userAgent ?? null,
      requestId: ctx?.requestId ?? null,
      occurredAt: new Date(occurredAt),
      webhook: type && input.data ? { type, data: { ...input.data, actor: webhookActor(actor) } } : null,
      expiresAt: new Date(occurredAt + this.deps.retentionDays * DAY_MS),
    };
  }

  /** Records an event that is not carried by a change (access.denied, key.expiring, webhook.test). */
  async record(event: EventDraft): Promise<void> {
    await this.land([event]);
  }

  /** Moves the events aboard one document into `events`, then runs their follow-ups. */
  async relay(model: OutboxModel, id: string): Promise<void> {
    const doc = (await model.findById(id, { _outbox: 1 }).lean().exec()) as OutboxFields | null;
    const events = doc?._outbox ?? [];
    if (events.length > 0) {
      const landed = await this.land(events);
      const ids = events.map((e) => e._id);
      await model.updateOne({ _id: id }, { $pull: { _outbox: { _id: { $in: ids } } } }).exec();
      await this.runFollowUps(landed);
    }
    // Guarded: an event pushed meanwhile keeps the document pending.
    await model
      .updateOne(
        { _id: id, $or: [{ _outbox: mongoose.trusted({ $size: 0 }) }, { _outbox: mongoose.trusted({ $exists: false }) }] },
        { $unset: { _outbox: 1, _outboxPending: 1 } },
      )
      .exec();
    const source = this.sources.get(model.collection.collectionName);
    if (source?.purge) {
      await model.deleteOne({ _id: id, ...source.purge, _outboxPending: mongoose.trusted({ $exists: false }) }).exec();
    }
  }

  /** Relays every document a crash left with events aboard, and reruns unfinished follow-ups. */
  async sweep(): Promise<{ relayed: number; followedUp: number }> {
    let relayed = 0;
    for (const { model } of this.sources.values()) {
      const pending = (await model.find({ _outboxPending: true }, { _id: 1 }).limit(SWEEP_BATCH).lean().exec()) as { _id: string }[];
      for (const { _id } of pending) {
        await this.relay(model, _id);
        relayed += 1;
      }
    }
    const unfinished = await this.deps.events.find({ followUp: 'pending' }).limit(SWEEP_BATCH).lean().exec();
    await this.runFollowUps(unfinished);
    return { relayed, followedUp: unfinished.length };
  }

  /** Sweeps at start, then every `sweepEveryMs`; never again once stopped. */
  start(): void {
    if (this.stopped) return;
    const every = this.deps.sweepEveryMs ?? 5_000;
    const tick = () => {
      this.sweeping ??= this.sweep()
        .catch((err: Error) => this.deps.logger.warn({ err: { name: err.name, message: err.message } }, 'event sweep failed; will retry'))
        .finally(() => (this.sweeping = undefined));
    };
    tick();
    this.timer ??= setInterval(tick, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Inserts events into `events`; one already there (a relay that raced another) is no error. */
  private async land(drafts: readonly EventDraft[]): Promise<EventDoc[]> {
    const recordedAt = new Date(this.deps.clock.now());
    const docs: EventDoc[] = drafts.map((d) => ({
      ...d,
      recordedAt,
      fanout: d.webhook ? 'pending' : 'none',
      followUp: this.followUps.has(d.action) ? 'pending' : 'none',
    }));
    try {
      await this.deps.events.insertMany(docs, { ordered: false });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
    return docs;
  }

  private async runFollowUps(events: readonly EventDoc[]): Promise<void> {
    for (const event of events) {
      const followUp = this.followUps.get(event.action);
      if (!followUp || event.followUp !== 'pending') continue;
      try {
        await followUp(event);
        await this.deps.events.updateOne({ _id: event._id }, { $set: { followUp: 'done' } }).exec();
      } catch (err) {
        // Left pending: the next sweep runs it again.
        this.deps.logger.warn(
          { eventId: event._id, action: event.action, err: { name: (err as Error).name, message: (err as Error).message } },
          'event follow-up failed; will retry',
        );
      }
    }
  }
}

function actorOf(ctx: RequestContext | null): EventActor {
  const p = ctx?.principal;
  if (p?.kind === 'user') return eventActorOf({ type: 'user', id: p.uid });
  if (p?.kind === 'apiKey') return eventActorOf({ type: 'apiKey', id: p.key.id });
  return SYSTEM_ACTOR;
}

/** An insertMany error made only of duplicate keys: every event is in `events` already. */
function onlyDuplicates(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
  if (e.code === 11000 && !e.writeErrors) return true;
  return Array.isArray(e.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => (w.code ?? w.err?.code) === 11000);
}
