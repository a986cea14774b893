import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../logging/logger.js';

// Filters built from user input can never carry operators ({"$gt": ""} becomes a literal).
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

export interface Database {
  /** Each feature makes its own models on it (`apiKeyModel(db.connection)`…); the database knows none. */
  readonly connection: Connection;
  /** Resolves once the first connection is open and the indexes exist. */
  readonly connected: Promise<void>;
  /** True when the database answers a ping within the timeout. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly uri: string;
  readonly dbName?: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Delay between connection attempts while the database cannot be reached at start. */
  readonly retryDelayMs?: number;
}

/**
 * Connects in the background: a database that cannot be reached at start is logged and retried,
 * never a crash, so /healthz answers and /readyz reports the outage. Queries made before the
 * first connection fail at once (bufferCommands: false) and are answered UNAVAILABLE.
 */
export function openDatabase(opts: DatabaseOptions): Database {
  const connection = mongoose.createConnection();
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));

  const connect = async (attempt: number): Promise<void> => {
    try {
      await connection.openUri(opts.uri, {
        dbName: opts.dbName,
        serverSelectionTimeoutMS: opts.timeoutMs,
        bufferCommands: false,
        autoIndex: false,
        autoCreate: true,
      });
      // Unique indexes (key hash, membership) must exist before the first write relies on them.
      // Every model made on the connection by then: the features make theirs right after
      // openDatabase returns, in the same tick, and opening takes at least a network round trip.
      await Promise.all(Object.values(connection.models).map((m) => m.createIndexes()));
      opts.logger.info({ attempt }, 'database connected');
      markConnected();
    } catch (err) {
      if (closed) return;
      opts.logger.error(
        { attempt, err: { name: (err as Error).name, message: (err as Error).message } },
        `database unreachable; retrying in ${opts.retryDelayMs ?? 2000} ms`,
      );
      retryTimer = setTimeout(() => void connect(attempt + 1), opts.retryDelayMs ?? 2000);
      retryTimer.unref();
    }
  };
  const connecting = connect(1);

  return {
    connection,
    connected,
    async ping() {
      // Only "never connected" short-circuits. After an outage mongoose reports disconnected
      // until the driver's next heartbeat (10 s); a real ping makes the driver look at once, so
      // /readyz turns ready as soon as the database is back instead of up to 10 s later.
      if (!connection.db) return false;
      try {
        await withTimeout(connection.db.command({ ping: 1 }), opts.timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await connecting;
      await connection.close(true);
    },
  };
}

/** Resolves when the database has connected once (used by start-up and tests). */
export function waitForConnection(db: Database, timeoutMs: number): Promise<void> {
  return withTimeout(db.connected, timeoutMs);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
