// People and their ID tokens, made through the Auth Emulator's REST API, and bad tokens
// forged from good ones. Every helper names the emulator it talks to, so tests can run
// against the suite's emulator or one of their own.
import { randomBytes, randomUUID } from 'node:crypto';

export interface EmulatorTarget {
  /** `host:port` of the Auth Emulator. */
  host: string;
  projectId: string;
}

export interface TestUser {
  uid: string;
  email: string;
  password: string;
  idToken: string;
}

/** The claims of an emulator ID token, as far as Keyhold cares. */
export interface IdTokenClaims {
  sub: string;
  user_id: string;
  aud: string;
  iss: string;
  iat: number;
  exp: number;
  auth_time: number;
  email?: string;
  [claim: string]: unknown;
}

/** Signs up a new email/password user; the email is unique unless one is given. */
export async function createUser(options: EmulatorTarget & { email?: string; password?: string }): Promise<TestUser> {
  const email = options.email ?? `user-${randomUUID()}@keyhold.test`;
  const password = options.password ?? randomBytes(12).toString('base64url');
  const body = await call<{ localId: string; idToken: string }>(options, 'accounts:signUp', {
    email,
    password,
    returnSecureToken: true,
  });
  return { uid: body.localId, email, password, idToken: body.idToken };
}

/** A fresh ID token for an existing user. */
export async function signIn(options: EmulatorTarget & { email: string; password: string }): Promise<string> {
  const body = await call<{ idToken: string }>(options, 'accounts:signInWithPassword', {
    email: options.email,
    password: options.password,
    returnSecureToken: true,
  });
  return body.idToken;
}

export async function disableUser(options: EmulatorTarget & { uid: string }): Promise<void> {
  await adminUpdate(options, { localId: options.uid, disableUser: true });
}

/**
 * Revokes every token the user holds now, so `verifyIdToken` rejects them with
 * `auth/id-token-revoked`, without waiting for the clock.
 *
 * firebase-admin calls a token revoked when its `auth_time` (whole seconds) is before the
 * user's `validSince`. `revokeRefreshTokens` sets validSince to the current second, which
 * misses a token minted in that same second: a test would have to sleep past it. Setting
 * validSince to the next second instead (the emulator takes it verbatim from a privileged
 * `accounts:update`) catches every token issued so far, and also any issued before that
 * second ends: sign in again after `validSince` if a test needs a token that survives.
 */
export async function revokeTokens(options: EmulatorTarget & { uid: string }): Promise<{ validSince: Date }> {
  const seconds = Math.floor(Date.now() / 1000) + 1;
  await adminUpdate(options, { localId: options.uid, validSince: String(seconds) });
  return { validSince: new Date(seconds * 1000) };
}

export function decodeToken(token: string): IdTokenClaims {
  const [, payload] = token.split('.');
  if (payload === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IdTokenClaims;
}

/** Ways a presented ID token can be wrong; each maps to one forged variant of a real token. */
export const TOKEN_FORGERIES = ['expired', 'wrong-audience', 'wrong-issuer', 'unknown-user', 'empty-subject', 'bad-signature', 'garbage'] as const;
export type TokenForgery = (typeof TOKEN_FORGERIES)[number];

/**
 * A variant of a real emulator token. Emulator tokens are unsigned (`alg: none`), so any
 * claim can be rewritten; the variants differ from the original in one respect only.
 */
export function forgeToken(realToken: string, change: TokenForgery): string {
  const claims = decodeToken(realToken);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'none', typ: 'JWT' };
  switch (change) {
    case 'expired':
      return encode(header, { ...claims, iat: now - 7200, exp: now - 3600 });
    case 'wrong-audience':
      return encode(header, { ...claims, aud: 'demo-someone-else' });
    case 'wrong-issuer':
      return encode(header, { ...claims, iss: 'https://securetoken.google.com/demo-someone-else' });
    case 'unknown-user': {
      // Well-formed, right project, but nobody by that uid: only the lookup can tell.
      const uid = randomBytes(21).toString('base64url');
      return encode(header, { ...claims, sub: uid, user_id: uid });
    }
    case 'empty-subject':
      return encode(header, { ...claims, sub: '', user_id: '' });
    case 'bad-signature':
      // What a production token looks like from outside: RS256, a key id and a signature.
      return encode({ alg: 'RS256', kid: 'forged', typ: 'JWT' }, claims, randomBytes(256).toString('base64url'));
    case 'garbage':
      return 'this-is-not-a-jwt';
  }
}

function encode(header: object, claims: object, signature = ''): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${signature}`;
}

// The public, API-key endpoints act on the emulator's own project; the tokens they issue
// carry it as `aud`, so it must be the projectId the caller verifies against.
async function call<T>(target: EmulatorTarget, method: string, payload: object): Promise<T> {
  return request<T>(`http://${target.host}/identitytoolkit.googleapis.com/v1/${method}?key=keyhold-test`, payload);
}

// "Bearer owner" is the emulator's stand-in for an admin credential; only a privileged
// update may disable a user or set validSince.
async function adminUpdate(target: EmulatorTarget, payload: object): Promise<void> {
  const url = `http://${target.host}/identitytoolkit.googleapis.com/v1/projects/${target.projectId}/accounts:update`;
  await request(url, payload, { authorization: 'Bearer owner' });
}

async function request<T>(url: string, payload: object, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok) {
    const path = new URL(url).pathname;
    throw new Error(`Auth Emulator ${path} answered ${response.status}: ${body.error?.message ?? 'no message'}`);
  }
  return body;
}
