// One per-minute budget per key, spent alike by /verify and by GraphQL requests the key makes.
// The limiter's windows run on Date: each test pins it once its keys are minted, so an exact
// X-RateLimit-Reset of 60 means the window was new, not that the requests were quick.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useKeyhold } from '../support/harness.js';
import { mintKey, rateHeaders, refusal } from './support.js';

const CURRENT_KEY = '{ currentKey { id } }';

const k = useKeyhold();
afterEach(() => {
  vi.useRealTimers();
});

describe('the shared per-key budget', () => {
  it('is spent by a GraphQL query made with the key, as /verify shows', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 4 });
    k.fakeDate();

    const viaGraphql = await k.gql(CURRENT_KEY, {}, { apiKey: key.secret });
    const viaVerify = await k.verify({ apiKey: key.secret });
    const viaGraphqlAgain = await k.gql(CURRENT_KEY, {}, { apiKey: key.secret });
    const lastVerify = await k.verify({ apiKey: key.secret });

    expect(viaGraphql.body.data).toEqual({ currentKey: { id: key.id } });
    expect(rateHeaders(viaGraphql)).toEqual({ limit: 4, remaining: 3, reset: 60 });
    expect(rateHeaders(viaVerify)).toEqual({ limit: 4, remaining: 2, reset: 60 });
    expect(rateHeaders(viaGraphqlAgain)).toEqual({ limit: 4, remaining: 1, reset: 60 });
    expect(rateHeaders(lastVerify)).toEqual({ limit: 4, remaining: 0, reset: 60 });
  });

  it('once spent by GraphQL, refuses /verify with 429 and the key id', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 2 });
    k.fakeDate();
    await k.gql(CURRENT_KEY, {}, { apiKey: key.secret });
    await k.gql(CURRENT_KEY, {}, { apiKey: key.secret });

    const res = await k.verify({ apiKey: key.secret });

    expect(res.status).toBe(429);
    expect(res.body).toStrictEqual(refusal('rate_limited'));
    expect(res.headers.get('retry-after')).toBe('60');
    expect(res.headers.get('x-api-key-id')).toBe(key.id);
    expect(rateHeaders(res)).toEqual({ limit: 2, remaining: 0, reset: 60 });
  });

  it('once spent by /verify, refuses GraphQL with RATE_LIMITED', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 1 });
    k.fakeDate();
    await k.verify({ apiKey: key.secret });

    const res = await k.gql(CURRENT_KEY, {}, { apiKey: key.secret });

    expect(res.status).toBe(429);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(res.headers.get('retry-after')).toBe('60');
  });

  it('is per key: spending one key leaves another of the same org untouched', async () => {
    const spent = await mintKey(k, { rateLimitPerMinute: 1 });
    const sibling = await k.mint(spent.ownerToken, { orgId: spent.orgId, name: 'sibling', rateLimitPerMinute: 1 });
    k.fakeDate();
    await k.verify({ apiKey: spent.secret });

    const res = await k.verify({ apiKey: sibling.secret });

    expect((await k.verify({ apiKey: spent.secret })).status).toBe(429);
    expect(res.status).toBe(200);
    expect(rateHeaders(res)).toEqual({ limit: 1, remaining: 0, reset: 60 });
  });

  it('is not spent by refusals that recognise no key', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 3 });
    k.fakeDate();
    await k.verify({ apiKey: key.secret.slice(0, -1) });
    await k.verify({ headers: { 'x-api-key': '' } });

    const res = await k.verify({ apiKey: key.secret });

    expect(rateHeaders(res)).toEqual({ limit: 3, remaining: 2, reset: 60 });
  });
});
