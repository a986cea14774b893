// One line per completed request (issue 2), /verify included: its request id is the one the
// caller got in X-Request-Id, with the status, and the key id when a key was recognised.
import { describe, expect, it, vi } from 'vitest';
import { useKeyhold } from '../support/harness.js';
import { mintKey } from './support.js';

const k = useKeyhold();

/** The access lines of one request (written when its answer is finished, so looked for until seen). */
async function accessLines(reqId: string): Promise<Record<string, unknown>[]> {
  const find = () => k.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request' && l.reqId === reqId);
  await vi.waitFor(() => expect(find().length).toBeGreaterThan(0));
  return find();
}

describe('the access line of /verify', () => {
  it('is written once for a good key, with the request id the caller saw, the status and the key id', async () => {
    const key = await mintKey(k);

    const res = await k.verify({ apiKey: key.secret }, '?method=GET');
    const reqId = res.headers.get('x-request-id')!;

    expect(reqId).toBeTruthy();
    const lines = await accessLines(reqId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, method: 'GET', url: '/verify?method=GET', status: 200, keyId: key.id, msg: 'request' });
    expect(lines[0]!.ms).toEqual(expect.any(Number));
  });

  it('has no key id when no key was recognised', async () => {
    const res = await k.verify({ apiKey: 'sk_live_not-a-key' });

    const lines = await accessLines(res.headers.get('x-request-id')!);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: 401 });
    expect(lines[0]).not.toHaveProperty('keyId');
  });
});
