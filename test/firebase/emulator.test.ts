// Proves the Auth Emulator harness, and pins down how firebase-admin 13 answers in emulator
// mode: the server maps these codes to UNAUTHENTICATED, and the network ones to UNAVAILABLE.
import { createServer, type Socket } from 'node:net';
import { FirebaseAppError, initializeApp } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { beforeAll, describe, expect, test } from 'vitest';
import { AuthEmulatorStartError, findFreePort, startAuthEmulator } from '../../scripts/auth-emulator.js';
import { helperAuth, useAuthEmulator, type EmulatorTarget } from '../support/firebase-emulator.js';
import { createUser, decodeToken, disableUser, forgeToken, revokeTokens, signIn, TOKEN_FORGERIES, type TokenForgery } from '../support/firebase-tokens.js';

let emulator: EmulatorTarget;
let auth: Auth;

beforeAll(() => {
  emulator = useAuthEmulator();
  auth = helperAuth(emulator);
});

function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  return promise.then(
    () => expect.fail('expected verifyIdToken to reject'),
    (error: { code?: string; message: string }) => error,
  );
}

describe('tokens the emulator issues', () => {
  test('a new user’s token verifies and carries the uid and email', async () => {
    const user = await createUser(emulator);

    const decoded = await auth.verifyIdToken(user.idToken);

    expect(decoded.uid).toBe(user.uid);
    expect(decoded.email).toBe(user.email);
    expect(decoded.aud).toBe(emulator.projectId);
    expect(decodeToken(user.idToken).auth_time).toBe(decoded.auth_time);
  });

  test('signing in again gives a fresh token for the same user', async () => {
    const user = await createUser(emulator);

    const token = await signIn({ ...emulator, ...user });

    expect((await auth.verifyIdToken(token, true)).uid).toBe(user.uid);
  });

  test('each email is unique unless chosen, and a chosen one is kept', async () => {
    const [a, b] = await Promise.all([createUser(emulator), createUser(emulator)]);
    const chosen = await createUser({ ...emulator, email: `chosen-${a.uid}@keyhold.test` });

    expect(a.email).not.toBe(b.email);
    expect(chosen.email).toBe(`chosen-${a.uid}@keyhold.test`);
  });
});

describe('revoked and disabled users', () => {
  test('after revokeTokens, the earlier token is revoked at once', async () => {
    const user = await createUser(emulator);
    await expect(auth.verifyIdToken(user.idToken, true)).resolves.toMatchObject({ uid: user.uid });

    await revokeTokens({ ...emulator, uid: user.uid });

    expect(await rejection(auth.verifyIdToken(user.idToken, true))).toMatchObject({ code: 'auth/id-token-revoked' });
  });

  // In emulator mode firebase-admin looks the user up on every call, checkRevoked or not;
  // in production only checkRevoked = true does, so the server must pass it.
  test('in emulator mode a revoked token is refused even without checkRevoked', async () => {
    const user = await createUser(emulator);
    await revokeTokens({ ...emulator, uid: user.uid });

    expect(await rejection(auth.verifyIdToken(user.idToken))).toMatchObject({ code: 'auth/id-token-revoked' });
  });

  test('a disabled user’s token is refused with auth/user-disabled, with or without checkRevoked', async () => {
    const user = await createUser(emulator);

    await disableUser({ ...emulator, uid: user.uid });

    expect(await rejection(auth.verifyIdToken(user.idToken, true))).toMatchObject({ code: 'auth/user-disabled' });
    expect(await rejection(auth.verifyIdToken(user.idToken))).toMatchObject({ code: 'auth/user-disabled' });
    await expect(signIn({ ...emulator, ...user })).rejects.toThrow(/USER_DISABLED/);
  });
});

