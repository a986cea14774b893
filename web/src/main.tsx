// The dashboard's entry: read the server's sign-in configuration, then render.
import { render } from 'preact';
import './styles.css';
import { App } from './app/App.js';
import { loadClientConfig } from './app/client-config.js';
import { ConfigContext } from './app/config-context.js';
import { createSession } from './auth/auth.js';
import { SignInNotConfigured } from './pages/SignIn.js';

async function start(root: HTMLElement): Promise<void> {
  try {
    const config = await loadClientConfig();
    const session = createSession(config);
    render(<ConfigContext.Provider value={config}>{session ? <App session={session} /> : <SignInNotConfigured />}</ConfigContext.Provider>, root);
  } catch {
    render(
      <main class="auth-page" id="main">
        <h1>Keyhold cannot be reached</h1>
        <p class="notice notice-error" role="alert">
          The dashboard could not load its settings from the server. Check that Keyhold is running, then reload the page.
        </p>
      </main>,
      root,
    );
  }
}

const root = document.getElementById('app');
if (root) void start(root);
