// The REST endpoints document themselves: /openapi.json (OpenAPI 3) and Swagger UI at /docs.
import { describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();

describe('/openapi.json', () => {
  it('is an OpenAPI 3 document of the REST endpoints', async () => {
    const res = await k.http('GET', '/openapi.json');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(Object.keys(res.body.paths).sort()).toEqual(['/healthz', '/readyz', '/verify']);
  });

  it.each(['get', 'post'])('documents %s /verify: the method parameter and every status of the contract', async (method) => {
    const doc = (await k.http('GET', '/openapi.json')).body;
    const op = doc.paths['/verify'][method];

    expect(op.parameters).toEqual([
      expect.objectContaining({ in: 'query', name: 'method', required: false, schema: expect.objectContaining({ type: 'string' }) }),
    ]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '429', '503']));
    const ok = op.responses['200'];
    expect(ok.content['application/json'].schema.required).toEqual(['valid', 'key_id', 'org_id', 'name', 'access', 'expires_at']);
    expect(Object.keys(ok.headers).sort()).toEqual(['X-API-Key-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']);
    expect(op.responses['429'].headers).toHaveProperty('Retry-After');
    const codeOf = (status: string) => op.responses[status].content['application/json'].schema.properties.error.properties.code.enum;
    expect(codeOf('401')).toEqual(['missing_api_key', 'invalid_api_key', 'key_expired']);
    expect(codeOf('403')).toEqual(['forbidden']);
    expect(codeOf('429')).toEqual(['rate_limited']);
    expect(codeOf('503')).toEqual(['unavailable']);
    expect(op.security).toEqual([{ bearer: [] }, { apiKeyHeader: [] }]);
  });

  it('documents the health endpoints', async () => {
    const doc = (await k.http('GET', '/openapi.json')).body;

    expect(Object.keys(doc.paths['/healthz'].get.responses)).toEqual(['200']);
    expect(Object.keys(doc.paths['/readyz'].get.responses).sort()).toEqual(['200', '503']);
  });
});

describe('/docs', () => {
  it('serves the Swagger UI page', async () => {
    const res = await k.http('GET', '/docs');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger-ui');
    // An HTML page keeps helmet's document headers (JSON answers do without them).
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
