import type { StorageOp } from './records.js';

/** Writes several commands' changes in one atomic, durable transaction. */
export interface BatchWriter {
  write(commands: readonly (readonly StorageOp[])[]): Promise<void>;
}

export interface CommitStats {
  /** Disk commits (one sync each). */
  readonly commits: number;
  /** Commands whose changes they carried. */
  readonly commands: number;
}

interface Waiting {
  readonly ops: readonly StorageOp[];
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Group commit. One commit is written at a time; every command that finishes while it is
 * being written waits for the next one, which carries them all. So a burst of concurrent
 * writes costs a few syncs, not one each, and a lone write waits for one sync only.
 *
 * lmdb-js batches writes of one event turn by itself; this queue exists to know which
 * commands share a commit, and to refuse the ones queued behind a failed one (their changes
 * were made in memory on top of the lost ones).
 */
export class GroupCommit {
  private queued: Waiting[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private commits = 0;
  private commands = 0;

  constructor(
    private readonly writer: BatchWriter,
    /** Called when a commit fails, after every waiting command was refused. */
    private readonly onFailure: (err: Error) => void,
  ) {}

  /** Resolves once `ops` are durable; rejects if their commit fails. */
  submit(ops: readonly StorageOp[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ ops, resolve, reject });
      this.schedule();
    });
  }

  stats(): CommitStats {
    return { commits: this.commits, commands: this.commands };
  }

  /** Resolves once everything submitted so far has been written (or refused). */
  async drain(): Promise<void> {
    while (this.writing || this.scheduled || this.queued.length > 0) {
      await (this.writing ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  /** The first write waits one event-loop turn, so commands arriving together share it. */
  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const group = this.queued;
    this.queued = [];
    if (group.length === 0) return;
    this.writing = this.writer
      .write(group.map((w) => w.ops))
      .then(
        () => {
          this.commits++;
          this.commands += group.length;
          for (const w of group) w.resolve();
        },
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          const behind = this.queued;
          this.queued = [];
          for (const w of [...group, ...behind]) w.reject(error);
          this.onFailure(error);
        },
      )
      .finally(() => {
        this.writing = undefined;
        // Those who arrived meanwhile have waited a whole commit already: write them now.
        if (this.queued.length > 0) this.flush();
      });
  }
}
