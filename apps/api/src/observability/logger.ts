/**
 * Structured logs: one JSON object per line (time, level, msg, then the fields), so a log
 * collector can filter on requestId, actor or status without parsing prose.
 */
import type { LoggerService } from '@nestjs/common';
import { LOG_LEVELS, type LogLevel } from '../config.js';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface JsonLoggerOptions {
  readonly level: LogLevel;
  /** where a line goes (default: stderr; stdout is kept for what the service announces) */
  readonly write?: (line: string) => void;
  readonly clock?: () => Date;
}

export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const clock = options.clock ?? (() => new Date());
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      write(`${safeStringify({ time: clock().toISOString(), level, msg: message, ...fields })}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A field that cannot be serialised (a cycle, a BigInt) must not lose the whole line. */
function safeStringify(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    return JSON.stringify({ time: entry.time, level: entry.level, msg: entry.msg, logError: 'fields could not be serialised' });
  }
}

/** Nest's own messages (module wiring, route mapping) in the same JSON lines; its chatter is debug. */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...context: unknown[]): void {
    this.logger.debug(String(message), nestContext(context));
  }

  error(message: unknown, ...context: unknown[]): void {
    this.logger.error(String(message), nestContext(context));
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.logger.warn(String(message), nestContext(context));
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.logger.debug(String(message), nestContext(context));
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.logger.debug(String(message), nestContext(context));
  }
}

/** Nest passes an optional stack, then the context name, as extra arguments. */
function nestContext(context: readonly unknown[]): LogFields {
  const strings = context.filter((item): item is string => typeof item === 'string');
  const name = strings.at(-1);
  const stack = strings.length > 1 ? strings[0] : undefined;
  return { ...(name === undefined ? {} : { context: name }), ...(stack === undefined ? {} : { stack }) };
}
