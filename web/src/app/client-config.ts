// What the server tells the page at /dashboard/config.json (src/dashboard/dashboard-config.ts).
export interface ClientConfig {
  readonly firebase: { readonly apiKey: string; readonly authDomain: string; readonly projectId: string } | null;
  readonly emulatorUrl: string | null;
  readonly google: boolean;
  /** Rate limits a key gets when none is given, by access. */
  readonly defaultRateLimit: { readonly FULL_ACCESS: number; readonly READ_ONLY: number };
}

export async function loadClientConfig(): Promise<ClientConfig> {
  const res = await fetch('/dashboard/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the dashboard's configuration answered ${res.status}`);
  return (await res.json()) as ClientConfig;
}
