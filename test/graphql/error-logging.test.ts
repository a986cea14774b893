// What reaches the log when a GraphQL operation fails: faults, with the request id the caller
// was given; never a client's own mistake (that is answered, and the access line records it).
import { describe, expect, it, vi } from 'vitest';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();

/** The log lines of one request, but for its access line. */
function linesOf(reqId: string): Record<string, any>[] {
  return k.logs.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.reqId === reqId && l.msg !== 'request');
}

/**
 * Every line logged while `send` ran, whoever logged it (a line without the request id counts
 * too), but for its access line. A later request's access line closes the window: whatever the
 * first request still had to log comes before it.
 */
async function linesWhile<T extends { headers: Headers }>(send: () => Promise<T>): Promise<{ res: T; lines: Record<string, any>[] }> {
  const from = k.logs.length;
  const res = await send();
  const marker = (await k.http('GET', '/healthz')).headers.get('x-request-id');
  await vi.waitFor(() => expect(k.logs.some((l) => l.includes(`"reqId":"${marker}"`))).toBe(true));
  const reqId = res.headers.get('x-request-id');
  const lines = k.logs
    .slice(from)
    .map((l) => JSON.parse(l) as Record<string, any>)
    .filter((l) => !(l.msg === 'request' && (l.reqId === reqId || l.reqId === marker)));
  return { res, lines };
}

describe('a GraphQL syntax error', () => {
  it.each([
    ['GET', () => k.http('GET', `/graphql?query=${encodeURIComponent('{ organizations { id ')}`, { headers: { 'apollo-require-preflight': '1' } })],
    ['POST', () => k.http('POST', '/graphql', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ organizations { id ' }) })],
  ])('over %s is answered BAD_USER_INPUT and logs nothing', async (_method, send) => {
    const { res, lines } = await linesWhile(send);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(lines).toEqual([]);
  });
});

describe('an unexpected fault', () => {
  it('is logged as an error with the request id, and masked for the caller', async () => {
    const { user } = await k.signedUp();
    const orgs = k.keyhold.services.orgs as unknown as { listForCaller: () => Promise<never> };
    orgs.listForCaller = async () => {
      throw new Error('index corrupted');
    };
    try {
      const res = await k.gql('{ organizations { id } }', {}, { token: user.idToken });

      expect(res.body.errors![0].extensions.code).toBe('UNAVAILABLE');
      expect(res.body.errors![0].message).not.toContain('index corrupted');
      const lines = linesOf(res.headers.get('x-request-id')!);
      expect(lines).toEqual([
        expect.objectContaining({ level: 50, msg: 'graphql operation failed', err: expect.objectContaining({ message: 'index corrupted' }) }),
      ]);
    } finally {
      delete (orgs as { listForCaller?: unknown }).listForCaller;
    }
  });
});
