// Requests that Node's HTTP parser refuses before any route sees them still get an answer in the
// contract's shape, with an X-Request-Id, and never echo the credential they carried. The usual
// case: a key read from a file with Windows line endings, so the header ends in "\r".
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();
let key: string;

beforeAll(async () => {
  key = (await k.signedUp('Line Endings Ltd')).secret;
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/** Bytes as given, on a fresh connection: no client library would send these. */
function send(raw: string): Promise<Answer> {
  const { hostname, port } = new URL(k.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(raw));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let parsed: any = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        /* keep the text */
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: parsed, text });
    });
  });
}

const request = (line: string, header: string, extra = '') => `${line} HTTP/1.1\r\nHost: keyhold\r\n${header}\r\n${extra}\r\n`;

describe('a key with a trailing carriage return (read from a CRLF file)', () => {
  it('at /verify: 401 invalid_api_key that names the problem, in the contract shape', async () => {
    const res = await send(request('GET /verify', `Authorization: Bearer ${key}\r`));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ valid: false, error: { code: 'invalid_api_key', message: expect.stringContaining('carriage return') } });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toMatch(/\S/);
    expect(res.text).not.toContain(key.slice(8));
  });

  it('in X-API-Key too', async () => {
    const res = await send(request('POST /verify', `X-API-Key: ${key}\r`));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining('X-API-Key header ends with a carriage return') });
  });

  it('at /graphql: UNAUTHENTICATED in GraphQL’s shape', async () => {
    const res = await send(request('POST /graphql', `Authorization: Bearer ${key}\r`, 'Content-Type: application/json\r\n'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: expect.stringContaining('carriage return'), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(res.text).not.toContain(key.slice(8));
  });
});

describe('other requests the parser refuses', () => {
  it('a control character in another header: 400 bad_request naming the header, not its value', async () => {
    const res = await send(request('GET /healthz', 'X-Trace: abc\x01def'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'The X-Trace header holds a control character, which HTTP does not allow.' } });
    expect(res.text).not.toContain('abc');
  });

  it('something that is not HTTP at all', async () => {
    const res = await send('HELLO\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'The request is not valid HTTP.' } });
  });

  it('headers larger than the server accepts: 431 in the same shape', async () => {
    const res = await send(request('GET /verify', `X-Padding: ${'a'.repeat(20_000)}`));
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ valid: false, error: { code: 'bad_request', message: 'The request headers are too large.' } });
  });
});
