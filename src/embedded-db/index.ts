import { CursorRegistry } from './cursors.js';
import { WireServer, type Logger } from './server.js';
import { Store } from './store.js';

export type { Logger } from './server.js';

export interface EmbeddedMongoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port, read it back from `port` or `uri`. */
  port?: number;
  logger?: Logger;
}

export interface EmbeddedMongo {
  /** e.g. mongodb://127.0.0.1:PORT/?directConnection=true (no database name). */
  readonly uri: string;
  readonly port: number;
  /** Stop listening and drop every open connection; data stays (the database going down). */
  stop(): Promise<void>;
  /** Listen again on the same port with the same data (the database coming back). */
  restart(): Promise<void>;
  /** Stop for good and drop all data. */
  close(): Promise<void>;
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Starts a MongoDB-compatible server for development and tests: the wire protocol over a
 * real TCP socket, data in memory, queries answered by mingo. See README in this folder.
 */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = opts.host ?? '127.0.0.1';
  const store = new Store();
  const server = new WireServer({ store, cursors: new CursorRegistry(), logger: opts.logger ?? silentLogger });
  const port = await server.listen(host, opts.port ?? 0);
  const uri = `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}/?directConnection=true`;
  let state: 'running' | 'stopped' | 'closed' = 'running';

  return {
    uri,
    port,
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
      store.clear();
    },
  };
}
