// keyhold/fastify: the verify middleware as a fastify plugin.
//
//     import keyhold from 'keyhold/fastify';
//     await app.register(keyhold, { url: 'http://127.0.0.1:4000' });
//     app.get('/things', async (request) => ({ org: request.keyhold?.orgId }));
//
// It guards every route of the context it is registered in (register it inside a plugin to
// guard only that plugin's routes), with an onRequest hook, before any body is read.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { createVerifier, type KeyholdKey, type VerifyOptions } from './verifier.js';

export type { Decision, KeyholdKey, VerifyOptions } from './verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key; null only when `failOpen` let the request through unchecked. */
    keyhold: KeyholdKey | null;
  }
}

const plugin: FastifyPluginAsync<VerifyOptions> = async (app, options) => {
  const verifier = createVerifier(options);
  app.decorateRequest('keyhold', null);
  app.addHook('onRequest', async (request, reply) => {
    const decision = await verifier.check({ method: request.method, headers: request.headers, rawHeaders: request.raw.rawHeaders });
    if (decision.allowed) {
      request.keyhold = decision.key;
      return;
    }
    return reply
      .code(decision.status)
      .headers({ ...decision.headers, 'cache-control': 'no-store' })
      .send(decision.body);
  });
};

/** Not encapsulated (fastify-plugin): the hook applies to the context that registers it. */
export const keyhold = fp(plugin, { fastify: '5.x', name: 'keyhold-verify' });
export default keyhold;
