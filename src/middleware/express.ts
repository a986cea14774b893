// keyhold/express: the verify middleware for Express (and Connect, or plain node:http).
//
//     import { keyhold } from 'keyhold/express';
//     app.use(keyhold({ url: 'http://127.0.0.1:4000' }));
//     app.get('/things', (req, res) => res.json({ org: req.keyhold?.orgId }));
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createVerifier, type KeyholdKey, type VerifyOptions } from './verifier.js';
import { sendRefusal } from './respond.js';

export type { Decision, KeyholdKey, VerifyOptions } from './verifier.js';

declare global {
  // Express's own extension point for request properties.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified key; null only when `failOpen` let the request through unchecked. */
      keyhold?: KeyholdKey | null;
    }
  }
}

export type KeyholdRequest = IncomingMessage & { keyhold?: KeyholdKey | null };

/**
 * Refuses requests without a good key with Keyhold's own answer (401, 403 or 429, its body and
 * headers), or 503 when Keyhold cannot be asked; lets the rest through with `req.keyhold` set.
 */
export function keyhold(options: VerifyOptions): (req: KeyholdRequest, res: ServerResponse, next: (err?: unknown) => void) => void {
  const verifier = createVerifier(options);
  return function keyholdVerify(req, res, next) {
    verifier.check({ method: req.method, headers: req.headers, rawHeaders: req.rawHeaders }).then((decision) => {
      if (decision.allowed) {
        req.keyhold = decision.key;
        next();
      } else {
        sendRefusal(res, decision);
      }
    }, next);
  };
}

export default keyhold;
