// The per-user revocation cache on its own, with a hand-moved clock: Firebase (the inner
// verifier's checkRevoked calls, each a user lookup in production) is asked at most once per
// user per TTL, an older sign-in of the same user is checked afresh, and a refusal is never
// remembered as good.
import { describe, expect, it } from 'vitest';
import type { IdTokenOutcome, IdTokenVerifier } from '../../src/auth/id-token-verifier.js';
import { RevocationCache } from '../../src/auth/revocation-cache.js';
import { ManualClock } from '../../src/core/clock.js';

const TTL = 5000;

/** A token as Firebase issues them, as far as the cache reads it: `sub` and `auth_time`. */
function token(uid: string, authTime: number): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: uid, auth_time: authTime })}.`;
}

/** Stands in for firebase-admin: records each call; a user is good unless listed as revoked since a time. */
class Firebase implements IdTokenVerifier {
  readonly calls: { uid: string; checkRevoked: boolean }[] = [];
  readonly validSince = new Map<string, number>();

  async verify(t: string, { checkRevoked }: { checkRevoked: boolean }): Promise<IdTokenOutcome> {
    const { sub, auth_time } = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { sub: string; auth_time: number };
    this.calls.push({ uid: sub, checkRevoked });
    if (checkRevoked && auth_time < (this.validSince.get(sub) ?? 0)) return { ok: false };
    return { ok: true, uid: sub };
  }

  lookups(uid?: string): number {
    return this.calls.filter((c) => c.checkRevoked && (uid === undefined || c.uid === uid)).length;
  }

  async close(): Promise<void> {}
}

function setup(ttlMs = TTL) {
  const clock = new ManualClock();
  const firebase = new Firebase();
  return { clock, firebase, cache: new RevocationCache(firebase, { clock, ttlMs }) };
}

describe('RevocationCache', () => {
  it('asks Firebase once per user per TTL, however many operations', async () => {
    const { clock, firebase, cache } = setup();
    const ada = token('ada', 100);

    for (let i = 0; i < 50; i++) expect(await cache.verify(ada, { checkRevoked: true })).toEqual({ ok: true, uid: 'ada' });
    expect(firebase.lookups()).toBe(1);
    expect(firebase.calls).toHaveLength(50);

    clock.advance(TTL - 1);
    await cache.verify(ada, { checkRevoked: true });
    expect(firebase.lookups()).toBe(1);

    clock.advance(1);
    await cache.verify(ada, { checkRevoked: true });
    expect(firebase.lookups()).toBe(2);
  });

  it('sees a revocation once the TTL has passed', async () => {
    const { clock, firebase, cache } = setup();
    const ada = token('ada', 100);
    await cache.verify(ada, { checkRevoked: true });

    firebase.validSince.set('ada', 200);
    expect(await cache.verify(ada, { checkRevoked: true })).toEqual({ ok: true, uid: 'ada' });
    clock.advance(TTL);
    expect(await cache.verify(ada, { checkRevoked: true })).toEqual({ ok: false });
  });

  it('checks an older sign-in of a user afresh, and remembers a refusal as nothing', async () => {
    const { firebase, cache } = setup();
    firebase.validSince.set('ada', 150);
    expect(await cache.verify(token('ada', 200), { checkRevoked: true })).toEqual({ ok: true, uid: 'ada' });

    expect(await cache.verify(token('ada', 100), { checkRevoked: true })).toEqual({ ok: false });
    expect(await cache.verify(token('ada', 100), { checkRevoked: true })).toEqual({ ok: false });
    expect(firebase.lookups('ada')).toBe(3);
    // The refusal forgot Ada: her newer token is checked again too.
    expect(await cache.verify(token('ada', 200), { checkRevoked: true })).toEqual({ ok: true, uid: 'ada' });
    expect(firebase.lookups('ada')).toBe(4);
  });

  it('keeps users apart', async () => {
    const { firebase, cache } = setup();
    await cache.verify(token('ada', 100), { checkRevoked: true });
    await cache.verify(token('grace', 100), { checkRevoked: true });
    await cache.verify(token('ada', 100), { checkRevoked: true });

    expect([firebase.lookups('ada'), firebase.lookups('grace')]).toEqual([1, 1]);
  });

  it('with a TTL of 0, asks Firebase every time', async () => {
    const { firebase, cache } = setup(0);
    for (let i = 0; i < 3; i++) await cache.verify(token('ada', 100), { checkRevoked: true });

    expect(firebase.lookups()).toBe(3);
  });

  it('checks in full, every time, a token whose claims it cannot read', async () => {
    const asked: boolean[] = [];
    const firebase: IdTokenVerifier = {
      verify: async (_t, { checkRevoked }) => {
        asked.push(checkRevoked);
        return { ok: true, uid: 'x' };
      },
      close: async () => {},
    };
    const cache = new RevocationCache(firebase, { clock: new ManualClock(), ttlMs: TTL });

    for (const unreadable of ['not-a-jwt', 'a.b.c', 'a.e30.c', token('x', 100).replace(/\.[^.]+\./, '.bm90IGpzb24.')]) {
      await cache.verify(unreadable, { checkRevoked: true });
      await cache.verify(unreadable, { checkRevoked: true });
    }

    expect(asked).toEqual(Array(8).fill(true));
  });
});
