import { CliFailure, EXIT } from './failure.js';

const TIMEOUT_MS = 10_000;

/**
 * An ID token from the Firebase Auth Emulator for an email and password (development only: a
 * real Firebase project signs people in through its own apps). `create` makes the account first.
 */
export async function emulatorSignIn(host: string, email: string, password: string, create: boolean): Promise<string> {
  const method = create ? 'accounts:signUp' : 'accounts:signInWithPassword';
  const url = `http://${host}/identitytoolkit.googleapis.com/v1/${method}?key=keyhold-cli`;
  let response: Response;
  let body: { idToken?: string; error?: { message?: string } } | undefined;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, returnSecureToken: true }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = (await response.json().catch(() => undefined)) as typeof body;
  } catch {
    throw new CliFailure(`Cannot reach the Firebase Auth Emulator at ${host}: is it running (npm run dev)?`, EXIT.refused, 'UNREACHABLE');
  }
  if (response.ok && typeof body?.idToken === 'string') return body.idToken;
  const reason = body?.error?.message ?? `HTTP ${response.status}`;
  const hint = /EMAIL_NOT_FOUND|INVALID_LOGIN_CREDENTIALS/.test(reason) && !create ? ' (a new account? add --create)' : '';
  throw new CliFailure(`The Auth Emulator refused the sign-in: ${reason}${hint}.`, EXIT.refused, 'UNAUTHENTICATED');
}
