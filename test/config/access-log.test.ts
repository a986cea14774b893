// The access line: one JSON line per completed request, exactly as pino would have written it,
// with the only free-text field (the URL) escaped and scrubbed.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AccessLog, type AccessEntry } from '../../src/logging/access-log.js';
import { createLogger } from '../../src/logging/logger.js';
import { generateApiKey } from '../../src/core/key-format.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (l: string) => void lines.push(l) } });
  return { lines, logger, access: AccessLog.for(logger) };
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

  it('needs a logger made by createLogger, which knows its destination', () => {
    expect(() => AccessLog.for(pino({ enabled: false }))).toThrow(/createLogger/);
  });
});
