/** What the agent says as it works: one structured event per call (the CLI prints JSON lines). */

export type AgentLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** `event`: apply | drift | repair | error | desired | report | start | stop | ... */
export type AgentLogger = (level: AgentLogLevel, event: string, message: string, fields?: Readonly<Record<string, unknown>>) => void;

export const SILENT: AgentLogger = () => undefined;
