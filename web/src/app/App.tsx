// The page: sign-in until someone is signed in, then the dashboard's routes inside the shell.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createClient, type ApiResult, type GraphQLClient } from '../api/client.js';
import type { Session, SignedInUser } from '../auth/auth.js';
import { Loading } from '../components/States.js';
import { Organization } from '../pages/Organization.js';
import { Organizations } from '../pages/Organizations.js';
import { SignIn } from '../pages/SignIn.js';
import { ApiContext } from './api-context.js';
import { navigate, paths, useRoute } from './router.js';

export function App({ session }: { session: Session }) {
  const [user, setUser] = useState<SignedInUser | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => session.onChange(setUser), [session]);

  // A call refused as UNAUTHENTICATED (an expired session, a user removed from the emulator)
  // signs the person out, with a word on why.
  const client = useMemo<GraphQLClient>(() => {
    const inner = createClient({ endpoint: '/graphql', idToken: () => session.idToken() });
    return {
      async request(op, variables) {
        const result = (await inner.request(op, variables)) as ApiResult<never>;
        if (!result.ok && result.error.code === 'UNAUTHENTICATED') {
          setNotice('Your session has ended. Sign in again.');
          await session.signOut();
        }
        return result;
      },
    };
  }, [session]);

  const route = useRoute();
  if (user === undefined) return <Loading label="Checking your sign-in…" />;
  if (!user) return <SignIn session={session} mode={route.page === 'signup' ? 'signup' : 'signin'} notice={notice} />;
  return (
    <ApiContext.Provider value={client}>
      <Shell
        user={user}
        devAuth={session.emulatorUrl !== null}
        onSignOut={() => {
          setNotice(null);
          void session.signOut();
          navigate(paths.organizations());
        }}
      >
        {route.page === 'organizations' || route.page === 'signup' ? (
          <Organizations />
        ) : route.page === 'organization' ? (
          <Organization key={route.orgId} orgId={route.orgId} section={route.section} params={route.params} />
        ) : (
          <NotFound />
        )}
      </Shell>
    </ApiContext.Provider>
  );
}

function Shell(props: { user: SignedInUser; devAuth: boolean; onSignOut: () => void; children: ComponentChildren }) {
  return (
    <>
      {/* Hash links are routes here, so the skip link moves focus itself. */}
      <a class="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={paths.organizations()}>
          Keyhold
        </a>
        {props.devAuth && <span class="badge badge-dev">Auth Emulator</span>}
        <div class="account">
          <span class="account-email">{props.user.email ?? props.user.uid}</span>
          <button type="button" class="button button-small" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="content" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

function skipToContent(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <a href={paths.organizations()}>Go to your organizations</a>
      </p>
    </>
  );
}
