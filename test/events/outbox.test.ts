// The outbox: a change and its event are one write; the relay moves the event into `events`
// exactly once, whatever races it, and the sweep finds what a crash left aboard.
import mongoose, { type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { internalContext } from '../../src/core/request-context.js';
import { newKeyId } from '../../src/core/ids.js';
import { EventLog } from '../../src/events/event-log.service.js';
import { eventModel, type EventDoc, type EventModel } from '../../src/events/event.model.js';
import { insertWithEvent, withEvent } from '../../src/events/outbox.js';
import { createLogger } from '../../src/logging/logger.js';
import { startTarget, uniqueDbName, type Target } from '../embedded-db/target.js';
import { widgetModel, type WidgetDoc } from './widgets.js';

let target: Target;
let conn: Connection;
let widgets: Model<WidgetDoc>;
let events: EventModel;
const clock = new ManualClock(Date.UTC(2030, 0, 1));
const ada = internalContext({ kind: 'user', uid: 'ada' }, 'req-1');

const logger = createLogger({ level: 'silent' });

function eventLog(): EventLog {
  const log = new EventLog({ events, clock, logger, retentionDays: 365 });
  log.register(widgets, { purge: { removedAt: { $ne: null } } });
  return log;
}

async function widget(state = 'new'): Promise<string> {
  const id = newKeyId();
  await widgets.create({ _id: id, state });
  return id;
}

const landed = (filter: Record<string, unknown> = {}) => events.find(filter).lean<EventDoc[]>().exec();

beforeAll(async () => {
  target = await startTarget();
  conn = await mongoose.createConnection(target.uri, { dbName: uniqueDbName('events'), serverSelectionTimeoutMS: 5000 }).asPromise();
  widgets = widgetModel(conn);
  events = eventModel(conn);
  await Promise.all([widgets.createIndexes(), events.createIndexes()]);
});
afterAll(async () => {
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await target.close();
});
beforeEach(async () => {
  await Promise.all([widgets.deleteMany({}).exec(), events.deleteMany({}).exec()]);
});

describe('a change and its event', () => {
  it('are one write; the relay lands the event with who, where and when, and empties the outbox', async () => {
    const log = eventLog();
    const id = await widget();
    const event = log.draft(
      { ...ada, ip: '203.0.113.7', userAgent: 'curl/8' },
      { orgId: 'org_a', action: 'key.revoked', target: { type: 'api_key', id }, data: { key_id: id } },
    );
    await widgets.updateOne({ _id: id }, withEvent({ $set: { state: 'revoked' } }, event)).exec();
    const aboard = await widgets.findById(id).lean().exec();
    expect(aboard).toMatchObject({ state: 'revoked', _outboxPending: true, _outbox: [expect.objectContaining({ _id: event._id })] });

    await log.relay(widgets, id);
    const [doc] = await landed();
    expect(doc).toMatchObject({
      _id: event._id,
      orgId: 'org_a',
      action: 'key.revoked',
      audit: true,
      actor: { type: 'USER', id: 'ada' },
      target: { type: 'api_key', id },
      ip: '203.0.113.7',
      userAgent: 'curl/8',
      requestId: 'req-1',
      webhook: { type: 'key.revoked', data: { key_id: id, actor: { type: 'user', id: 'ada' } } },
      fanout: 'pending',
      followUp: 'none',
    });
    expect(doc!.occurredAt.getTime()).toBe(clock.now());
    expect(doc!.expiresAt.getTime()).toBe(clock.now() + 365 * 86_400_000);
    const after = await widgets.findById(id).lean().exec();
    expect(after).not.toHaveProperty('_outbox');
    expect(after).not.toHaveProperty('_outboxPending');
  });

  it('an insert carries its event the same way; an action that is not announced has no webhook', async () => {
    const log = eventLog();
    const id = newKeyId();
    const event = log.draft(ada, { orgId: 'org_a', action: 'org.created', target: { type: 'organization', id: 'org_a' }, data: { ignored: true } });
    await widgets.create(insertWithEvent({ _id: id, state: 'new' }, event));
    await log.relay(widgets, id);
    expect(await landed()).toEqual([expect.objectContaining({ _id: event._id, action: 'org.created', webhook: null, fanout: 'none' })]);
  });

  it('a write that fails carries no event: the two exist together or not at all', async () => {
    const log = eventLog();
    const id = await widget();
    const event = log.draft(ada, { orgId: 'org_a', action: 'key.revoked' });
    const clash = await widgets.create(insertWithEvent({ _id: id, state: 'again' }, event)).catch((e: unknown) => e);
    expect((clash as { code?: number }).code).toBe(11000);
    expect(await log.sweep()).toEqual({ relayed: 0, followedUp: 0 });
    expect(await landed()).toEqual([]);
  });

  it('relayed twice, or by two instances at once, lands once', async () => {
    const [one, two] = [eventLog(), eventLog()];
    const id = await widget();
    const event = one.draft(ada, { orgId: 'org_a', action: 'key.updated' });
    await widgets.updateOne({ _id: id }, withEvent({ $set: { state: 'x' } }, event)).exec();
    await Promise.all([one.relay(widgets, id), two.relay(widgets, id), one.sweep(), two.sweep()]);
    await one.relay(widgets, id);
    expect((await landed()).map((e) => e._id)).toEqual([event._id]);
  });

  it('no event is lost when changes land while their document is being relayed', async () => {
    const log = eventLog();
    const id = await widget();
    const written: string[] = [];
    for (let i = 0; i < 40; i++) {
      const event = log.draft(ada, { orgId: 'org_a', action: 'key.updated' });
      written.push(event._id);
      // The relay reads the outbox first; the change lands between its read and its clean-up.
      await Promise.all([log.relay(widgets, id), widgets.updateOne({ _id: id }, withEvent({ $set: { state: `s${i}` } }, event)).exec()]);
    }
    // Whatever the interleaving left aboard is still marked pending, so the sweep finds it.
    await log.sweep();
    expect((await landed()).map((e) => e._id).sort()).toEqual(written.sort());
    expect(await widgets.findById(id).lean().exec()).not.toHaveProperty('_outboxPending');
  });

  it('several events can ride one write', async () => {
    const log = eventLog();
    const id = await widget();
    const a = log.draft(ada, { orgId: 'org_a', action: 'org.created' });
    const b = log.draft(ada, { orgId: 'org_a', action: 'key.minted', data: { key_id: 'key_x' } });
    await widgets.updateOne({ _id: id }, withEvent({ $set: { state: 'y' } }, a, b)).exec();
    await log.relay(widgets, id);
    expect((await landed()).map((e) => e.action).sort()).toEqual(['key.minted', 'org.created']);
  });
});

describe('the sweep', () => {
  it('relays what a change left aboard when its process died before the relay', async () => {
    const log = eventLog();
    const ids = [await widget(), await widget()];
    const drafted = ids.map((id) => log.draft(ada, { orgId: 'org_a', action: 'key.disabled', target: { type: 'api_key', id } }));
    for (const [i, id] of ids.entries()) await widgets.updateOne({ _id: id }, withEvent({ $set: { state: 'off' } }, drafted[i]!)).exec();
    expect(await log.sweep()).toEqual({ relayed: 2, followedUp: 0 });
    expect((await landed()).map((e) => e._id).sort()).toEqual(drafted.map((e) => e._id).sort());
  });

  it('deletes a tombstone once its event is relayed, and keeps live documents', async () => {
    const log = eventLog();
    const gone = await widget();
    const kept = await widget();
    const removed = log.draft(ada, { orgId: 'org_a', action: 'member.removed' });
    await widgets.updateOne({ _id: gone }, withEvent({ $set: { removedAt: new Date(clock.now()) } }, removed)).exec();
    await widgets.updateOne({ _id: kept }, withEvent({ $set: { state: 'z' } }, log.draft(ada, { orgId: 'org_a', action: 'key.updated' }))).exec();
    await log.sweep();
    expect(await widgets.exists({ _id: gone })).toBeNull();
    expect(await widgets.exists({ _id: kept })).not.toBeNull();
    expect(await landed({ _id: removed._id })).toHaveLength(1);
  });
});

describe('follow-ups', () => {
  it('run once the event is recorded; one that fails stays pending and the sweep runs it again', async () => {
    const log = eventLog();
    const seen: string[] = [];
    let failures = 1;
    log.onRecorded('member.removed', async (event) => {
      if (failures-- > 0) throw new Error('the database went away');
      seen.push(event._id);
    });
    const id = await widget();
    const event = log.draft(ada, { orgId: 'org_a', action: 'member.removed' });
    await widgets.updateOne({ _id: id }, withEvent({ $set: { state: 'gone' } }, event)).exec();
    await log.relay(widgets, id);
    expect(seen).toEqual([]);
    expect(await landed({ _id: event._id })).toEqual([expect.objectContaining({ followUp: 'pending' })]);
    expect(await log.sweep()).toEqual({ relayed: 0, followedUp: 1 });
    expect(seen).toEqual([event._id]);
    expect(await landed({ _id: event._id })).toEqual([expect.objectContaining({ followUp: 'done' })]);
    await log.sweep();
    expect(seen).toEqual([event._id]);
  });
});

describe('events that are not changes', () => {
  it('are recorded directly; system announcements are not audited', async () => {
    const log = eventLog();
    await log.record(log.draft(ada, { orgId: 'org_a', action: 'access.denied', target: { type: 'api_key', id: 'key_y' } }));
    await log.record(log.draft(null, { orgId: 'org_a', action: 'key.expiring', data: { key_id: 'key_y' } }));
    const byAction = Object.fromEntries((await landed()).map((e) => [e.action, e]));
    expect(byAction['access.denied']).toMatchObject({ audit: true, webhook: null, actor: { type: 'USER', id: 'ada' } });
    expect(byAction['key.expiring']).toMatchObject({
      audit: false,
      actor: { type: 'SYSTEM' },
      webhook: { type: 'key.expiring', data: { key_id: 'key_y', actor: { type: 'system', id: 'keyhold' } } },
    });
  });
});
