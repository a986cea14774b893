import type { ParsedConfig } from '../config/config.js';
import type { ExtraSources } from '../http/page-headers.js';

/**
 * What the dashboard's script needs to sign people in, served as JSON (never as an inline
 * script): the Firebase web config, and the Auth Emulator's URL in development.
 */
export interface DashboardClientConfig {
  /** null: sign-in is not configured on this server; the page says how to configure it. */
  readonly firebase: { readonly apiKey: string; readonly authDomain: string; readonly projectId: string } | null;
  /** The Auth Emulator the page signs in with (development), or null. */
  readonly emulatorUrl: string | null;
  /** Sign-in with Google: offered with a real Firebase project, not with the emulator. */
  readonly google: boolean;
  /** The rate limit a key gets when none is given, by access: the create-key form shows it. */
  readonly defaultRateLimit: { readonly FULL_ACCESS: number; readonly READ_ONLY: number };
}

// The emulator accepts any API key; the page must still name one.
const EMULATOR_API_KEY = 'emulator-api-key';

export function dashboardClientConfig(config: ParsedConfig): DashboardClientConfig {
  const { projectId, emulatorHost } = config.firebase;
  const { READ_ONLY, FULL_ACCESS } = config.keys.defaultRateLimit;
  const common = { defaultRateLimit: { READ_ONLY, FULL_ACCESS } };
  if (emulatorHost) {
    const firebase = { apiKey: EMULATOR_API_KEY, authDomain: `${projectId}.firebaseapp.com`, projectId };
    return { ...common, firebase, emulatorUrl: `http://${emulatorHost}`, google: false };
  }
  const web = config.dashboard.firebaseWeb;
  if (web) return { ...common, firebase: { apiKey: web.apiKey, authDomain: web.authDomain, projectId }, emulatorUrl: null, google: true };
  return { ...common, firebase: null, emulatorUrl: null, google: false };
}

/**
 * Where the page's sign-in talks to: the emulator, or Firebase Auth's endpoints, Google's
 * script for the sign-in popup and the auth domain's helper frame.
 */
export function dashboardSources(client: DashboardClientConfig): ExtraSources {
  if (client.emulatorUrl) return { connectSrc: [client.emulatorUrl] };
  if (!client.firebase) return {};
  return {
    connectSrc: ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com', 'https://www.googleapis.com'],
    scriptSrc: ['https://apis.google.com'],
    frameSrc: [`https://${client.firebase.authDomain}`],
  };
}
