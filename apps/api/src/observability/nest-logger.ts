/**
 * Nest's own lines (modules wired, routes mapped, its errors) through nestjs-pino's `Logger`, on
 * the service's pino instance, so they have the same JSON shape as every other line; its chatter
 * is debug, not info. nestjs-pino keeps one root logger per process (the first application's),
 * and tests run several applications in one process, so the `PinoLogger` under it is bound to
 * this application's instance instead.
 *
 * Code that handles a request logs through Fastify's `request.log`: a child of the same instance
 * that carries the request id as `requestId` (server.ts). nestjs-pino's request-bound
 * `PinoLogger` needs its Nest middleware, which this application never reaches (ADR 88).
 */
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import type { Logger } from './logger.js';

/** nestjs-pino's PinoLogger, always on one application's instance. */
class ApplicationPinoLogger extends PinoLogger {
  constructor(private readonly instance: PinoInstance) {
    super({});
  }

  override get logger(): PinoInstance {
    return this.instance;
  }
}

export class NestLogger extends PinoNestLogger {
  constructor(logger: Logger) {
    super(new ApplicationPinoLogger(logger.pino), {});
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    super.debug(message, ...optionalParams);
  }

  override verbose(message: unknown, ...optionalParams: unknown[]): void {
    super.debug(message, ...optionalParams);
  }
}
