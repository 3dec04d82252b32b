/**
 * The agent's log: the service's own pino logger (observability/logger.ts), so Weft's lines and
 * the agents' have one JSON shape: `level`, `time` (ISO), the fields, `msg`. Each agent line adds
 * `switch` and `event` (ADR 0112).
 */
import { createJsonLogger } from '../../api/src/observability/logger.js';
import type { AgentLogLevel, AgentLogger } from './core/log.js';

const LEVELS: readonly AgentLogLevel[] = ['debug', 'info', 'warn', 'error'];

export function isLogLevel(value: string): value is AgentLogLevel {
  return (LEVELS as readonly string[]).includes(value);
}

export function jsonLogger(switchName: string, level: AgentLogLevel, write: (line: string) => void, clock: () => Date = () => new Date()): AgentLogger {
  const logger = createJsonLogger({ level, write, clock }).pino.child({ switch: switchName });
  return (at, event, message, fields = {}) => {
    logger[at]({ event, ...fields }, message);
  };
}
