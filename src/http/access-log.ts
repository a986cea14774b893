import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '../logging/logger.js';

/**
 * One line per request, when it completes, written by pino like any other (`msg: "request"`):
 * request id, method, URL (scrubbed by the logger like every string), status, milliseconds, and
 * the key id when a key was recognised. Headers are never logged.
 */
export class OneLinePerRequest extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const keyId = reply.getHeader('x-api-key-id');
    const entry = {
      reqId: req.id,
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      keyId: typeof keyId === 'string' ? keyId : undefined,
    };
    if (error) this.logger.error({ ...entry, err: error }, 'request errored');
    else this.logger.info(entry, 'request');
  }
}
