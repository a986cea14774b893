import type { Logger } from '../logging/logger.js';
import type { Clock } from '../core/clock.js';
import type { ApiKeyModel } from './api-key.model.js';

/**
 * Records successful key use without a database write per request: uses are coalesced in memory
 * and written in one bulk update, each key at most once per interval; pending writes are flushed
 * on shutdown. `$max` keeps a late flush from moving lastUsedAt backwards.
 */
export class LastUsedRecorder {
  private readonly pending = new Map<string, number>();
  private readonly written = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { apiKeys: ApiKeyModel; clock: Clock; logger: Logger; intervalMs: number }) {}

  touch(keyId: string): void {
    this.pending.set(keyId, this.deps.clock.now());
  }

  /** Starts the background flush; the first use of a key is written within about a second. */
  start(tickMs = 1000): void {
    this.timer ??= setInterval(() => void this.flushDue(), tickMs);
    this.timer.unref();
  }

  /** Writes the pending uses whose key has not been written within the interval. */
  async flushDue(): Promise<number> {
    const now = this.deps.clock.now();
    for (const [id, at] of this.written) if (now - at >= this.deps.intervalMs) this.written.delete(id);
    return this.write([...this.pending].filter(([id]) => !this.written.has(id)));
  }

  /** Writes every pending use, whatever the interval: for shutdown. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.write([...this.pending]);
  }

  private async write(due: [string, number][]): Promise<number> {
    if (due.length === 0) return 0;
    const now = this.deps.clock.now();
    for (const [id] of due) {
      this.pending.delete(id);
      this.written.set(id, now);
    }
    try {
      await this.deps.apiKeys.bulkWrite(
        due.map(([id, at]) => ({ updateOne: { filter: { _id: id }, update: { $max: { lastUsedAt: new Date(at) } } } })),
        { ordered: false },
      );
    } catch (err) {
      // Losing a lastUsedAt refresh is harmless; put them back so the next flush retries.
      for (const [id, at] of due) if (!this.pending.has(id)) this.pending.set(id, at);
      for (const [id] of due) this.written.delete(id);
      this.deps.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message }, keys: due.length }, 'lastUsedAt flush failed; will retry');
    }
    return due.length;
  }
}
