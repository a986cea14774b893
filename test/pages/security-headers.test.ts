// The HTML pages' headers: a CSP with no inline scripts anywhere, and HSTS with
// upgrade-insecure-requests only when the request came over https (directly, or through a
// proxy that TRUST_PROXY believes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeyhold, type TestKeyhold } from '../support/harness.js';

let direct: TestKeyhold;
let proxied: TestKeyhold;

beforeAll(async () => {
  [direct, proxied] = await Promise.all([startTestKeyhold(), startTestKeyhold({ TRUST_PROXY: '1' })]);
});
afterAll(async () => {
  await Promise.all([direct.close(), proxied.close()]);
});

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const PAGES = ['/', '/docs', '/graphql'];

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
  );
}

describe('Content-Security-Policy', () => {
  it.each(PAGES)('%s allows scripts from Keyhold only: no inline script, no eval, no other host', async (path) => {
    const res = await direct.http('GET', path, { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it('the dashboard may also reach the Auth Emulator it signs in with, and nothing else', async () => {
    const csp = directives((await direct.http('GET', '/', { headers: HTML })).headers.get('content-security-policy'));
    expect(csp.get('connect-src')).toEqual(["'self'", `http://${direct.emulator.host}`]);
    const docs = directives((await direct.http('GET', '/docs', { headers: HTML })).headers.get('content-security-policy'));
    expect(docs.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('HSTS and upgrade-insecure-requests', () => {
  it.each(PAGES)('are not sent over plain http: %s', async (path) => {
    const res = await direct.http('GET', path, { headers: HTML });
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it.each(PAGES)('are sent behind a trusted proxy that says https: %s', async (path) => {
    const res = await proxied.http('GET', path, { headers: { ...HTML, 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
  });

  it('X-Forwarded-Proto is ignored without TRUST_PROXY (anyone could send it)', async () => {
    const res = await direct.http('GET', '/', { headers: { ...HTML, 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('a trusted proxy that says http gets neither', async () => {
    const res = await proxied.http('GET', '/', { headers: { ...HTML, 'x-forwarded-proto': 'http' } });
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });
});
