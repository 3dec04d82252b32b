/**
 * Following the database (pure): the objects another replica wrote or deleted since this
 * snapshot's version, applied with the allocations as the database holds them, so every number
 * stays what the writer allocated. A change of VPCs, attachments and peerings recompiles what it
 * touches; anything else compiles the fabric in full (recompile decides).
 */
import type { Allocations, QuarantineEntry } from '#allocator';
import type { CompileResult, ResourceChange } from '#compiler';
import type { AgentMap } from '../agents/agent-record.js';
import type { LeaseMap } from '../dhcp/lease-report.js';
import type { ObjectChange } from '../events/fabric-events.service.js';
import type { ResourceKey } from '../repositories/resource.repository.js';
import type { FabricSnapshot } from './fabric-state.js';
import { keyOfResource, storeKey, type Stored } from './stored-object.js';

/** What the database holds beyond a snapshot. */
export interface DatabaseChanges {
  readonly version: number;
  readonly written: readonly Stored[];
  readonly deleted: readonly ResourceKey[];
  /** every allocation, when objects changed; else only the quarantine is read */
  readonly allocations?: Allocations;
  readonly quarantine: readonly QuarantineEntry[];
  /** every agent record */
  readonly agents: AgentMap;
  /** the DHCP lease reports written since the snapshot */
  readonly leases?: LeaseMap;
}

export interface CaughtUp {
  readonly next: FabricSnapshot;
  readonly changes: readonly ObjectChange[];
  /** the incremental compile did not give the database's numbers: `next` was compiled in full */
  readonly recompiledInFull: boolean;
}

export function applyChanges(
  current: FabricSnapshot,
  db: DatabaseChanges,
  compiler: { recompile(base: CompileResult, change: ResourceChange): CompileResult; compileAll(objects: readonly Stored[], previous: Allocations): CompileResult },
): CaughtUp {
  const objects = new Map(current.objects);
  const changes: ObjectChange[] = [];
  const upserts = [];
  const deletes = [];
  const written = new Set(db.written.map((stored) => keyOfResource(stored.resource)));
  for (const stored of db.written) {
    const key = keyOfResource(stored.resource);
    const before = objects.get(key);
    objects.set(key, stored);
    upserts.push(stored.resource);
    changes.push({ key, after: stored, ...(before === undefined ? {} : { before }) });
  }
  for (const gone of db.deleted) {
    const key = storeKey(gone.kind, gone.namespace === '' ? undefined : gone.namespace, gone.name);
    const before = objects.get(key);
    if (written.has(key) || before === undefined) continue;
    objects.delete(key);
    deletes.push({ kind: gone.kind, ...(gone.namespace === '' ? {} : { namespace: gone.namespace }), name: gone.name });
    changes.push({ key, before });
  }
  let recompiledInFull = false;
  let result: CompileResult;
  if (upserts.length === 0 && deletes.length === 0) {
    const allocations = { ...(db.allocations ?? current.result.allocations), quarantine: db.quarantine };
    result = { ...current.result, allocations, state: { ...current.result.state, previous: allocations } };
  } else {
    const allocations = db.allocations ?? { ...current.result.allocations, quarantine: db.quarantine };
    result = compiler.recompile({ ...current.result, allocations }, { upserts, deletes });
    if (!sameNumbers(result.allocations, allocations)) {
      recompiledInFull = true;
      result = compiler.compileAll([...objects.values()], allocations);
    }
  }
  const leases = db.leases === undefined || db.leases.size === 0 ? current.leases : new Map([...current.leases, ...db.leases]);
  return { next: { result, objects, agents: db.agents, leases, version: db.version }, changes, recompiledInFull };
}

/** Whether two allocations hand out the same numbers to the same owners (key order aside). */
export function sameNumbers(a: Allocations, b: Allocations): boolean {
  return same(a.switches, b.switches) && same(a.links, b.links) && same(a.vpcs, b.vpcs) && same(a.externals, b.externals);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
