// The database going away mid-run: /verify answers 503 unavailable (never 401) for a key it has
// to look up, /readyz reports it, /healthz does not care, and both recover when it comes back,
// without restarting the server.
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from '../../src/core/key-format.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, refusal } from './support.js';

const k = useKeyhold();

/**
 * Asks until `probe` answers `status`: the driver reconnects on its own schedule, not ours. No
 * timer: while the database is away each probe itself waits for server selection (≤ 1 s).
 */
async function until(probe: () => Promise<{ status: number }>, status: number, attempts = 10): Promise<void> {
  for (let i = 0; i < attempts; i++) if ((await probe()).status === status) return;
  throw new Error(`never answered ${status}`);
}

describe('health', () => {
  it('/healthz answers 200 while the process is up', async () => {
    const res = await k.http('GET', '/healthz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when the database answers', async () => {
    const res = await k.http('GET', '/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });
});

// Stopping the database is only possible with the embedded one: a real MONGODB_URI is not ours
// to stop, so this block is skipped against one.
describe.skipIf(Boolean(process.env.MONGODB_URI))('the database down, then back', () => {
  it('answers 503 for keys it must look up, reports not ready, and recovers without a restart', async () => {
    const embedded = k.keyhold.embedded!;
    const minted = await mintKey(k);
    const cached = await mintKey(k);
    expect((await k.verify({ apiKey: cached.secret })).status).toBe(200);
    // Minting does not cache; forgetting makes sure this key must come from the database.
    k.keyhold.services.lookup.forget(hashApiKey(minted.secret));
    const firstSeenWhileDown = generateApiKey();

    await embedded.stop();
    try {
      for (const secret of [minted.secret, firstSeenWhileDown]) {
        for (const method of ['GET', 'POST']) {
          const res = await k.verify({ apiKey: secret }, '', method);
          expect(res.status).toBe(503);
          expect(res.body).toStrictEqual(refusal('unavailable'));
          expect(res.headers.get('x-api-key-id')).toBeNull();
        }
      }
      // Logged through the request's logger, with its request id.
      expect(k.logs.filter((l) => l.includes('"msg":"verify: database unavailable"') && /"reqId":"[A-Za-z0-9_-]{24}"/.test(l)).length).toBe(4);
      const ready = await k.http('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable' });
      expect((await k.http('GET', '/healthz')).status).toBe(200);
      // What needs no database still works: a cached key, and a malformed one.
      expect((await k.verify({ apiKey: cached.secret })).status).toBe(200);
      expect((await k.verify({ apiKey: 'sk_live_nope' })).body).toStrictEqual(refusal('invalid_api_key'));
    } finally {
      await embedded.restart();
    }

    await until(() => k.http('GET', '/readyz'), 200);
    const back = await k.verify({ apiKey: minted.secret });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ valid: true, key_id: minted.id });
    const unknown = await k.verify({ apiKey: firstSeenWhileDown });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toStrictEqual(refusal('invalid_api_key'));
  });
});
