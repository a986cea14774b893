/**
 * Hand-built wire messages over a plain socket: what a driver never sends (garbage, w:0,
 * checksums, legacy OP_QUERY) has to be tested without one.
 */
import net from 'node:net';
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

export interface RawReply {
  responseTo: number;
  opCode: number;
  doc: Document;
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** CRC-32C (Castagnoli), the checksum OP_MSG carries when flag bit 0 is set. */
function crc32c(buf: Buffer): number {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

export interface OpMsgOptions {
  flags?: number;
  sequences?: Array<[string, Document[]]>;
}

export function opMsg(requestId: number, body: Document, { flags = 0, sequences = [] }: OpMsgOptions = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [identifier, docs] of sequences) {
    const payload = Buffer.concat([Buffer.from(identifier + '\0'), ...docs.map((d) => Buffer.from(serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags);
  const withChecksum = (flags & CHECKSUM_PRESENT) !== 0;
  const bodyBytes = Buffer.concat([flagBuf, ...parts]);
  const length = 16 + bodyBytes.length + (withChecksum ? 4 : 0);
  const msg = Buffer.concat([header(length, requestId, OP_MSG), bodyBytes]);
  if (!withChecksum) return msg;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32c(msg));
  return Buffer.concat([msg, sum]);
}

export function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const fixed = Buffer.alloc(4);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const rest = Buffer.concat([fixed, Buffer.from(namespace + '\0'), skipReturn, Buffer.from(serialize(query))]);
  return Buffer.concat([header(16 + rest.length, requestId, OP_QUERY), rest]);
}

export function hostPort(uri: string): { host: string; port: number } {
  const url = new URL(uri.replace(/^mongodb:\/\//, 'http://'));
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 27017) };
}

export class RawConnection {
  private pending = Buffer.alloc(0);
  private readonly replies: RawReply[] = [];
  private waiter?: { resolve: (r: RawReply) => void; reject: (e: Error) => void };
  private isClosed = false;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.isClosed = true;
      this.waiter?.reject(new Error('connection closed by server'));
    });
  }

  static open(uri: string): Promise<RawConnection> {
    const { host, port } = hostPort(uri);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next reply, or a rejection if the server hangs up first. */
  nextReply(): Promise<RawReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.isClosed) return Promise.reject(new Error('connection closed by server'));
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async command(requestId: number, body: Document, opts?: OpMsgOptions): Promise<Document> {
    this.send(opMsg(requestId, body, opts));
    return (await this.nextReply()).doc;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 4 && this.pending.length >= this.pending.readInt32LE(0)) {
      const length = this.pending.readInt32LE(0);
      const msg = this.pending.subarray(0, length);
      this.pending = this.pending.subarray(length);
      const opCode = msg.readInt32LE(12);
      const docStart = opCode === OP_REPLY ? 36 : 21;
      const reply = { responseTo: msg.readInt32LE(8), opCode, doc: deserialize(msg.subarray(docStart), { allowObjectSmallerThanBufferSize: true }) };
      const waiter = this.waiter;
      this.waiter = undefined;
      if (waiter) waiter.resolve(reply);
      else this.replies.push(reply);
    }
  }
}
