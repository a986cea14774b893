import type { FastifyInstance } from 'fastify';
import type { ParsedConfig } from '../config/config.js';
import { pageSecurityHeaders } from '../http/page-headers.js';
import { errorBody, errorHandler } from '../http/rest-errors.js';
import { sendPage, type WebBuild } from '../http/web-build.js';
import { dashboardClientConfig, dashboardSources } from './dashboard-config.js';

export interface DashboardOptions {
  readonly config: ParsedConfig;
  readonly build: WebBuild;
}

/**
 * The dashboard at GET /: a page built from web/ that signs people in with Firebase and manages
 * organizations and keys through Keyhold's own GraphQL API. Its CSP admits the sign-in
 * endpoints and nothing inline; the page learns them from /dashboard/config.json.
 */
export async function dashboardPlugin(app: FastifyInstance, { config, build }: DashboardOptions): Promise<void> {
  app.setErrorHandler(errorHandler(errorBody));
  const client = Object.freeze(dashboardClientConfig(config));
  await app.register(pageSecurityHeaders, { extra: dashboardSources(client) });
  if (!client.firebase) {
    app.log.warn('dashboard: sign-in is not configured: set FIREBASE_WEB_API_KEY and FIREBASE_AUTH_DOMAIN, or run npm run dev (Auth Emulator)');
  }

  app.get('/', { schema: { hide: true } }, (_req, reply) => sendPage(reply, build, 'dashboard'));
  app.get('/dashboard/config.json', { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-store').send(client));
}
