// The pages Keyhold serves to browsers: the dashboard at /, GraphiQL for a browser's GET
// /graphql, and their assets, all from Keyhold's own build (web/dist), with no inline script.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { dashboardPlugin } from '../../src/dashboard/dashboard.plugin.js';
import { WEB_DIST, webBuild } from '../../src/http/web-build.js';
import { useKeyhold } from '../support/harness.js';

const k = useKeyhold();
const ide = useKeyhold({ GRAPHQL_IDE: 'false' });
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The `<script>` tags of an HTML page, as written. */
const scripts = (html: string) => html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];

describe('the dashboard at /', () => {
  it('is the built page, whose every script is a file Keyhold serves', async () => {
    const res = await k.http('GET', '/', { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const tags = scripts(res.body);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      const src = /src="([^"]+)"/.exec(tag)?.[1];
      expect(src, `inline script: ${tag}`).toMatch(/^\/assets\/[\w.-]+\.js$/);
      const asset = await fetch(`${k.url}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('learns how to sign in from /dashboard/config.json: the Auth Emulator here', async () => {
    const res = await k.http('GET', '/dashboard/config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      firebase: { apiKey: expect.any(String), authDomain: `${k.emulator.projectId}.firebaseapp.com`, projectId: k.emulator.projectId },
      emulatorUrl: `http://${k.emulator.host}`,
      google: false,
      defaultRateLimit: { FULL_ACCESS: 20, READ_ONLY: 120 },
    });
  });

  it('says plainly when the pages are not built', async () => {
    const app = Fastify();
    await app.register(dashboardPlugin, { config: loadConfig({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }), build: webBuild('/nonexistent/web/dist') });
    const res = await app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/not built\. Run `npm run build:web`/);
    await app.close();
  });
});

describe('GraphiQL at /graphql', () => {
  it('answers a browser (Accept: text/html) with the IDE, built by Keyhold: no CDN, no inline script', async () => {
    const res = await k.http('GET', '/graphql', { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="graphiql">');
    expect(res.body).not.toMatch(/https?:\/\//);
    for (const tag of scripts(res.body)) expect(tag).toMatch(/src="\/assets\/[\w.-]+\.js"/);
  });

  it('leaves every other request to the GraphQL endpoint: a GET query, a POST', async () => {
    const get = await k.http('GET', '/graphql?query=%7B__typename%7D', { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(get.body).toEqual({ data: { __typename: 'Query' } });
    const post = await k.gql('{ __typename }');
    expect(post.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('is off with GRAPHQL_IDE=false: a browser is told so, and never gets a page from a CDN', async () => {
    const res = await ide.http('GET', '/graphql', { headers: HTML });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/GraphQL IDE is off.*GRAPHQL_IDE=true/);
    expect((await ide.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the build in web/dist', () => {
  it('has no inline script in any HTML page, and loads nothing from another host', async () => {
    const pages = (await readdir(WEB_DIST, { recursive: true })).filter((f) => f.endsWith('.html'));
    expect(pages.sort()).toEqual(['graphiql/index.html', 'index.html'].map((p) => p.split('/').join(path.sep)));
    for (const page of pages) {
      const html = await readFile(path.join(WEB_DIST, page), 'utf8');
      for (const tag of scripts(html)) expect(tag, page).toMatch(/^<script type="module" crossorigin src="\/assets\/[\w.-]+\.js"><\/script>$/);
      expect(html, page).not.toMatch(/(src|href)="https?:/);
    }
  });
});
