/**
 * Quarantined VNIs: a VNI freed by a deletion is not handed out again until every switch has
 * applied a generation after it (its old owner's configuration is gone everywhere). An agent's
 * report may move that floor; the release is committed like any other change, at the next
 * fabric version, so every replica's pools follow.
 */
import { Injectable } from '@nestjs/common';
import { releaseQuarantine } from '#allocator';
import { FabricCommitter } from '../fabric/fabric-committer.service.js';
import type { FabricSnapshot } from '../fabric/fabric-state.js';

/** The state after a release; `stale` when another replica committed first (catch up, then try again). */
export type ReleaseOutcome = { readonly released: FabricSnapshot } | 'nothing' | 'stale';

/** The allocation generation every switch has applied, or undefined while one has applied none. */
export function appliedFloor(snapshot: FabricSnapshot): number | undefined {
  const applied = [...snapshot.agents.values()].map((a) => a.appliedAllocationGeneration ?? -1);
  const floor = Math.min(...applied);
  return floor < 0 || !Number.isFinite(floor) ? undefined : floor;
}

@Injectable()
export class QuarantineService {
  constructor(private readonly committer: FabricCommitter) {}

  async release(base: FabricSnapshot): Promise<ReleaseOutcome> {
    const { allocations } = base.result;
    if (allocations.quarantine.length === 0) return 'nothing';
    const floor = appliedFloor(base);
    if (floor === undefined) return 'nothing';
    const released = releaseQuarantine(allocations, floor);
    if (released.quarantine.length === allocations.quarantine.length) return 'nothing';
    const outcome = await this.committer.releaseQuarantine(base.version, floor);
    if (!outcome.committed) return 'stale';
    return { released: { ...base, result: { ...base.result, allocations: released, state: { ...base.result.state, previous: released } }, version: outcome.version } };
  }
}
