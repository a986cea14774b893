import { calculateObjectSize, Long } from 'bson';
import { CommandError } from './errors.js';
import type { Doc } from './values.js';

/** As mongod: a first batch of 101 documents unless asked otherwise, every batch under 16 MiB. */
const DEFAULT_FIRST_BATCH = 101;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** mongod's cursorTimeoutMillis: an abandoned cursor is reaped after ten idle minutes. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  readonly ns: string;
  readonly docs: Doc[];
  position: number;
  lastUsed: number;
}

export interface CursorReply extends Doc {
  cursor: { id: Long; ns: string; firstBatch?: Doc[]; nextBatch?: Doc[] };
  ok: 1;
}

export interface OpenOptions {
  batchSize?: number;
  singleBatch?: boolean;
}

/**
 * Server-side cursors over already computed results. A command materialises its result
 * once; the cursor only hands it out in batches, which keeps every command synchronous.
 */
export class CursorRegistry {
  private readonly open = new Map<bigint, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  /** The command's reply: the first batch, and a live cursor id only if more remains. */
  start(ns: string, docs: Doc[], opts: OpenOptions = {}): CursorReply {
    this.reap();
    const cursor: OpenCursor = { ns, docs, position: 0, lastUsed: Date.now() };
    const batch = takeBatch(cursor, opts.batchSize ?? DEFAULT_FIRST_BATCH);
    // batchSize 0 asks for an open cursor and no work yet, even when nothing would follow.
    const keepOpen = !opts.singleBatch && (cursor.position < docs.length || opts.batchSize === 0);
    let id = 0n;
    if (keepOpen) {
      id = ++this.nextId;
      this.open.set(id, cursor);
    }
    return { cursor: { firstBatch: batch, id: Long.fromBigInt(id), ns }, ok: 1 };
  }

  more(id: Long, ns: string, batchSize: number | undefined): CursorReply {
    const key = id.toBigInt();
    const cursor = this.open.get(key);
    if (!cursor) throw new CommandError('CursorNotFound', `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw new CommandError('Unauthorized', `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.open.delete(key);
    return { cursor: { nextBatch: batch, id: Long.fromBigInt(exhausted ? 0n : key), ns }, ok: 1 };
  }

  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toBigInt()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  clear(): void {
    this.open.clear();
  }

  private reap(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, cursor] of this.open) if (cursor.lastUsed < cutoff) this.open.delete(id);
  }
}

function takeBatch(cursor: OpenCursor, count: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  while (batch.length < count && cursor.position < cursor.docs.length) {
    const doc = cursor.docs[cursor.position];
    bytes += calculateObjectSize(doc);
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}
