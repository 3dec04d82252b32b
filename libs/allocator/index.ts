/**
 * Allocation as a function: owners ask for numbers from a pool; owners that had a number keep it
 * (stable across recompiles), new owners get the lowest free one, freed VNIs are quarantined,
 * and no number ever has two owners. Exhaustion is a diagnostic naming the pool.
 */
import type { IsolationMethod, NumberRange } from '#api';
import { DIAGNOSTIC_CODES as C, compareText, error, warning, type Diagnostic } from '#domain';

/** The content of allocations.json: every number Weft handed out, by owner. */
export interface Allocations {
  readonly version: 1;
  /** increases with every compile that changed an allocation */
  readonly generation: number;
  readonly switches: Readonly<Record<string, SwitchAllocation>>;
  /** numbered fabric links: connection -> the /31 */
  readonly links: Readonly<Record<string, string>>;
  readonly vpcs: Readonly<Record<string, VpcAllocation>>;
  readonly externals: Readonly<Record<string, ExternalAllocation>>;
  readonly quarantine: readonly QuarantineEntry[];
}

export interface SwitchAllocation {
  readonly asn: number;
  readonly loopback: string;
  /** bundled connection -> PortChannel number */
  readonly portChannels: Readonly<Record<string, number>>;
  /** VLAN owner (`ns/vpc/subnet`, `ns/vpc` for an L3VNI transit VLAN) -> VLAN id */
  readonly vlans: Readonly<Record<string, number>>;
}

export interface VpcAllocation {
  readonly isolation: IsolationMethod;
  readonly vrf: number;
  /** the L3VNI (evpn-l3vni) */
  readonly vni?: number;
  readonly subnets: Readonly<Record<string, { readonly vni?: number; readonly vlan?: number }>>;
}

export interface ExternalAllocation {
  readonly vrf: number;
  readonly vni: number;
}

export interface QuarantineEntry {
  readonly pool: 'vni';
  readonly value: number;
  /** who had it */
  readonly owner: string;
  /** the generation in which it was freed; released once every agent applied a later one */
  readonly since: number;
}

export function emptyAllocations(): Allocations {
  return { version: 1, generation: 0, switches: {}, links: {}, vpcs: {}, externals: {}, quarantine: [] };
}

export interface PoolSpec {
  /** what to call it in messages, e.g. `VNI pool 10000-999999 (FabricPolicy default spec.pools.vni)` */
  readonly label: string;
  readonly range: NumberRange;
  readonly reserved?: readonly NumberRange[];
  /** numbers that may not be handed out (quarantined, or owned elsewhere) */
  readonly excluded?: { has(value: number): boolean };
  /**
   * A hint: every number of the range below this one is excluded (or reserved), so the search
   * for free numbers starts here. The result is the same as without it; it is faster when most
   * of the pool is taken.
   */
  readonly unavailableBelow?: number;
  /** how a number of the pool is written in messages (an address for a loopback); as it is when absent */
  readonly show?: (value: number) => string;
}

export interface AllocationRequest {
  readonly owner: string;
  readonly previous?: number;
}

export interface AllocationResult {
  readonly assigned: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
}

function isReserved(value: number, pool: PoolSpec): boolean {
  return pool.reserved?.some((r) => value >= r.start && value <= r.end) === true;
}

function available(value: number, pool: PoolSpec): boolean {
  return value >= pool.range.start && value <= pool.range.end && !isReserved(value, pool) && pool.excluded?.has(value) !== true;
}

/**
 * Owners keep their previous number when it is still in the pool and nobody earlier claimed it;
 * the rest get the lowest free numbers, in request order.
 */
