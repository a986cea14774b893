// Builds the browser-facing pages into web/dist, which the server serves: the dashboard at `/`
// and the GraphQL IDE at `/graphql`. Nothing is loaded from a CDN: every script, style, font and
// worker is a file here, so both pages work offline under the server's strict CSP.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  // Preact's JSX runtime, without a plugin: Vite's own transform does JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline scripts or data: URLs for scripts: the CSP has no 'unsafe-inline'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        dashboard: path.join(here, 'index.html'),
        graphiql: path.join(here, 'graphiql', 'index.html'),
      },
      // GraphiQL's dependencies mark modules "use client" for React Server Components, which
      // mean nothing in a browser bundle: not worth a screenful of warnings on every build.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
