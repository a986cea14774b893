// Firebase unreachable: a person's real ID token cannot be checked, so the answer is UNAVAILABLE
// (retry), never UNAUTHENTICATED (sign in again); API keys, which need no Firebase, keep working.
//
// The server's Firebase Auth points at a port where nothing listens, while the harness still
// makes users and tokens at the suite's emulator. firebase-admin reads FIREBASE_AUTH_EMULATOR_HOST
// from process.env on every call (the verifier copies it there from configuration), which is why
// this needs its own file: the variable is the worker's, not the app's.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalContext } from '../../src/core/request-context.js';
import { SIGNUP, startTestKeyhold, type TestKeyhold } from '../support/harness.js';
import { countDocuments, errorCodes } from '../security/helpers.js';

const UNAVAILABLE = { message: 'Keyhold cannot reach its database or Firebase right now; retry shortly.', extensions: { code: 'UNAVAILABLE' } };
let k: TestKeyhold;
let savedHost: string | undefined;
let key: { secret: string; id: string; orgId: string };

beforeAll(async () => {
  savedHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  k = await startTestKeyhold({ FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${await closedPort()}` });
  // A key made through the service layer, since signing up over HTTP needs Firebase.
  const owner = await k.user();
  const made = await k.keyhold.services.signup.signup(internalContext({ kind: 'user', uid: owner.uid }), { orgName: 'Keys Still Work' });
  if (!made.ok) throw new Error(made.error.code);
  key = { secret: made.value.secret, id: made.value.key.id, orgId: made.value.orgId };
  k.secrets.add(key.secret).add(made.value.webhookSecret);
});
afterAll(async () => {
  await k.close();
  // process.env stores strings: assigning undefined would set "undefined".
  if (savedHost === undefined) delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  else process.env.FIREBASE_AUTH_EMULATOR_HOST = savedHost;
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a real ID token while Firebase is unreachable', () => {
  it('is UNAVAILABLE (503) for a query', async () => {
    const user = await k.user();
    const res = await k.gql('{ organizations { id } }', {}, { token: user.idToken });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ errors: [UNAVAILABLE] });
  });

  it('is UNAVAILABLE (503) for a mutation, which writes nothing', async () => {
    const user = await k.user();
    const before = await countDocuments(k);
    const res = await k.gql(SIGNUP, { input: { orgName: 'Never Made' } }, { token: user.idToken });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ errors: [UNAVAILABLE] });
    expect(await countDocuments(k)).toEqual(before);
  });

  it('is logged for operators, with the cause and without the token', async () => {
    const user = await k.user();
    const logged = k.logs.length;
    await k.gql('{ organizations { id } }', {}, { token: user.idToken });
    const lines = k.logs.slice(logged).filter((line) => line.includes('firebase unreachable'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, err: { code: 'app/network-error', message: expect.stringContaining('ECONNREFUSED') } });
    expect(lines[0]).not.toContain(user.idToken);
  });
});

describe('what needs no Firebase', () => {
  it('a token that cannot be valid is still UNAUTHENTICATED: it fails before any call', async () => {
    const res = await k.gql('{ organizations { id } }', {}, { token: 'this-is-not-a-jwt' });
    expect(errorCodes(res.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('API keys keep working, at /verify and GraphQL', async () => {
    expect((await k.verify({ apiKey: key.secret })).body).toMatchObject({ valid: true, key_id: key.id, org_id: key.orgId });
    expect((await k.gql('{ currentKey { id } }', {}, { apiKey: key.secret })).body).toEqual({ data: { currentKey: { id: key.id } } });
  });

  it('an API key calling a Firebase-only mutation is FORBIDDEN, not UNAVAILABLE', async () => {
    const res = await k.gql(SIGNUP, { input: { orgName: 'By key' } }, { apiKey: key.secret });
    expect(errorCodes(res.body)).toEqual(['FORBIDDEN']);
  });
});