export function allocateNumbers(requests: readonly AllocationRequest[], pool: PoolSpec, path: string): AllocationResult {
  const assigned = new Map<string, number>();
  const taken = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  const fresh: AllocationRequest[] = [];
  for (const r of requests) {
    if (r.previous !== undefined && available(r.previous, pool) && !taken.has(r.previous)) {
      assigned.set(r.owner, r.previous);
      taken.add(r.previous);
    } else {
      if (r.previous !== undefined) {
        diagnostics.push(warning(C.PREVIOUS_ALLOCATIONS, path, `${r.owner} had ${pool.show?.(r.previous) ?? r.previous}, which is no longer available in the ${pool.label}; it gets a new number`));
      }
      fresh.push(r);
    }
  }
  // a hint below the range changes nothing: available() refuses the numbers below it
  let cursor = pool.unavailableBelow ?? pool.range.start;
  let exhausted = 0;
  for (const r of fresh) {
    while (cursor <= pool.range.end && (taken.has(cursor) || !available(cursor, pool))) cursor++;
    if (cursor > pool.range.end) {
      exhausted++;
      continue;
    }
    // the cursor only moves up, so a fresh number needs no entry in `taken`
    assigned.set(r.owner, cursor);
    cursor++;
  }
  if (exhausted > 0) {
    diagnostics.push(
      error(C.POOL_EXHAUSTED, path, `the ${pool.label} is exhausted: ${requests.length} numbers are needed and ${requests.length - exhausted} could be given`, 'widen the pool in the FabricPolicy, or remove unused objects'),
    );
  }
  return { assigned, diagnostics };
}

/** Finds numbers with two owners in allocations read from outside (a hand-edited file). */
export function findDoubleOwners(entries: readonly { owner: string; value: number }[]): Map<number, string[]> {
  const byValue = new Map<number, string[]>();
  for (const e of entries) byValue.set(e.value, [...(byValue.get(e.value) ?? []), e.owner]);
  for (const [value, owners] of byValue) if (owners.length < 2) byValue.delete(value);
  return byValue;
}

/** Every VNI of an allocation, with its owner. */
export function vniOwners(allocations: Allocations): { owner: string; value: number }[] {
  const out: { owner: string; value: number }[] = [];
  for (const [key, vpc] of Object.entries(allocations.vpcs)) {
    if (vpc.vni !== undefined) out.push({ owner: key, value: vpc.vni });
    for (const [name, subnet] of Object.entries(vpc.subnets)) if (subnet.vni !== undefined) out.push({ owner: `${key}/${name}`, value: subnet.vni });
  }
  for (const [key, ext] of Object.entries(allocations.externals)) out.push({ owner: `external:${key}`, value: ext.vni });
  return out;
}

/**
 * Puts the VNIs that had an owner before and have none now into quarantine, keeps what was
 * already quarantined, and gives a VNI back to its old owner when that owner returns. Only
 * entries that changed (by identity) can free or take a VNI, so a recompile that kept most
 * entries as they were does work in proportion to the change.
 */
export function updateQuarantine(previous: Allocations, current: Allocations, generation: number): QuarantineEntry[] {
  const changedNow = changedEntries(current, previous);
  const changedBefore = changedEntries(previous, current);
  const inUse = new Set(vniOwners(changedNow).map((o) => o.value));
  const kept = previous.quarantine.filter((q) => !inUse.has(q.value));
  const known = new Set(kept.map((q) => q.value));
  for (const { owner, value } of vniOwners(changedBefore)) {
    if (!inUse.has(value) && !known.has(value)) {
      kept.push({ pool: 'vni', value, owner, since: generation });
      known.add(value);
    }
  }
  return kept.sort((a, b) => a.value - b.value);
}

/** The VPC and External entries of `a` that `b` does not have as the very same object. */
function changedEntries(a: Allocations, b: Allocations): Allocations {
  const vpcs: Record<string, VpcAllocation> = {};
  for (const key in a.vpcs) {
    const alloc = a.vpcs[key];
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, counting an unchanged entry as changed gives the same quarantine (only slower)
    if (alloc !== undefined && b.vpcs[key] !== alloc) vpcs[key] = alloc;
  }
  const externals: Record<string, ExternalAllocation> = {};
  for (const key in a.externals) {
    const alloc = a.externals[key];
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, counting an unchanged entry as changed gives the same quarantine (only slower)
    if (alloc !== undefined && b.externals[key] !== alloc) externals[key] = alloc;
  }
  return { ...emptyAllocations(), vpcs, externals };
}

/** Releases quarantined VNIs freed at or before `appliedGeneration` (every agent has removed them). */
export function releaseQuarantine(allocations: Allocations, appliedGeneration: number): Allocations {
  return { ...allocations, quarantine: allocations.quarantine.filter((q) => q.since > appliedGeneration) };
}

/** Sorted-key copy, so allocations.json is byte-identical for the same allocations. */
export function serializeAllocations(allocations: Allocations): string {
  return `${JSON.stringify(sortKeys(allocations), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareText)) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export { parseAllocations } from './parse-allocations.js';
