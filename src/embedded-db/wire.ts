import { deserialize, serialize } from 'bson';
import { ProtocolError } from './errors.js';
import type { Doc } from './values.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const HEADER_BYTES = 16;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
/** OP_MSG reserves bits 0–15 as "must understand": an unknown one there is a protocol error. */
const KNOWN_REQUIRED_BITS = CHECKSUM_PRESENT | MORE_TO_COME;

/**
 * Longs stay Long (promoteLongs: false) so an int64 written by a client comes back an int64;
 * int32 and double become numbers, which mingo needs.
 */
export const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

export interface WireRequest {
  readonly requestId: number;
  readonly opCode: number;
  /** The database the command runs against (`$db`, or the OP_QUERY namespace). */
  readonly db: string;
  readonly command: Doc;
  /** w:0 writes: the client expects no reply at all. */
  readonly moreToCome: boolean;
  /** OP_QUERY aimed at a collection instead of `$cmd`: a legacy find nobody answers any more. */
  readonly legacyFind: boolean;
}

/** Length a buffered message announces, so the connection knows when it has all of it. */
export function announcedLength(buf: Buffer): number {
  const length = buf.readInt32LE(0);
  if (length < HEADER_BYTES || length > MAX_MESSAGE_SIZE_BYTES) {
    throw new ProtocolError(`message length ${length} out of bounds`);
  }
  return length;
}

/** Parses one complete message (exactly `announcedLength` bytes). Throws ProtocolError. */
export function parseMessage(msg: Buffer): WireRequest {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  try {
    if (opCode === OP_MSG) return parseOpMsg(msg, requestId);
    if (opCode === OP_QUERY) return parseOpQuery(msg, requestId);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`malformed message: ${(err as Error).message}`);
  }
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function parseOpMsg(msg: Buffer, requestId: number): WireRequest {
  const flags = msg.readUInt32LE(HEADER_BYTES);
  if ((flags & 0xffff & ~KNOWN_REQUIRED_BITS) !== 0) throw new ProtocolError(`unknown required OP_MSG flags ${flags}`);
  const end = flags & CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
  let offset = HEADER_BYTES + 4;
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = msg[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with more than one body section');
      const [doc, next] = readDocument(msg, offset, end);
      body = doc;
      offset = next;
    } else if (kind === 1) {
      const size = msg.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError('document sequence size out of bounds');
      const [identifier, afterName] = readCString(msg, offset + 4, sectionEnd);
      const docs: Doc[] = [];
      for (let at = afterName; at < sectionEnd;) {
        const [doc, next] = readDocument(msg, at, sectionEnd);
        docs.push(doc);
        at = next;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) body[identifier] = docs;
  const db = typeof body.$db === 'string' ? body.$db : '';
  return { requestId, opCode: OP_MSG, db, command: body, moreToCome: (flags & MORE_TO_COME) !== 0, legacyFind: false };
}

function parseOpQuery(msg: Buffer, requestId: number): WireRequest {
  const [namespace, afterName] = readCString(msg, HEADER_BYTES + 4, msg.length);
  const [query] = readDocument(msg, afterName + 8, msg.length);
  // Old shells wrap the command as {$query: {...}, $readPreference: ...}.
  const command = query.$query !== null && typeof query.$query === 'object' ? (query.$query as Doc) : query;
  const dot = namespace.indexOf('.');
  const db = dot < 0 ? namespace : namespace.slice(0, dot);
  const legacyFind = namespace.slice(dot + 1) !== '$cmd';
  return { requestId, opCode: OP_QUERY, db, command, moreToCome: false, legacyFind };
}

function readCString(buf: Buffer, offset: number, end: number): [string, number] {
  const nul = buf.indexOf(0, offset);
  if (nul < 0 || nul >= end) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', offset, nul), nul + 1];
}

function readDocument(buf: Buffer, offset: number, end: number): [Doc, number] {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || size > MAX_BSON_OBJECT_SIZE || offset + size > end) {
    throw new ProtocolError(`BSON document size ${size} out of bounds`);
  }
  return [deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS), offset + size];
}

/** The reply in the form the request expects: OP_MSG for OP_MSG, OP_REPLY for OP_QUERY. */
export function encodeReply(request: WireRequest, reply: Doc, responseId: number): Buffer {
  const body = serialize(reply, { ignoreUndefined: true });
  const legacy = request.opCode === OP_QUERY;
  const prefixBytes = legacy ? 20 : 5;
  const out = Buffer.alloc(HEADER_BYTES + prefixBytes + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(responseId, 4);
  out.writeInt32LE(request.requestId, 8);
  out.writeInt32LE(legacy ? OP_REPLY : OP_MSG, 12);
  // Zeroes from alloc already say what both forms need (OP_REPLY's flags, cursorID and
  // startingFrom; OP_MSG's flagBits and section kind 0): only numberReturned is set.
  if (legacy) out.writeInt32LE(1, HEADER_BYTES + 16);
  out.set(body, HEADER_BYTES + prefixBytes);
  return out;
}
