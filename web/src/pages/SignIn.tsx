// Sign in, or create an account (#/signup). With the Auth Emulator the account lives only on
// this machine, and any email address will do.
import { useState } from 'preact/hooks';
import type { Session, SignInError } from '../auth/auth.js';
import { navigate, paths } from '../app/router.js';
import { Field } from '../components/Field.js';

export function SignIn(props: { session: Session; mode: 'signin' | 'signup'; notice: string | null }) {
  const { session, mode } = props;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);
  const signingUp = mode === 'signup';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!email.trim()) return setError({ field: 'email', message: 'Enter your email address.' });
    if (!password) return setError({ field: 'password', message: signingUp ? 'Choose a password of at least 6 characters.' : 'Enter your password.' });
    setBusy(true);
    setError(null);
    const failure = signingUp ? await session.signUp(email.trim(), password) : await session.signIn(email.trim(), password);
    setBusy(false);
    if (failure) setError(failure);
    else if (signingUp) navigate(paths.organizations());
  };

  const google = async () => {
    setError(null);
    const failure = await session.signInWithGoogle();
    if (failure) setError(failure);
  };

  return (
    <main class="auth-page" id="main">
      <p class="brand brand-large">Keyhold</p>
      <h1>{signingUp ? 'Create your Keyhold account' : 'Sign in to Keyhold'}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {session.emulatorUrl && (
        <p class="notice notice-dev">
          Development: accounts live in the Firebase Auth Emulator ({session.emulatorUrl}), on this machine only.
          {signingUp ? ' Any email address will do.' : ''}
        </p>
      )}
      <form class="card" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <Field label="Email" error={error?.field === 'email' ? error.message : undefined}>
          {(control) => <input {...control} type="email" name="email" autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field label="Password" hint={signingUp ? 'At least 6 characters.' : undefined} error={error?.field === 'password' ? error.message : undefined}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autocomplete={signingUp ? 'new-password' : 'current-password'}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        {error && !error.field && (
          <p class="notice notice-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? (signingUp ? 'Creating your account…' : 'Signing in…') : signingUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
      {session.google && (
        <button type="button" class="button button-block" onClick={() => void google()}>
          Sign in with Google
        </button>
      )}
      <p class="auth-switch">
        {signingUp ? (
          <>
            Have an account? <a href={paths.organizations()}>Sign in</a>
          </>
        ) : (
          <>
            New to Keyhold? <a href={paths.signup()}>Create an account</a>
          </>
        )}
      </p>
    </main>
  );
}

/** Shown when the server has no sign-in configured at all. */
export function SignInNotConfigured() {
  return (
    <main class="auth-page" id="main">
      <p class="brand brand-large">Keyhold</p>
      <h1>Sign-in is not configured</h1>
      <div class="notice notice-error">
        <p>This server has no Firebase sign-in set up, so the dashboard cannot sign anyone in.</p>
        <p>
          For development, start Keyhold with <code>npm run dev</code> (it runs the Firebase Auth Emulator). In production, set{' '}
          <code>FIREBASE_WEB_API_KEY</code> and <code>FIREBASE_AUTH_DOMAIN</code> from your Firebase project's web app settings.
        </p>
      </div>
    </main>
  );
}
