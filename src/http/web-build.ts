import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';

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

/** Answers with a built HTML page, or says plainly that the pages are not built. */
export async function sendPage(reply: FastifyReply, build: WebBuild, name: PageName): Promise<FastifyReply> {
  const page = await build.page(name);
  if (!page) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
  // Always revalidated: a new build changes which hashed assets the page names.
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
}
