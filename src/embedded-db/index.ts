import { CursorRegistry } from './cursors.js';
import { WireServer, type Logger } from './server.js';
import { openDurableStore, type DurableStore } from './storage/durable-store.js';
import { Store } from './store.js';

export type { Logger } from './server.js';
export { DataDirError } from './storage/data-dir-error.js';

export interface EmbeddedMongoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port, read it back from `port` or `uri`. */
  port?: number;
  /**
   * Where the data is kept (created if missing); every acknowledged write is on disk first.
   * Absent: in memory only, gone at close.
   */
  dataDir?: string;
  logger?: Logger;
}

export interface StorageStats {
  /** `lmdb` with a data directory, `inMemory` without. */
  readonly engine: 'lmdb' | 'inMemory';
  /** Disk commits so far (one sync each), and the commands whose changes they carried. */
  readonly commits: number;
  readonly commandsCommitted: number;
  /** Collections and documents read from the data directory at start, and how long that took. */
  readonly opened: { readonly collections: number; readonly documents: number; readonly ms: number };
}

export interface EmbeddedMongo {
  /** e.g. mongodb://127.0.0.1:PORT/?directConnection=true (no database name). */
  readonly uri: string;
  readonly port: number;
  /** Absolute path of the data directory; null in memory. */
  readonly dataDir: string | null;
  storageStats(): StorageStats;
  /** Stop listening and drop every open connection; data stays (the database going down). */
  stop(): Promise<void>;
  /** Listen again on the same port with the same data (the database coming back). */
  restart(): Promise<void>;
  /**
   * Stop for good: writes already made are committed, the data directory is released (its
   * data stays there); in memory, the data is dropped.
   */
  close(): Promise<void>;
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Starts a MongoDB-compatible server for development and tests: the wire protocol over a
 * real TCP socket, data in memory (and, with `dataDir`, durably on disk), queries answered by
 * mingo. See README in this folder. A data directory that cannot be used throws a
 * DataDirError whose message starts with `dataDir` as given.
 */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger;
  const cursors = new CursorRegistry();
  const durable: DurableStore | undefined =
    opts.dataDir === undefined ? undefined : await openDurableStore(opts.dataDir, { logger, onReload: () => cursors.clear() });
  const store = durable?.store ?? new Store();
  const server = new WireServer({ store, cursors, logger, durability: durable?.journal });
  let port: number;
  try {
    port = await server.listen(host, opts.port ?? 0);
  } catch (err) {
    await durable?.close();
    throw err;
  }
  const uri = `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}/?directConnection=true`;
  let state: 'running' | 'stopped' | 'closed' = 'running';

  return {
    uri,
    port,
    dataDir: durable?.dir ?? null,
    storageStats() {
      const commits = durable?.stats();
      return {
        engine: durable ? 'lmdb' : 'inMemory',
        commits: commits?.commits ?? 0,
        commandsCommitted: commits?.commands ?? 0,
        opened: durable?.opened ?? { collections: 0, documents: 0, ms: 0 },
      };
    },
    async stop() {
      if (state !== 'running') return;
      state = 'stopped';
      await server.stop();
    },
    async restart() {
      if (state === 'closed') throw new Error('embedded MongoDB was closed; start a new one');
      if (state === 'running') return;
      await server.listen(host, port);
      state = 'running';
    },
    async close() {
      if (state === 'closed') return;
      state = 'closed';
      await server.stop();
      await durable?.close();
      store.clear();
    },
  };
}
