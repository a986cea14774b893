import net from 'node:net';
import { executeCommand, LEGACY_OP_QUERY_COMMANDS, type ServerStats } from './commands/index.js';
import type { CursorRegistry } from './cursors.js';
import { CommandError } from './errors.js';
import type { Store } from './store.js';
import type { Doc } from './values.js';
import { announcedLength, encodeReply, OP_QUERY, parseMessage, type WireRequest } from './wire.js';

export interface Logger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/** Makes each command's changes durable; absent for the in-memory store. */
export interface Durability {
  /** Ends the command that just ran: resolves once its changes are on disk; undefined if it changed nothing. */
  commitCommand(): Promise<void> | undefined;
}

interface ServerDeps {
  readonly store: Store;
  readonly cursors: CursorRegistry;
  readonly logger: Logger;
  readonly durability?: Durability;
}

interface Connection {
  readonly id: number;
  readonly socket: net.Socket;
  /** The last reply still waiting for a commit: later replies go out after it, in order. */
  pending?: Promise<void>;
}

/** What a client hears when its write could not be made durable (it was undone). */
const NOT_DURABLE: Doc = {
  ok: 0,
  errmsg: 'the write could not be made durable in the data directory and was undone',
  code: 1,
  codeName: 'InternalError',
};

/** Accepts connections and feeds each one's bytes to the command layer. */
export class WireServer {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connectionsCreated = 0;
  private responseId = 0;
  private readonly stats: ServerStats = {
    startedAt: new Date(),
    currentConnections: () => this.sockets.size,
    totalConnections: () => this.connectionsCreated,
  };

  constructor(private readonly deps: ServerDeps) {}

  listen(host: string, port: number): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.deps.logger.error({ err }, 'embedded MongoDB listener error'));
        this.server = server;
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops listening and cuts every client off at once, as a crashed database would. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.deps.cursors.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const conn: Connection = { id: ++this.connectionsCreated, socket };
    const connectionId = conn.id;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new MessageReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
        for (let msg = reader.next(); msg; msg = reader.next()) this.handle(conn, parseMessage(msg));
      } catch (err) {
        // Malformed input ends this connection only; every other client carries on.
        this.deps.logger.warn({ connectionId, err: (err as Error).message }, 'embedded MongoDB closed a connection after bad input');
        socket.destroy();
      }
    });
    socket.on('error', (err) => this.deps.logger.warn({ connectionId, err: err.message }, 'embedded MongoDB socket error'));
    socket.on('close', () => this.sockets.delete(socket));
  }

  /**
   * Runs the command now, in arrival order, and answers once its changes are durable. A
   * connection's replies keep their order: one behind a write waits for that write's commit.
   */
  private handle(conn: Connection, request: WireRequest): void {
    const reply = this.run(request, conn.id);
    const durable = this.deps.durability?.commitCommand();
    if (request.moreToCome) {
      // w:0 — nobody waits for an answer; a failed commit has been logged and undone already.
      durable?.catch(() => {});
      return;
    }
    // Encoded now: the reply shows the command's result, whatever runs before it is sent.
    const encoded = this.encode(request, reply);
    if (!durable && !conn.pending) {
      conn.socket.write(encoded);
      return;
    }
    const sent = (conn.pending ?? Promise.resolve())
      .then(() => durable)
      .then(
        () => encoded,
        () => this.encode(request, NOT_DURABLE),
      )
      .then((bytes) => {
        if (!conn.socket.destroyed) conn.socket.write(bytes);
        if (conn.pending === sent) conn.pending = undefined;
      });
    conn.pending = sent;
  }

  private encode(request: WireRequest, reply: Doc): Buffer {
    try {
      return encodeReply(request, reply, this.nextResponseId());
    } catch (err) {
      // A reply that cannot be encoded (over 16 MiB) still gets an answer.
      const tooLarge = { ok: 0, errmsg: (err as Error).message, code: 10334, codeName: 'BSONObjectTooLarge' };
      return encodeReply(request, tooLarge, this.nextResponseId());
    }
  }

  /** Wraps within int32, the header field's type, instead of overflowing it. */
  private nextResponseId(): number {
    this.responseId = (this.responseId + 1) | 0;
    return this.responseId;
  }

  private run(request: WireRequest, connectionId: number): Doc {
    const name = Object.keys(request.command)[0] ?? '';
    if (request.opCode === OP_QUERY && (request.legacyFind || !LEGACY_OP_QUERY_COMMANDS.has(name))) {
      return new CommandError('UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`).toReply();
    }
    const { store, cursors } = this.deps;
    return executeCommand({ store, cursors, stats: this.stats, connectionId, db: request.db, cmd: request.command });
  }
}

/**
 * Reassembles messages from TCP chunks. Chunks are only concatenated once a whole message
 * is there, so a large insert arriving in many pieces is copied once, not once per piece.
 */
class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  next(): Buffer | undefined {
    if (this.buffered < 4) return undefined;
    if (this.chunks[0].length < 4) this.coalesce();
    const length = announcedLength(this.chunks[0]);
    if (this.buffered < length) return undefined;
    if (this.chunks[0].length < length) this.coalesce();
    const head = this.chunks[0];
    const msg = head.subarray(0, length);
    if (head.length === length) this.chunks.shift();
    else this.chunks[0] = head.subarray(length);
    this.buffered -= length;
    return msg;
  }

  private coalesce(): void {
    this.chunks = [Buffer.concat(this.chunks)];
  }
}
