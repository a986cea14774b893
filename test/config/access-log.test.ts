// The access line: one JSON line per completed request, written by pino as any other line, with
// the only free-text field (the URL) escaped and scrubbed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/core/key-format.js';
import { OneLinePerRequest } from '../../src/http/access-log.js';
import { createLogger } from '../../src/logging/logger.js';

interface AccessEntry {
  reqId: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  keyId?: string;
}

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (l: string) => void lines.push(l) } });
  const controller = new OneLinePerRequest(logger);
  // What fastify hands the controller when a request completes.
  const access = {
    write: (e: AccessEntry) =>
      controller.requestCompleted(
        null,
        { id: e.reqId, method: e.method, url: e.url } as FastifyRequest,
        { statusCode: e.status, elapsedTime: e.ms, getHeader: (name: string) => (name === 'x-api-key-id' ? e.keyId : undefined) } as unknown as FastifyReply,
      ),
  };
  return { lines, logger, access };
}

const ENTRY: AccessEntry = { reqId: '1a2b3c4d-5e', method: 'GET', url: '/verify?method=POST', status: 200, ms: 0.4, keyId: 'key_4fJ2kq9ZLr0xXbT1mNcY' };

describe('the access line', () => {
  it('is the line pino writes for logger.info(entry, "request"): same fields, order and values', () => {
    const { lines, logger, access } = capture();

    access.write(ENTRY);
    logger.info({ ...ENTRY }, 'request');

    expect(lines).toHaveLength(2);
    const [ours, pinos] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.endsWith('}\n')).toBe(true);
    expect(Object.keys(ours!)).toEqual(Object.keys(pinos!));
    expect({ ...ours, time: undefined }).toEqual({ ...pinos, time: undefined });
    expect(ours!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ours).toMatchObject({ level: 30, service: 'keyhold', msg: 'request', status: 200, keyId: ENTRY.keyId });
  });

  it('leaves keyId out when the request carried no recognised key', () => {
    const { lines, access } = capture();

    access.write({ ...ENTRY, keyId: undefined, status: 401 });

    expect(JSON.parse(lines[0]!)).not.toHaveProperty('keyId');
  });

  it('scrubs a key pasted into the URL', () => {
    const key = generateApiKey();
    const { lines, access } = capture();

    access.write({ ...ENTRY, url: `/verify?key=${key}` });

    expect(lines[0]).not.toContain(key.slice(8));
    expect(JSON.parse(lines[0]!).url).toBe('/verify?key=sk_live_[REDACTED]');
  });

  it('stays one valid JSON line whatever the URL holds', () => {
    const url = '/x?a="quoted"&b=back\\slash&c=\u2028&d=\n';
    const { lines, access } = capture();

    access.write({ ...ENTRY, url });

    expect(lines[0]!.indexOf('\n')).toBe(lines[0]!.length - 1);
    expect(JSON.parse(lines[0]!).url).toBe(url);
  });

  it('follows the logger level, changes at run time included', () => {
    const { lines, logger, access } = capture('warn');

    access.write(ENTRY);
    logger.level = 'info';
    access.write(ENTRY);

    expect(lines).toHaveLength(1);
  });
});
