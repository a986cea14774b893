import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';
import type { ErrorCode, Failure } from '../core/errors.js';
import { scrubSecrets, type Logger } from '../logging/logger.js';
import { errorBody } from './rest-errors.js';

/**
 * How the area serving `path` answers a request the parser refused: its body shape, and the
 * code for a credential header HTTP forbids (not a credential Keyhold could read: /verify's
 * contract says invalid_api_key, GraphQL UNAUTHENTICATED). Each area says so beside its routes.
 */
export interface ParserRefusals {
  readonly path: string;
  readonly body: (failure: Failure) => unknown;
  readonly badCredential: ErrorCode;
}

/** Any other path: the `{error}` body, UNAUTHENTICATED for a broken credential header. */
const ELSEWHERE: Omit<ParserRefusals, 'path'> = { body: errorBody, badCredential: 'MISSING_CREDENTIAL' };

export interface ClientErrorOptions {
  readonly logger: Logger;
  readonly nextId: () => string;
  readonly areas: readonly ParserRefusals[];
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);
// A header line less its own line ending: anything below 0x20 but a tab, or DEL, broke the parse.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Requests Node's HTTP parser refuses never reach fastify's routes or error handler: fastify's
 * default answer to them is its own `{"error":"Bad Request","message":"Client Error"}`. This
 * answers them in the contract's shape instead, for the route the request line named, with an
 * `X-Request-Id`. The commonest case is a key read from a file with Windows line endings: the
 * Authorization header then ends in a carriage return, which HTTP forbids.
 *
 * Only header *names* are ever quoted or logged: the raw packet holds the credential.
 */
export function clientErrorHandler({ logger, nextId, areas }: ClientErrorOptions) {
  const byPath = new Map(areas.map((a) => [a.path, a]));
  return (err: ConnectionError, socket: Socket): void => {
    // A reset connection has nobody left to answer (as fastify's default handler does).
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    // fastify types rawPacket as JSON; Node hands a Buffer.
    const packet: unknown = err.rawPacket;
    const raw = Buffer.isBuffer(packet) ? packet.toString('latin1') : '';
    const path = /^[A-Z]+ ([^\s?]*)/.exec(raw)?.[1] ?? '';
    const area = byPath.get(path) ?? ELSEWHERE;
    const { failure, status } = classify(err.code, raw, area.badCredential);
    const id = nextId();
    logger.info({ reqId: id, url: scrubSecrets(path), status, parseError: err.code }, 'request refused by the HTTP parser');
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(area.body(failure));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${id}\r\n` +
        'x-content-type-options: nosniff\r\n' +
        'cache-control: no-store\r\n' +
        'connection: close\r\n\r\n' +
        body,
    );
  };
}

function classify(code: string | undefined, raw: string, badCredential: ErrorCode): { failure: Failure; status: number } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { failure: { code: 'BAD_USER_INPUT', detail: 'The request was not received in time.' }, status: 408 };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { failure: { code: 'BAD_USER_INPUT', detail: 'The request headers are too large.' }, status: 431 };
  }
  const header = brokenHeader(raw);
  if (header && CREDENTIAL_HEADERS.has(header.name.toLowerCase())) {
    const name = header.name.toLowerCase() === 'authorization' ? 'Authorization' : 'X-API-Key';
    const detail = header.trailingCR
      ? `The ${name} header ends with a carriage return (\\r), which HTTP does not allow: a key read from a file with Windows line endings? Strip it (tr -d '\\r').`
      : `The ${name} header holds a control character, which HTTP does not allow.`;
    return { failure: { code: badCredential, detail }, status: 401 };
  }
  const detail = header
    ? `The ${header.name} header holds a control character${header.trailingCR ? ' (a trailing carriage return?)' : ''}, which HTTP does not allow.`
    : 'The request is not valid HTTP.';
  return { failure: { code: 'BAD_USER_INPUT', detail: scrubSecrets(detail) }, status: 400 };
}

/** The first header line with a forbidden character: its name (safe to show) and whether it is a stray CR at its end. */
function brokenHeader(raw: string): { name: string; trailingCR: boolean } | null {
  for (const line of raw.split('\n').slice(1)) {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (content === '') break; // the end of the headers
    if (!CONTROL.test(content)) continue;
    const name = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):/.exec(content)?.[1];
    if (!name) return null;
    return { name, trailingCR: /\r+$/.test(content) };
  }
  return null;
}
