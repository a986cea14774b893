// A process that makes one change carrying its event, then dies (SIGKILL) before relaying it:
// the crash the outbox exists for. Run by outbox.crash.test.ts with the database URI and names.
import mongoose from 'mongoose';
import { internalContext } from '../../src/core/request-context.js';
import { EventLog } from '../../src/events/event-log.service.js';
import { eventModel } from '../../src/events/event.model.js';
import { withEvent } from '../../src/events/outbox.js';
import { createLogger } from '../../src/logging/logger.js';
import { widgetModel } from './widgets.js';

async function main(): Promise<void> {
  const [uri, dbName, widgetId] = process.argv.slice(2) as [string, string, string];
  const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  const widgets = widgetModel(conn);
  const log = new EventLog({ events: eventModel(conn), clock: { now: () => Date.now() }, logger: createLogger({ level: 'silent' }), retentionDays: 365 });
  const event = log.draft(internalContext({ kind: 'user', uid: 'crash-user' }, 'req-crash'), {
    orgId: 'org_crash',
    action: 'key.revoked',
    target: { type: 'api_key', id: widgetId },
  });
  await widgets.updateOne({ _id: widgetId }, withEvent({ $set: { state: 'changed' } }, event)).exec();
  process.stdout.write(`${event._id}\n`);
  // The change is acknowledged; the relay never runs.
  process.kill(process.pid, 'SIGKILL');
}

void main();
