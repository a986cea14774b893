import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { scrubText, type Logger } from '../logging/logger.js';

/**
 * One line per request, when it completes, written by pino (`msg: "request"`): request id,
 * method, URL, status, milliseconds, and the key id when a key was recognised. Headers are never
 * logged. Every field but the URL is made by the server (ids, numbers, a method Node's parser
 * accepted), so the line's own formatter scrubs the URL alone rather than walking the whole line
 * as the logger does for other lines: on /verify that walk cost as much as the rest of the line.
 */
export class OneLinePerRequest extends LogController {
  private readonly access: Logger;

  constructor(private readonly logger: Logger) {
    super();
    // 'trace': the app's logger decides (below), so the line follows its level as it changes.
    this.access = logger.child({}, { level: 'trace', formatters: { log: scrubUrl } });
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
    else if (this.logger.isLevelEnabled('info')) this.access.info(entry, 'request');
  }
}

function scrubUrl(entry: object): object {
  const line = entry as { url: string };
  line.url = scrubText(line.url);
  return line;
}
