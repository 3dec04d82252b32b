/** What the store keeps per switch: its desired state's generation and its agent's last report. */
import type { AgentStatus } from '#api';

export interface AgentRecord {
  /** goes up when the switch's files change */
  readonly generation: number;
  /** SHA-256 over the switch's files, to tell whether they changed */
  readonly filesHash: string;
  /** the allocation generation of the state at `generation` */
  readonly allocationGeneration: number;
  readonly status?: AgentStatus;
  /** the allocation generation of the state the agent last applied */
  readonly appliedAllocationGeneration?: number;
}

/** Switch name -> its record. */
export type AgentMap = ReadonlyMap<string, AgentRecord>;

export const AGENT_NAMESPACE = 'weft-system';
