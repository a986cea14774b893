import type { Logger } from '../server.js';
import { Store } from '../store.js';
import { openDataDir } from './data-dir.js';
import type { LockMethod } from './dir-lock.js';
import { GroupCommit, type CommitStats } from './group-commit.js';
import { Journal } from './journal.js';
import type { LoadStats } from './lmdb-storage.js';

export interface DurableStore {
  /** Absolute path of the data directory. */
  readonly dir: string;
  /** The in-memory store every command reads and writes; its changes reach the disk through `journal`. */
  readonly store: Store;
  readonly journal: Journal;
  /** What the directory held when it was opened, and how long reading it took. */
  readonly opened: LoadStats & { readonly ms: number };
  stats(): CommitStats & { readonly lmdbTransactions: number };
  /** Waits for every pending commit, then closes the store and releases the directory. */
  close(): Promise<void>;
}

export interface DurableStoreOptions {
  readonly logger: Logger;
  /** Called after a failed commit made the store reload itself from disk (open cursors are stale). */
  readonly onReload?: () => void;
  readonly lockMethod?: LockMethod;
}

/**
 * Memory stays the read path: commands run against the in-memory store, synchronously, as
 * they always did; the journal gathers each command's changes and the group commit makes them
 * durable before the command's reply goes out.
 */
export async function openDurableStore(given: string, opts: DurableStoreOptions): Promise<DurableStore> {
  const { dir, storage, lock } = await openDataDir(given, { lockMethod: opts.lockMethod });
  const commits = new GroupCommit(storage, (err) => reload(err));
  const journal = new Journal(commits);
  const store = new Store(journal);
  const started = performance.now();
  let loaded: LoadStats;
  try {
    loaded = storage.load(store, given);
  } catch (err) {
    await storage.close();
    await lock.release();
    throw err;
  }
  const opened = { ...loaded, ms: Math.round(performance.now() - started) };

  /**
   * A commit failed (disk full, I/O error): memory holds changes the disk does not, and every
   * command that made them has been answered with an error. The disk is the truth: read it back.
   */
  function reload(err: Error): void {
    opts.logger.error({ dir, err: err.message }, 'embedded MongoDB could not write to its data directory; changes not yet on disk are undone');
    store.clear();
    try {
      storage.load(store, given);
    } catch (loadErr) {
      opts.logger.error({ dir, err: (loadErr as Error).message }, 'embedded MongoDB could not read its data directory back');
    }
    opts.onReload?.();
  }

  let closing: Promise<void> | undefined;
  return {
    dir,
    store,
    journal,
    opened,
    stats: () => ({ ...commits.stats(), lmdbTransactions: storage.lastTransactionId() }),
    close: () =>
      (closing ??= (async () => {
        await commits.drain();
        await storage.close();
        await lock.release();
      })()),
  };
}
