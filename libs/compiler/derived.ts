/**
 * What a compile derives from the intents and keeps for the next recompile, updated by the keys a
 * change touches instead of rebuilt: placements (and the same by switch), the numbers the VPC
 * allocations hold, the allocations with trunk-domain VLANs. A full compile is the same update
 * from nothing, with every key touched.
 */
import type { VpcAllocation } from '#allocator';
import type { Diagnostic } from '#domain';
import type { TrunkDomain } from './fabric.js';
import type { IntentIndex } from './intents.js';
import { placeVpc, type SwitchPart, type VpcPlacement } from './placement.js';
import { SharedMap } from './shared-map.js';

export interface Placed {
  readonly placements: SharedMap<string, VpcPlacement>;
  /** switch -> VPC key -> the VPC's part there */
  readonly partsBySwitch: SharedMap<string, ReadonlyMap<string, SwitchPart>>;
  /** the placements of vlan-method VPCs */
  readonly vlanPlacements: SharedMap<string, VpcPlacement>;
  /** VPC key -> its placement problems, for VPCs that have some */
  readonly diagnostics: SharedMap<string, readonly Diagnostic[]>;
}

export const NOTHING_PLACED: Placed = {
  placements: SharedMap.empty(),
  partsBySwitch: SharedMap.empty(),
  vlanPlacements: SharedMap.empty(),
  diagnostics: SharedMap.empty(),
};

/** Places the given VPCs again (or drops those gone from the intents); the others stay as they are. */
export function updatePlacements(before: Placed, intents: IntentIndex, keys: Iterable<string>, domains: ReadonlyMap<string, TrunkDomain>): Placed {
  const placements = before.placements.draft();
  const vlanPlacements = before.vlanPlacements.draft();
  const diagnostics = before.diagnostics.draft();
  const partsBySwitch = before.partsBySwitch.draft();
  const copied = new Map<string, Map<string, SwitchPart>>();
  const partsOf = (sw: string): Map<string, SwitchPart> => {
    let parts = copied.get(sw);
    if (parts === undefined) {
      parts = new Map(partsBySwitch.get(sw));
      copied.set(sw, parts);
      partsBySwitch.set(sw, parts);
    }
    return parts;
  };
  for (const key of keys) {
    const old = placements.get(key);
    const vpc = intents.vpcs.get(key);
    const placement = vpc === undefined ? undefined : placeVpc(vpc, intents.attachmentsByVpc.get(key) ?? [], domains);
    for (const sw of old?.switches.keys() ?? []) partsOf(sw).delete(key);
    if (placement === undefined) {
      placements.delete(key);
      vlanPlacements.delete(key);
      diagnostics.delete(key);
      continue;
    }
    placements.set(key, placement);
    for (const [sw, part] of placement.switches) partsOf(sw).set(key, part);
    if (placement.method === 'vlan') vlanPlacements.set(key, placement);
    else vlanPlacements.delete(key);
    if (placement.diagnostics.length > 0) diagnostics.set(key, placement.diagnostics);
    else diagnostics.delete(key);
  }
  return { placements: placements.finish(), partsBySwitch: partsBySwitch.finish(), vlanPlacements: vlanPlacements.finish(), diagnostics: diagnostics.finish() };
}

/**
 * Who holds each VRF id and VNI among the VPC allocations (normally one owner each), and the
 * first number of each pool that nobody holds: every number from the pool's start up to it is
 * held, which lets the allocator skip them.
 */
export interface NumberOwners {
  readonly vrfs: SharedMap<number, readonly string[]>;
  readonly vnis: SharedMap<number, readonly string[]>;
  readonly vrfGap: PoolGap;
  readonly vniGap: PoolGap;
}

/** The first number from `start` on that nobody holds. */
export interface PoolGap {
  readonly start: number;
  readonly first: number;
}

export const NO_NUMBERS: NumberOwners = { vrfs: SharedMap.empty(), vnis: SharedMap.empty(), vrfGap: { start: 0, first: 0 }, vniGap: { start: 0, first: 0 } };

/**
 * Below this number of a pool starting at `start`, every number is held by an allocation that
 * is kept: the earlier gap, or lower where a released allocation held a number.
 */
export function keptFloor(gap: PoolGap, start: number, released: readonly number[]): number {
  if (gap.start !== start) return start;
  let floor = gap.first;
  for (const value of released) if (value >= start && value < floor) floor = value;
  return floor;
}

function nextGap(owners: ReadonlyMap<number, unknown>, start: number, from: number): PoolGap {
  let first = Math.max(start, from);
  while (owners.has(first)) first++;
  return { start, first };
}

function vnisOf(alloc: VpcAllocation): number[] {
  const out = alloc.vni === undefined ? [] : [alloc.vni];
  for (const name in alloc.subnets) {
    const vni = alloc.subnets[name]?.vni;
    if (vni !== undefined) out.push(vni);
  }
  return out;
}

/**
 * The owners once `removed` (key, earlier allocation) are gone and `added` are in; the gaps are
 * looked for from `floors` on (numbers below them are still held).
 */
export function updateNumberOwners(
  before: NumberOwners,
  removed: Iterable<readonly [string, VpcAllocation]>,
  added: Iterable<readonly [string, VpcAllocation]>,
  pools: { readonly vrfStart: number; readonly vrfFloor: number; readonly vniStart: number; readonly vniFloor: number },
): NumberOwners {
  const vrfs = before.vrfs.draft();
  const vnis = before.vnis.draft();
  const drop = (map: typeof vrfs, value: number, owner: string): void => {
    // Stryker disable next-line ArrayDeclaration: equivalent, a released allocation's numbers were added with it
    const rest = (map.get(value) ?? []).filter((o) => o !== owner);
    if (rest.length === 0) map.delete(value);
    // Stryker disable next-line CallExpression: equivalent, the allocator gives each number one owner (a repeated earlier number gets a new one, WF502), so no other owner is left
    else map.set(value, rest);
  };
  for (const [key, alloc] of removed) {
    drop(vrfs, alloc.vrf, key);
    for (const vni of vnisOf(alloc)) drop(vnis, vni, key);
  }
  for (const [key, alloc] of added) {
    vrfs.set(alloc.vrf, [...(vrfs.get(alloc.vrf) ?? []), key]);
    for (const vni of vnisOf(alloc)) vnis.set(vni, [...(vnis.get(vni) ?? []), key]);
  }
  const result = { vrfs: vrfs.finish(), vnis: vnis.finish() };
  return { ...result, vrfGap: nextGap(result.vrfs, pools.vrfStart, pools.vrfFloor), vniGap: nextGap(result.vnis, pools.vniStart, pools.vniFloor) };
}

/** Every number of the allocation: its VRF id and its VNIs. */
export function vrfAndVnis(alloc: VpcAllocation): { vrf: number; vnis: number[] } {
  return { vrf: alloc.vrf, vnis: vnisOf(alloc) };
}

/** Whether one of `kept`'s allocations holds the number. */
export function heldBy(owners: SharedMap<number, readonly string[]>, kept: ReadonlyMap<string, unknown>): (value: number) => boolean {
  return (value: number): boolean => {
    const list = owners.get(value);
    if (list === undefined) return false;
    for (const owner of list) if (kept.has(owner)) return true;
    return false;
  };
}

/** Whether two plain values (numbers, strings, records of them) are equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
