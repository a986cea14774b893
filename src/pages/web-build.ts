import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` writes the pages (web/dist), from src/ and dist/ alike. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export type PageName = 'dashboard' | 'graphiql';
const FILES: Record<PageName, string> = { dashboard: 'index.html', graphiql: path.join('graphiql', 'index.html') };

/**
 * The built pages. Each HTML page is read when asked for (a few hundred bytes, a page load at a
 * time), so a rebuild while the server runs is served at once: the old page would name assets
 * the build has replaced.
 */
export interface WebBuild {
  readonly assetsDir: string;
  page(name: PageName): Promise<Buffer | null>;
}

export function webBuild(dir = WEB_DIST): WebBuild {
  return {
    assetsDir: path.join(dir, 'assets'),
    page: (name) => readFile(path.join(dir, FILES[name])).catch(() => null),
  };
}

export const NOT_BUILT = "Keyhold's web pages are not built. Run `npm run build:web` (npm ci does it), then reload.";
