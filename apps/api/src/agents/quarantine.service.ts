/**
 * Quarantined VNIs: a VNI freed by a deletion is not handed out again until every switch has
 * caught up with the allocation generation that freed it (store/agent-rules.ts: its old owner's
 * configuration is gone everywhere). An agent's report may move that floor; the release is
 * committed like any other change, at the next fabric version, so every replica's pools follow.
 */
import { Injectable } from '@nestjs/common';
import { releaseQuarantine } from '#allocator';
import { FabricCommitter } from '../fabric/fabric-committer.service.js';
import type { FabricSnapshot } from '../fabric/fabric-state.js';
import { releaseFloor } from '../store/agent-rules.js';

/** The state after a release; `stale` when another replica committed first (catch up, then try again). */
export type ReleaseOutcome = { readonly released: FabricSnapshot } | 'nothing' | 'stale';

/** The allocation generation every switch has caught up with, or undefined while one has caught up with none. */
export function appliedFloor(snapshot: FabricSnapshot): number | undefined {
  return releaseFloor(snapshot.agents.values(), snapshot.result.allocations.generation);
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
