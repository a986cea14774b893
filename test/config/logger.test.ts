import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger, isoTimestamp, scrubSecrets } from '../../src/logging/logger.js';
import { prettyStdout } from '../../src/logging/pretty.js';
import { generateApiKey } from '../../src/core/key-format.js';
import { generateWebhookSecret } from '../../src/core/webhook-secret.js';

const JWT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyLTEiLCJhdWQiOiJkZW1vIn0.';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } }) };
}

describe('log redaction', () => {
  it('redacts credential headers by path', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer something-private', 'x-api-key': 'also-private' } } }, 'request');
    expect(lines[0]).not.toContain('something-private');
    expect(lines[0]).not.toContain('also-private');
    expect(JSON.parse(lines[0]).req.headers.authorization).toBe('[REDACTED]');
  });

  it('scrubs keys, webhook secrets and ID tokens wherever they appear, messages and errors included', () => {
    const key = generateApiKey();
    const whsec = generateWebhookSecret();
    const { lines, logger } = capture();
    logger.info({ note: `user pasted ${key} here`, nested: { deep: [whsec] } }, `token ${JWT} seen`);
    logger.error({ err: new Error(`bad key ${key}`) }, 'failed');
    const all = lines.join('');
    expect(all).not.toContain(key);
    expect(all).not.toContain(key.slice(8));
    expect(all).not.toContain(whsec);
    expect(all).not.toContain(JWT);
    expect(all).toContain('sk_live_[REDACTED]');
    expect(all).toContain('whsec_[REDACTED]');
    expect(all).toContain('[REDACTED_TOKEN]');
  });

  it('scrubs a key whose prefix was upper-cased', () => {
    const key = generateApiKey();
    const shouted = `SK_LIVE_${key.slice(8)}`;
    expect(scrubSecrets(`GET /verify/${shouted}`)).toBe('GET /verify/SK_LIVE_[REDACTED]');
  });

  it('censors credentials by key name at any depth, and scrubs values a message interpolates', () => {
    const key = generateApiKey();
    const { lines, logger } = capture();
    logger.info({ call: { request: { headers: { cookie: 'session=private' } }, body: { password: 'hunter2', secret: 'x' } } }, 'presented %s', key);
    const line = JSON.parse(lines[0]!);
    expect(line.call.request.headers.cookie).toBe('[REDACTED]');
    expect(line.call.body).toEqual({ password: '[REDACTED]', secret: '[REDACTED]' });
    expect(line.msg).toBe('presented sk_live_[REDACTED]');
  });

  it('scrubs the causes of a logged error too', () => {
    const key = generateApiKey();
    const { lines, logger } = capture();
    logger.error({ err: new Error('lookup failed', { cause: new Error(`for ${key}`) }) }, 'failed');
    expect(lines[0]).not.toContain(key.slice(8));
    expect(lines[0]).toContain('sk_live_[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('key key_abc of org org_def answered 200')).toBe('key key_abc of org org_def answered 200');
  });
});

describe('log timestamps', () => {
  afterEach(() => vi.useRealTimers());

  it('writes the time as pino isoTime does, and moves with the clock', () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1, 12, 0, 0, 5) });
    expect(isoTimestamp()).toBe(',"time":"2030-01-01T12:00:00.005Z"');
    vi.advanceTimersByTime(1);
    expect(isoTimestamp()).toBe(',"time":"2030-01-01T12:00:00.006Z"');
  });

  it('puts that time on every line', () => {
    vi.useFakeTimers({ now: Date.UTC(2031, 5, 2) });
    const { lines, logger } = capture();
    logger.info('hello');
    expect(JSON.parse(lines[0]!).time).toBe('2031-06-02T00:00:00.000Z');
  });
});

describe('pretty lines (development, at a terminal)', () => {
  it('are human lines, and scrubbed before they are prettified', () => {
    const out: string[] = [];
    const pretty = prettyStdout((text) => void out.push(text), false);
    expect(pretty).not.toBeNull();
    const key = generateApiKey();
    const logger = createLogger({ level: 'info', destination: pretty! });
    logger.warn({ note: `pasted ${key}` }, `token ${JWT} seen`);
    const text = out.join('');
    expect(text).toMatch(/WARN.*token \[REDACTED_TOKEN\] seen/);
    expect(text).toContain('sk_live_[REDACTED]');
    expect(text).not.toContain(key.slice(8));
    expect(() => JSON.parse(out[0]!)).toThrow();
  });

  it('configuration picks them only in development with a terminal on stdout, unless LOG_FORMAT says', () => {
    const format = (env: Record<string, string>, stdoutIsTTY: boolean) => loadConfig(env, { stdoutIsTTY }).logFormat;
    expect(format({}, true)).toBe('pretty');
    expect(format({}, false)).toBe('json');
    expect(format({ NODE_ENV: 'test' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });
});
