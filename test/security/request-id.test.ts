// X-Request-Id is unguessable and unordered: 144 random bits per request, so an id says
// nothing of how many requests came before, and one id does not lead to another.
import { describe, expect, it } from 'vitest';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();

async function ids(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await k.http('GET', '/healthz')).headers.get('x-request-id')!);
  return out;
}

describe('X-Request-Id', () => {
  it('is 24 base64url characters (144 random bits), on REST and GraphQL answers alike', async () => {
    const rest = await k.http('GET', '/verify');
    const graphql = await k.gql('{ __typename }');

    for (const id of [rest.headers.get('x-request-id'), graphql.headers.get('x-request-id')]) expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('shares nothing between consecutive requests: no common prefix, no order', async () => {
    const seen = await ids(200);

    expect(new Set(seen).size).toBe(200);
    expect(new Set(seen.map((id) => id.slice(0, 6))).size).toBe(200);
    // Every position of the id varies: no fixed prefix, no counter in its last characters.
    for (let at = 0; at < 24; at++) expect(new Set(seen.map((id) => id[at])).size, `position ${at}`).toBeGreaterThan(30);
    expect([...seen].sort()).not.toEqual(seen);
  });

  it('is the id the access line records', async () => {
    const res = await k.http('GET', '/healthz');
    const id = res.headers.get('x-request-id')!;

    expect(k.logs.filter((l) => l.includes(`"reqId":"${id}"`))).toHaveLength(1);
  });
});
