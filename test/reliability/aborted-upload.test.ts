// A client that goes away mid-upload is the client's business: one info line saying so, no
// stack, nothing at warn or above, and never a word of the database being unavailable (the
// ECONNRESET comes from the request stream, not from MongoDB).
import { once } from 'node:events';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();

/** Announces a 100-byte body, sends 3 bytes of it, and closes the socket. */
async function abortUpload(path: string): Promise<void> {
  const { hostname, port } = new URL(k.url);
  // The server answers nothing until the body is complete: its 'request' event says it has
  // the headers, and the socket is closed then, mid-body.
  const received = once(k.keyhold.app.server, 'request');
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.on('error', () => undefined);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"q`);
  await received;
  socket.destroy();
}

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, any>);

describe.each(['/graphql', '/verify'])('an upload to %s aborted by the client', (path) => {
  it('is logged once, at info, without a stack or an outage', async () => {
    const from = k.logs.length;

    await abortUpload(path);

    const aborted = await vi.waitFor(() => {
      const lines = parsed(k.logs.slice(from));
      const line = lines.find((l) => l.msg === 'request aborted by the client');
      expect(line, JSON.stringify(lines)).toBeDefined();
      return line!;
    });
    expect(aborted).toMatchObject({ level: 30, method: 'POST', url: path });
    // Anything the aborted request still had to log comes before the answer to a later one.
    const later = await k.http('GET', '/healthz');
    expect(later.status).toBe(200);
    const lines = parsed(k.logs.slice(from)).filter((l) => l.url !== '/healthz');
    expect(lines.filter((l) => l.reqId === aborted.reqId)).toHaveLength(1);
    expect(lines.filter((l) => l.level > 30)).toEqual([]);
    expect(lines.filter((l) => JSON.stringify(l).includes('"stack"'))).toEqual([]);
    expect(lines.filter((l) => /unavailable/i.test(JSON.stringify(l)))).toEqual([]);
  });
});
