import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody, errorHandler } from '../http/rest-errors.js';
import type { WebBuild } from '../http/web-build.js';

export interface PagesOptions {
  readonly build: WebBuild;
}

/**
 * The built pages' scripts, styles, fonts and workers at /assets/, which the dashboard and
 * GraphiQL name. Their names carry a hash of their content, so browsers may keep them for a year.
 */
export async function pagesPlugin(app: FastifyInstance, { build }: PagesOptions): Promise<void> {
  app.setErrorHandler(errorHandler(errorBody));
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
}
