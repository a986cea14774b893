// Fault injection: a process writes a change carrying its event, is killed (SIGKILL) before it
// relays it, and the next process's sweep lands the event exactly once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newKeyId } from '../../src/core/ids.js';
import { EventLog } from '../../src/events/event-log.service.js';
import { eventModel } from '../../src/events/event.model.js';
import { createLogger } from '../../src/logging/logger.js';
import { startTarget, uniqueDbName, type Target } from '../embedded-db/target.js';
import { widgetModel } from './widgets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let target: Target;
let conn: Connection;
const dbName = uniqueDbName('events_crash');

beforeAll(async () => {
  target = await startTarget();
  conn = await mongoose.createConnection(target.uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
});
afterAll(async () => {
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await target.close();
});

function runCrashingWriter(widgetId: string): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/events/crash-writer.ts', target.uri, dbName, widgetId], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve({ signal, stdout, stderr })));
}

it('a change whose writer died before relaying keeps its event, and the next sweep lands it once', { timeout: 30_000 }, async () => {
  const widgets = widgetModel(conn);
  const events = eventModel(conn);
  const id = newKeyId();
  await widgets.create({ _id: id, state: 'new' });

  const run = await runCrashingWriter(id);
  expect(run.signal, run.stderr).toBe('SIGKILL');
  const eventId = run.stdout.trim();
  expect(eventId).toMatch(/^evt_/);
  // The change is there, its event aboard, and not yet in `events`.
  expect(await widgets.findById(id).lean().exec()).toMatchObject({ state: 'changed', _outboxPending: true });
  expect(await events.countDocuments({ _id: eventId }).exec()).toBe(0);

  const log = new EventLog({ events, clock: { now: () => Date.now() }, logger: createLogger({ level: 'silent' }), retentionDays: 365 });
  log.register(widgets);
  expect(await log.sweep()).toMatchObject({ relayed: 1 });
  await log.sweep();
  expect(await events.find({ _id: eventId }).lean().exec()).toEqual([
    expect.objectContaining({ action: 'key.revoked', requestId: 'req-crash', actor: { type: 'USER', id: 'crash-user' } }),
  ]);
  expect(await widgets.findById(id).lean().exec()).not.toHaveProperty('_outboxPending');
});
