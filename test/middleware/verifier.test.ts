// The verifier behind both middlewares, in front of a real Keyhold: what it refuses without a
// call, what it asks /verify, how long it reuses a good answer, one call for many requests, and
// what it does when Keyhold cannot answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { keyChecksum } from '../../src/core/key-format.js';
import { createVerifier, type VerifyOptions } from '../../src/middleware/verifier.js';
import { schemaHas, until } from '../client/schema.js';
import { useKeyhold } from '../support/harness.js';
import { mintKey, revoke } from '../verify/support.js';

const k = useKeyhold();
const bearer = (key: string) => ({ method: 'GET', headers: { authorization: `Bearer ${key}` } });

/** A verifier on a hand-moved clock that counts its calls to /verify (through the real fetch). */
function counted(options: Partial<VerifyOptions> = {}) {
  const clock = new ManualClock();
  const calls: URL[] = [];
  const verifier = createVerifier({
    url: k.url,
    clock,
    fetch: (input, init) => {
      calls.push(new URL(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
    ...options,
  });
  return { verifier, clock, calls };
}

describe("refused without asking Keyhold, with Keyhold's own answer", () => {
  const wellFormedUnknown = () => {
    const first30 = 'sk_live_' + 'Z'.repeat(22);
    return first30 + keyChecksum(first30);
  };

  it.each([
    ['no key', {}, 401, 'missing_api_key'],
    ['a malformed key', { authorization: 'Bearer sk_live_short' }, 401, 'invalid_api_key'],
    ['a bad checksum', { 'x-api-key': wellFormedUnknown().slice(0, -1) + '0' }, 401, 'invalid_api_key'],
    ['a Firebase token where a key belongs', { authorization: 'Bearer eyJhbGciOi.e30.' }, 401, 'invalid_api_key'],
  ])('%s', async (_, headers, status, code) => {
    const { verifier, calls } = counted();

    const decision = await verifier.check({ method: 'GET', headers });
    const direct = await k.http('GET', '/verify', { headers: headers as Record<string, string> });

    expect(decision).toMatchObject({ allowed: false, status, body: { valid: false, error: { code } } });
    expect(decision).toMatchObject({ status: direct.status, body: direct.body });
    expect(calls).toEqual([]);
  });

  it('a repeated credential header, as Keyhold does', async () => {
    const key = await mintKey(k);
    const { verifier, calls } = counted();

    const decision = await verifier.check({
      method: 'GET',
      headers: { 'x-api-key': key.secret },
      rawHeaders: ['X-API-Key', key.secret, 'x-api-key', key.secret],
    });

    expect(decision).toMatchObject({ allowed: false, status: 401, body: { error: { code: 'invalid_api_key' } } });
    expect(calls).toEqual([]);
  });
});

describe('asking /verify', () => {
  it('lets a good key in with its id, org, project and access, passing the guarded method', async () => {
    const key = await mintKey(k, { name: 'orders', access: 'FULL_ACCESS' });
    const { verifier, calls } = counted();

    const decision = await verifier.check({ method: 'delete', headers: { 'x-api-key': key.secret } });

    expect(decision).toEqual({
      allowed: true,
      key: { keyId: key.id, orgId: key.orgId, projectId: null, name: 'orders', access: 'full_access', expiresAt: null },
    });
    expect(calls.map((u) => `${u.pathname}${u.search}`)).toEqual(['/verify?method=DELETE']);
  });

  it('passes a refusal through with its status, body and headers: read-only key on POST', async () => {
    const key = await mintKey(k, { access: 'READ_ONLY' });
    const { verifier } = counted();

    const decision = await verifier.check({ ...bearer(key.secret), method: 'POST' });

    expect(decision).toMatchObject({ allowed: false, status: 403, body: { valid: false, error: { code: 'forbidden' } } });
    expect(decision.allowed === false && decision.headers['x-api-key-id']).toBe(key.id);
  });

  it('passes 429 through with Retry-After and the X-RateLimit headers', async () => {
    const key = await mintKey(k, { rateLimitPerMinute: 1 });
    const { verifier } = counted({ cacheTtlMs: 0 });
    await verifier.check(bearer(key.secret));

    const decision = await verifier.check(bearer(key.secret));

    expect(decision).toMatchObject({ allowed: false, status: 429, body: { error: { code: 'rate_limited' } } });
    if (decision.allowed) throw new Error('unreachable');
    expect(Object.keys(decision.headers).sort()).toEqual(['retry-after', 'x-api-key-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
    expect(decision.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('sends ?project= when one is configured', async () => {
    const key = await mintKey(k);
    const { verifier, calls } = counted({ project: 'prj_00000000000000000000', onUnavailable: () => {} });

    await verifier.check(bearer(key.secret));

    expect(calls[0]?.searchParams.get('project')).toBe('prj_00000000000000000000');
  });
});

describe('a verifier guarding one project', () => {
  it.skipIf(!schemaHas('Mutation.createProject'))(
    `lets in keys of that project and organization-wide keys, and refuses others with 403${until('Mutation.createProject')}`,
    async () => {
      const { user, orgId, secret: orgWide } = await k.signedUp('Projects');
      const project = async (name: string) =>
        (await k.gql('mutation($orgId: ID!, $name: String!) { createProject(orgId: $orgId, name: $name) { id } }', { orgId, name }, { token: user.idToken }))
          .body.data.createProject.id as string;
      const [web, batch] = [await project('web'), await project('batch')];
      const { secret: webKey, id: webKeyId } = await k.mint(user.idToken, { orgId, name: 'web', projectId: web });
      const { secret: batchKey } = await k.mint(user.idToken, { orgId, name: 'batch', projectId: batch });
      const { verifier } = counted({ project: web });

      const [own, wide, other] = await Promise.all([webKey, orgWide, batchKey].map((key) => verifier.check(bearer(key))));

      expect(own).toMatchObject({ allowed: true, key: { keyId: webKeyId, projectId: web } });
      expect(wide).toMatchObject({ allowed: true, key: { projectId: null } });
      expect(other).toMatchObject({ allowed: false, status: 403, body: { error: { code: 'forbidden' } } });
    },
  );
});

describe('good answers are reused for at most a second', () => {
  it('a revoked key is let in from the cache within the second, and refused once it has passed', async () => {
    const key = await mintKey(k);
    const { verifier, clock, calls } = counted();
    expect((await verifier.check(bearer(key.secret))).allowed).toBe(true);
    await revoke(k, key);

    clock.advance(999);
    const within = await verifier.check(bearer(key.secret));
    clock.advance(1);
    const after = await verifier.check(bearer(key.secret));

    expect(within.allowed).toBe(true);
    expect(after).toMatchObject({ allowed: false, status: 401, body: { error: { code: 'invalid_api_key' } } });
    expect(calls).toHaveLength(2);
  });

  it('by key and method: another method asks again', async () => {
    const key = await mintKey(k);
    const { verifier, calls } = counted();

    await verifier.check(bearer(key.secret));
    await verifier.check(bearer(key.secret));
    await verifier.check({ ...bearer(key.secret), method: 'POST' });

    expect(calls.map((u) => u.searchParams.get('method'))).toEqual(['GET', 'POST']);
  });

  it("never past the key's own expiry", async () => {
    const key = await mintKey(k, { expiresInMs: 60_000 });
    const { verifier, clock, calls } = counted();
    const expiresAt = k.clock.now() + 60_000;
    clock.set(expiresAt - 400);

    await verifier.check(bearer(key.secret));
    clock.set(expiresAt);
    await verifier.check(bearer(key.secret));

    expect(calls).toHaveLength(2);
  });

  it('never longer than a second: a longer cacheTtlMs is refused at once', () => {
    expect(() => createVerifier({ url: k.url, cacheTtlMs: 1001 })).toThrow(/cacheTtlMs must be from 0 to 1000/);
  });
});

describe('concurrent requests with one key', () => {
  it('share one /verify call', async () => {
    const key = await mintKey(k);
    const { verifier, calls } = counted({ cacheTtlMs: 0 });

    const decisions = await Promise.all(Array.from({ length: 20 }, () => verifier.check(bearer(key.secret))));

    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

describe('when Keyhold cannot answer', () => {
  let silent: Server;
  let silentUrl: string;
  let closedUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(() => {
    silent.closeAllConnections();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('refuses with 503 when it is unreachable, and says why (never the key)', async () => {
    const key = await mintKey(k);
    const problems: string[] = [];
    const verifier = createVerifier({ url: closedUrl, onUnavailable: (p) => problems.push(p) });

    const decision = await verifier.check(bearer(key.secret));

    expect(decision).toEqual({ allowed: false, status: 503, headers: {}, body: { valid: false, error: { code: 'unavailable', message: expect.any(String) } } });
    expect(problems).toEqual([`Cannot reach Keyhold at ${closedUrl}/verify (connection refused).`]);
  });

  it('refuses with 503 when it does not answer in time', async () => {
    const key = await mintKey(k);
    const problems: string[] = [];
    const verifier = createVerifier({ url: silentUrl, timeoutMs: 50, onUnavailable: (p) => problems.push(p) });

    const decision = await verifier.check(bearer(key.secret));

    expect(decision).toMatchObject({ allowed: false, status: 503 });
    expect(problems).toEqual([`Keyhold at ${silentUrl}/verify did not answer within 50 ms.`]);
  });

  it('lets the request through unchecked with failOpen, and caches nothing', async () => {
    const key = await mintKey(k);
    let calls = 0;
    const verifier = createVerifier({ url: closedUrl, failOpen: true, onUnavailable: () => calls++ });

    const first = await verifier.check(bearer(key.secret));
    const second = await verifier.check(bearer(key.secret));

    expect(first).toEqual({ allowed: true, key: null });
    expect(second).toEqual({ allowed: true, key: null });
    expect(calls).toBe(2);
  });
});
