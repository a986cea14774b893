// Operations presenting a Firebase ID token are limited per address and per token before the
// token is verified, so no caller can make Keyhold call Firebase without bound.
//
// Keyhold's Firebase Auth points at a counting proxy in front of the suite's emulator, so the
// calls it makes to Firebase can be counted; the harness makes users at the emulator directly.
// firebase-admin reads FIREBASE_AUTH_EMULATOR_HOST from process.env (the verifier copies it
// there from configuration), which is why this needs its own file.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeToken } from '../support/firebase-tokens.js';
import { startTestKeyhold, type TestKeyhold } from '../support/harness.js';
import { useAuthEmulator } from '../support/firebase-emulator.js';

const MUTATION = 'mutation { __typename }';
let savedHost: string | undefined;
let proxy: { server: Server; host: string; lookups: () => number };

beforeAll(async () => {
  savedHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  proxy = await countingProxy(useAuthEmulator().host);
});
afterAll(async () => {
  await new Promise((resolve) => proxy.server.close(resolve));
  if (savedHost === undefined) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  else process.env.FIREBASE_AUTH_EMULATOR_HOST = savedHost;
});

/** An HTTP proxy to the emulator that counts the user lookups made through it. */
async function countingProxy(target: string): Promise<typeof proxy> {
  const [host, port] = target.split(':') as [string, string];
  let lookups = 0;
  const server = createServer((req, res) => {
    if (req.url?.includes('accounts:lookup')) lookups += 1;
    const upstream = request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, lookups: () => lookups };
}

/** Keyhold, its Firebase calls going through the counting proxy. */
async function keyholdBehindProxy(env: Record<string, string>): Promise<TestKeyhold> {
  return startTestKeyhold({ FIREBASE_AUTH_EMULATOR_HOST: proxy.host, ...env });
}

async function send(k: TestKeyhold, token: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await k.gql(MUTATION, {}, { token })).status);
  return statuses;
}

describe('per token', () => {
  let k: TestKeyhold;
  beforeAll(async () => {
    k = await keyholdBehindProxy({ RATE_LIMIT_SIGNED_IN_PER_TOKEN: '10/m', RATE_LIMIT_SIGNED_IN_PER_IP: '1000/m' });
  });
  afterAll(() => k.close());

  it('answers the limit, then RATE_LIMITED (429, Retry-After) without asking Firebase', async () => {
    const user = await k.user();
    const before = proxy.lookups();

    const statuses = await send(k, user.idToken, 30);

    expect(statuses).toEqual([...Array(10).fill(200), ...Array(20).fill(429)]);
    expect(proxy.lookups() - before).toBeLessThanOrEqual(10);
    const refused = await k.gql(MUTATION, {}, { token: user.idToken });
    expect(refused.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Rate limit reached: 10 signed-in operations per minute with this sign-in\. Retry in \d+ s\.$/),
        extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
      },
    ]);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('counts tokens that fail verification as well, and leaves other tokens alone', async () => {
    const user = await k.user();
    const forged = forgeToken(user.idToken, 'unknown-user');
    k.secrets.add(forged);
    const before = proxy.lookups();

    const statuses = await send(k, forged, 15);

    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    expect(proxy.lookups() - before).toBeLessThanOrEqual(10);
    expect((await k.gql(MUTATION, {}, { token: user.idToken })).status).toBe(200);
  });

  it('does not count API keys, held to their own limit', async () => {
    const { secret } = await k.signedUp();

    const statuses = await Promise.all(Array.from({ length: 15 }, () => k.gql('{ currentKey { id } }', {}, { apiKey: secret }).then((r) => r.status)));

    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});

describe('per address', () => {
  let k: TestKeyhold;
  beforeAll(async () => {
    k = await keyholdBehindProxy({ RATE_LIMIT_SIGNED_IN_PER_TOKEN: '100/m', RATE_LIMIT_SIGNED_IN_PER_IP: '6/m' });
  });
  afterAll(() => k.close());

  it('limits many tokens from one address together', async () => {
    const users = await Promise.all([k.user(), k.user(), k.user()]);
    const before = proxy.lookups();

    const statuses = [...(await send(k, users[0]!.idToken, 3)), ...(await send(k, users[1]!.idToken, 3)), ...(await send(k, users[2]!.idToken, 3))];

    expect(statuses).toEqual([...Array(6).fill(200), ...Array(3).fill(429)]);
    expect(proxy.lookups() - before).toBeLessThanOrEqual(6);
    const refused = await k.gql(MUTATION, {}, { token: users[2]!.idToken });
    expect(refused.body.errors![0].message).toMatch(/^Rate limit reached: 6 signed-in operations per minute from this address\./);
  });
});
