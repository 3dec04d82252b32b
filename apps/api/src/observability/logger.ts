/**
 * Structured logs through pino: one JSON object per line (level, time, msg, then the fields), so
 * a log collector can filter on requestId, actor or status without parsing prose. The same pino
 * instance serves Nest through nestjs-pino (observability/nest-logger.ts), so the service's own
 * lines, Nest's and the access log share one shape.
 */
import { pino, type DestinationStream, type Logger as PinoInstance } from 'pino';
import type { LogLevel } from '../config.js';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** the pino instance behind it, for nestjs-pino */
  readonly pino: PinoInstance;
}

export interface JsonLoggerOptions {
  readonly level: LogLevel;
  /** where a line goes (default: stderr; stdout is kept for what the service announces) */
  readonly write?: (line: string) => void;
  readonly clock?: () => Date;
}

export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const clock = options.clock ?? (() => new Date());
  const write = options.write;
  // stderr written synchronously: the last lines before an exit are not lost
  const destination: DestinationStream = write === undefined ? pino.destination({ fd: 2, sync: true }) : { write };
  const instance = pino(
    {
      level: options.level,
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${clock().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      instance[level](fields, message);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), pino: instance };
}
