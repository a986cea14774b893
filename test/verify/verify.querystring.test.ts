// /verify's query string is what /openapi.json says it is: one optional `method`, a string.
// Anything else is refused 400 in the contract's body, never silently dropped: a read-only key
// must not pass because the guarded method arrived under a name /verify ignores.
import { describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';
import { mintKey, refusal } from './support.js';

const k = useKeyhold();

describe.each(['GET', 'POST'])('%s /verify with a read-only key', (method) => {
  it.each([
    ['a capitalised name', '?Method=POST'],
    ['an upper-case name', '?METHOD=POST'],
    ['an array-style name', '?method[]=POST'],
    ['an indexed array-style name', '?method[0]=POST'],
    ['the method twice', '?method=GET&method=POST'],
    ['an unknown parameter beside a good method', '?method=GET&mode=strict'],
    ['an unknown parameter alone', '?foo=1'],
  ])('refuses %s (%s) with 400 bad_request, spending nothing', async (_what, query) => {
    const key = await mintKey(k, { access: 'READ_ONLY', rateLimitPerMinute: 3 });

    const res = await k.verify({ apiKey: key.secret }, query, method);

    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(refusal('bad_request'));
    expect(res.headers.get('x-api-key-id')).toBeNull();
    const next = await k.verify({ apiKey: key.secret }, '', method);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it.each([
    ['no query string', '', 200],
    ['?method=GET', '?method=GET', 200],
    ['?method=head (any case of the value)', '?method=head', 200],
    ['?method=POST', '?method=POST', 403],
  ])('still answers %s as before', async (_what, query, status) => {
    const key = await mintKey(k, { access: 'READ_ONLY' });

    const res = await k.verify({ apiKey: key.secret }, query, method);

    expect(res.status).toBe(status);
  });
});

describe('/openapi.json', () => {
  it('promises exactly this: one string parameter, and 400 for anything else', async () => {
    const op = (await k.http('GET', '/openapi.json')).body.paths['/verify'].get;

    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['method']);
    expect(op.responses['400'].content['application/json'].schema.properties.error.properties.code.enum).toEqual(['bad_request']);
  });
});
