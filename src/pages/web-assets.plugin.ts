import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { NOT_BUILT, type PageName, type WebBuild } from './web-build.js';

/**
 * The built pages' scripts, styles, fonts and workers at /assets/. Their names carry a hash of
 * their content, so browsers may keep them for a year.
 */
export const webAssets: FastifyPluginAsync<{ build: WebBuild }> = async (app, { build }) => {
  await app.register(fastifyStatic, {
    root: build.assetsDir,
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    // Not built yet: the pages themselves say so (sendPage), and a build made later is served.
    suppressWarning: true,
  });
};

/** Answers with a built HTML page, or says plainly that the pages are not built. */
export async function sendPage(reply: FastifyReply, build: WebBuild, name: PageName): Promise<FastifyReply> {
  const page = await build.page(name);
  if (!page) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
  // Always revalidated: a new build changes which hashed assets the page names.
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
}
