import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Forward = (...args: unknown[]) => void;

/**
 * `req.log`, made on first use. Fastify builds a pino child per request (about 0.3 µs of a
 * /verify's ~25 µs, measured with npm run bench:profile), yet most requests never log through
 * `req.log`: the access line is written by the app's logger. Output is the same child's, when
 * one is needed.
 */
export class LazyChildLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  static factory(this: void, parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
    return new LazyChildLogger(parent, bindings, options);
  }

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.real.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }

  fatal(...args: unknown[]): void {
    this.forward(this.real.fatal, args);
  }

  error(...args: unknown[]): void {
    this.forward(this.real.error, args);
  }

  warn(...args: unknown[]): void {
    this.forward(this.real.warn, args);
  }

  info(...args: unknown[]): void {
    this.forward(this.real.info, args);
  }

  debug(...args: unknown[]): void {
    this.forward(this.real.debug, args);
  }

  trace(...args: unknown[]): void {
    this.forward(this.real.trace, args);
  }

  silent(...args: unknown[]): void {
    this.forward(this.real.silent, args);
  }

  private forward(method: unknown, args: unknown[]): void {
    (method as Forward).apply(this.real, args);
  }
}
