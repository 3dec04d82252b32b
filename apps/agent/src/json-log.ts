/** The agent's log: one JSON object per line on stderr: time, level, event, switch, msg, then the fields. */
import type { AgentLogLevel, AgentLogger } from './core/log.js';

const LEVELS: readonly AgentLogLevel[] = ['debug', 'info', 'warn', 'error'];

export function isLogLevel(value: string): value is AgentLogLevel {
  return (LEVELS as readonly string[]).includes(value);
}

export function jsonLogger(switchName: string, level: AgentLogLevel, write: (line: string) => void, clock: () => Date = () => new Date()): AgentLogger {
  const threshold = LEVELS.indexOf(level);
  return (at, event, message, fields = {}) => {
    if (LEVELS.indexOf(at) < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: clock().toISOString(), level: at, event, switch: switchName, msg: message, ...fields });
    } catch {
      line = JSON.stringify({ time: clock().toISOString(), level: at, event, switch: switchName, msg: message });
    }
    write(`${line}\n`);
  };
}
