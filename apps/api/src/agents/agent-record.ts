/**
 * What the store keeps per switch: its desired state's generation and its agent's last report.
 * The record and the rules that move it (nextRecord, withReport, releaseFloor) are in
 * store/agent-rules.ts, where mutation testing holds them (ADR 20, 21).
 */
import type { AgentRecord } from '../store/agent-rules.js';

export type { AgentRecord } from '../store/agent-rules.js';

/** Switch name -> its record. */
export type AgentMap = ReadonlyMap<string, AgentRecord>;

export const AGENT_NAMESPACE = 'weft-system';
