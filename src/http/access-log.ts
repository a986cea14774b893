import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { AccessLog } from '../logging/access-log.js';
import type { Logger } from '../logging/logger.js';

/** One line per request, when it completes; headers are never logged. */
export class OneLinePerRequest extends LogController {
  private readonly access: AccessLog;

  constructor(logger: Logger) {
    super();
    this.access = AccessLog.for(logger);
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
    if (error) req.log.error({ ...entry, err: error }, 'request errored');
    else this.access.write(entry);
  }
}
