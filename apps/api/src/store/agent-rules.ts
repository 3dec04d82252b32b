/**
 * The numbers behind agents: a switch's generation goes up when its device files change, each
 * report records which allocation generation the switch has caught up with, and quarantined VNIs
 * are released only up to the allocation generation every switch has caught up with (so no
 * switch still carries a VNI when it is handed to a new owner).
 */
import type { AgentStatus } from '#api';
import { StoreError } from './store.types.js';

export interface AgentRecord {
  readonly generation: number;
  readonly filesHash: string;
  /** the allocation generation of the compile that produced `generation` */
  readonly allocationGeneration: number;
  readonly status?: AgentStatus;
  /** the allocation generation the switch had caught up with at its last report (caughtUpTo) */
  readonly appliedAllocationGeneration?: number;
}

/** The record after a compile whose files for the switch hash to `filesHash`. */
export function nextRecord(current: AgentRecord | undefined, filesHash: string, allocationGeneration: number): AgentRecord {
  if (current !== undefined && current.filesHash === filesHash) return current;
  return { ...current, generation: (current?.generation ?? 0) + 1, filesHash, allocationGeneration };
}

/**
 * The allocation generation a switch has caught up with. Running its current desired state, it
 * is caught up with the newest allocations (`current`): its files are what they would be now,
 * whether or not they changed when the VNIs were freed. Otherwise it is as far as it was the last
 * time it ran its current state.
 */
export function caughtUpTo(agent: AgentRecord, current: number): number | undefined {
  return agent.status?.appliedGeneration === agent.generation ? current : agent.appliedAllocationGeneration;
}

/** Checks a report against the desired generation; returns the record with the report applied. */
export function withReport(record: AgentRecord, status: AgentStatus, current: number): AgentRecord {
  if ((status.appliedGeneration ?? 0) > record.generation) {
    throw new StoreError('invalid', `appliedGeneration ${status.appliedGeneration} is ahead of the desired generation ${record.generation}`);
  }
  const next: AgentRecord = { ...record, status };
  const applied = caughtUpTo(next, current);
  return applied === undefined ? next : { ...next, appliedAllocationGeneration: applied };
}

/**
 * The allocation generation every switch has caught up with, up to which quarantined VNIs may
 * be released; undefined while some switch has not caught up with any.
 */
export function releaseFloor(agents: Iterable<AgentRecord>, current: number): number | undefined {
  let floor: number | undefined;
  for (const agent of agents) {
    const applied = caughtUpTo(agent, current);
    if (applied === undefined) return undefined;
    floor = floor === undefined ? applied : Math.min(floor, applied);
  }
  return floor;
}