describe('forged tokens', () => {
  const expectedCode: Record<TokenForgery, string> = {
    expired: 'auth/id-token-expired',
    'wrong-audience': 'auth/argument-error',
    'wrong-issuer': 'auth/argument-error',
    // Well-formed for this project: only the emulator lookup finds nobody behind it.
    'unknown-user': 'auth/user-not-found',
    'empty-subject': 'auth/argument-error',
    'bad-signature': 'auth/argument-error',
    garbage: 'auth/argument-error',
  };

  test.each(TOKEN_FORGERIES)('%s is refused', async (change) => {
    const user = await createUser(emulator);
    const forged = forgeToken(user.idToken, change);

    expect(forged).not.toBe(user.idToken);
    expect(await rejection(auth.verifyIdToken(forged, true))).toMatchObject({ code: expectedCode[change] });
  });

  test('a forgery changes only what it names', async () => {
    const { idToken } = await createUser(emulator);

    expect(decodeToken(forgeToken(idToken, 'wrong-audience'))).toEqual({ ...decodeToken(idToken), aud: 'demo-someone-else' });
  });
});

describe('when Firebase cannot be reached', () => {
  // firebase-admin fixes an Auth instance's endpoint when it is made, but asks the variable
  // on every call whether to skip the signature check: it must stay set during the call.
  async function withEmulatorHost<T>(host: string, run: (auth: Auth) => Promise<T>): Promise<T> {
    const saved = process.env.FIREBASE_AUTH_EMULATOR_HOST;
    process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
    try {
      const app = initializeApp({ projectId: emulator.projectId }, `keyhold-unreachable-${host}`);
      return await run(getAuth(app));
    } finally {
      process.env.FIREBASE_AUTH_EMULATOR_HOST = saved;
    }
  }

  test('a closed port gives app/network-error, a FirebaseAppError, not an auth/ code', async () => {
    const user = await createUser(emulator);
    const closed = `127.0.0.1:${await findFreePort()}`;

    const error = await withEmulatorHost(closed, (down) => rejection(down.verifyIdToken(user.idToken, true)));

    expect(error).toBeInstanceOf(FirebaseAppError);
    expect(error).toMatchObject({ code: 'app/network-error' });
    expect(error.message).toMatch(/^Error while making request: connect ECONNREFUSED .* Error code: ECONNREFUSED$/);
  });

  // firebase-admin waits 25 s per attempt and retries timeouts 4 times: a hung Firebase holds
  // a request for minutes unless the server bounds verifyIdToken itself.
  test('a host that accepts but never answers leaves verifyIdToken pending', async () => {
    const user = await createUser(emulator);
    const sockets = new Set<Socket>();
    const hung = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as { port: number };

    const verdict = await withEmulatorHost(`127.0.0.1:${port}`, async (down) => {
      const pending = down.verifyIdToken(user.idToken, true).then(
        () => 'resolved',
        (error: { code?: string }) => error.code,
      );
      const early = await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 1_000, 'pending'))]);
      hung.close();
      for (const socket of sockets) socket.destroy();
      return { early, late: await pending };
    });

    expect(verdict).toEqual({ early: 'pending', late: 'app/network-error' });
  });
});

describe('the launcher', () => {
  test('starts its own emulator on free ports and stop() takes it down', { timeout: 90_000 }, async () => {
    const own = await startAuthEmulator({ projectId: 'demo-launcher-test' });
    try {
      expect(own.host).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(own.host).not.toBe(emulator.host);
      const user = await createUser(own);
      expect(decodeToken(user.idToken).aud).toBe('demo-launcher-test');
      expect(own.output()).toMatch(/All emulators ready/);
      // firebase-tools' defaults: UI 4000 (Keyhold's own port), hub 4400, logging 4500.
      const hub = /Emulator Hub host: \S+ port: (\d+)/.exec(own.output())?.[1] ?? '';
      const reserved = /Other reserved ports: ([\d, ]+)/.exec(own.output())?.[1] ?? '';
      const ports = [hub, ...reserved.split(/[ ,]+/)].filter((port) => port !== '');
      expect(ports).toHaveLength(2);
      expect(ports).not.toContain('4000');
      expect(ports).not.toContain('4400');
      expect(ports).not.toContain('4500');
    } finally {
      await own.stop();
    }
    await own.exited;
    await expect(fetch(`http://${own.host}/`)).rejects.toThrow();
  });

  test('a taken port fails fast with the emulator’s own words', { timeout: 90_000 }, async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const failure = startAuthEmulator({ port, timeoutMs: 60_000 });

      await expect(failure).rejects.toBeInstanceOf(AuthEmulatorStartError);
      await expect(failure).rejects.toThrow(/port taken/);
    } finally {
      squatter.close();
    }
  });
});
