/**
 * The allocations document of a compile. A full compile builds it whole; a recompile compares
 * only the VPC entries it touched with the earlier ones (the others are the very same objects)
 * and makes the `vpcs` record when someone reads it, so a change of one VPC among thousands
 * does not copy the thousands.
 */
import {
  emptyAllocations,
  findDoubleOwners,
  updateQuarantine,
  vniOwners,
  type Allocations,
  type ExternalAllocation,
  type SwitchAllocation,
  type VpcAllocation,
} from '#allocator';
import { DIAGNOSTIC_CODES as C, compareNatural, error, type Diagnostic } from '#domain';
import { toSwitchAllocation } from './allocate.js';
import { sameValue } from './derived.js';
import { subnetOwner, type SwitchNumbers } from './devices.js';
import type { VpcPlacement } from './placement.js';
import type { SharedMap } from './shared-map.js';

/**
 * The VPC allocations with trunk-domain VLANs on vlan-method subnets: the earlier ones with
 * the changed keys taken from `overlay`, and every vlan-method VPC's VLANs applied again (an
 * entry equal to the earlier one stays the earlier object). Returns the keys whose entry moved.
 */
export function withDomainVlans(
  before: SharedMap<string, VpcAllocation>,
  overlay: ReadonlyMap<string, VpcAllocation>,
  changed: Iterable<string>,
  vlanPlacements: Iterable<VpcPlacement>,
  domainVlans: ReadonlyMap<string, number>,
): { vpcs: SharedMap<string, VpcAllocation>; touched: Set<string> } {
  const vpcs = before.draft();
  const touched = new Set<string>();
  for (const key of changed) {
    const alloc = overlay.get(key);
    if (alloc === undefined) vpcs.delete(key);
    else vpcs.set(key, alloc);
    touched.add(key);
  }
  for (const placement of vlanPlacements) {
    const key = placement.vpc;
    const alloc = overlay.get(key);
    if (alloc?.isolation !== 'vlan') continue;
    const subnets: Record<string, { vni?: number; vlan?: number }> = {};
    for (const [name, s] of Object.entries(alloc.subnets)) {
      const vlan = domainVlans.get(subnetOwner(key, name));
      subnets[name] = vlan === undefined ? s : { ...s, vlan };
    }
    const next = { ...alloc, subnets };
    if (sameValue(vpcs.get(key), next)) continue;
    vpcs.set(key, next);
    touched.add(key);
  }
  return { vpcs: vpcs.finish(), touched };
}

/** Switch allocations by the VLAN map they were made from: unchanged switches are not rebuilt. */
const switchAllocationCache = new WeakMap<ReadonlyMap<string, number>, { numbers: SwitchNumbers; allocation: SwitchAllocation }>();

function switchAllocation(numbers: SwitchNumbers, vlans: ReadonlyMap<string, number>): SwitchAllocation {
  const hit = switchAllocationCache.get(vlans);
  if (hit?.numbers === numbers) return hit.allocation;
  const allocation = toSwitchAllocation(numbers.asn, numbers.loopback, { ...numbers.portChannels }, vlans);
  switchAllocationCache.set(vlans, { numbers, allocation });
  return allocation;
}

/** Whether `allocation` is the one assembled from the switch VLAN map `vlans`. */
export function isAllocationOf(allocation: SwitchAllocation | undefined, vlans: ReadonlyMap<string, number>): boolean {
  return allocation !== undefined && switchAllocationCache.get(vlans)?.allocation === allocation;
}

/** Switch names in natural order, by the numbers map they are the keys of. */
const sortedSwitchNames = new WeakMap<ReadonlyMap<string, SwitchNumbers>, readonly string[]>();

export interface AllocationParts {
  readonly numbers: ReadonlyMap<string, SwitchNumbers>;
  readonly links: Readonly<Record<string, string>>;
  readonly vpcs: SharedMap<string, VpcAllocation>;
  readonly externals: ReadonlyMap<string, ExternalAllocation>;
  readonly switchVlans: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** For a recompile: the VPC entries that may differ from the earlier allocations, and those. */
export interface VpcChanges {
  readonly touched: ReadonlySet<string>;
  readonly earlier: (key: string) => VpcAllocation | undefined;
  /**
   * `earlier` reads the entries of `previous` itself: every key not touched has the very object
   * in `vpcs` that `previous` has (so vpcAllocationChanges may name only the touched keys)
   */
  readonly ofPrevious: boolean;
}

/** How a recompile's allocations were made from the ones before: the VPC keys it may have changed, and its entries. */
interface Assembly {
  /** weakly: allocations must not keep every earlier allocations alive */
  readonly previous: WeakRef<Allocations>;
  readonly touched: ReadonlySet<string>;
  readonly vpcs: SharedMap<string, VpcAllocation>;
}

const assemblies = new WeakMap<Allocations, Assembly>();

/** Recompiles a chain may span: a batch compiles once, or once per write when it falls back. */
const MAX_CHAIN = 256;

/** A VPC's entry in `allocations`, without making a lazily made `vpcs` record. */
function vpcEntry(allocations: Allocations, key: string): VpcAllocation | undefined {
  const assembly = assemblies.get(allocations);
  return assembly === undefined ? allocations.vpcs[key] : assembly.vpcs.get(key);
}

/** A VPC whose entry may differ between two allocations: its entry before and after. */
export interface VpcAllocationChange {
  readonly key: string;
  readonly before?: VpcAllocation;
  readonly after?: VpcAllocation;
}

/**
 * The VPC entries that may differ between `before` and `after`, when `after` was made from
 * `before` by recompiles (a chain of at most MAX_CHAIN): the keys they touched, in no
 * particular order, each with its entry on both sides, found without walking every VPC or
 * making either `vpcs` record. Every key whose entry is not the very same object on both sides
 * is among them (some may be the same). Undefined when `after` was not made that way (a full
 * compile, allocations read from elsewhere), or when a link of the chain is no longer held by
 * anyone (each refers to the one before weakly; a batch's steps hold theirs): the caller then
 * compares every entry, with the same outcome.
 */
export function vpcAllocationChanges(before: Allocations, after: Allocations): VpcAllocationChange[] | undefined {
  const keys = new Set<string>();
  let at = after;
  for (let steps = 0; at !== before; steps++) {
    const assembly = assemblies.get(at);
    if (assembly === undefined || steps >= MAX_CHAIN) return undefined;
    for (const key of assembly.touched) keys.add(key);
    const previous = assembly.previous.deref();
    if (previous === undefined) return undefined;
    at = previous;
  }
  return [...keys].map((key) => {
    const a = vpcEntry(before, key);
    const b = vpcEntry(after, key);
    return { key, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) };
  });
}

export function assembleAllocations(previous: Allocations, parts: AllocationParts, changes: VpcChanges | undefined): Allocations {
  const switches: Record<string, SwitchAllocation> = {};
  let names = sortedSwitchNames.get(parts.numbers);
  if (names === undefined) {
    names = [...parts.numbers.keys()].sort(compareNatural);
    sortedSwitchNames.set(parts.numbers, names);
  }
  for (const name of names) {
    const n = parts.numbers.get(name);
    if (n !== undefined) switches[name] = switchAllocation(n, parts.switchVlans.get(name) ?? new Map<string, number>());
  }
  const externals = Object.fromEntries(parts.externals);
  if (changes === undefined) {
    // key order does not matter here: serializeAllocations sorts keys when it writes the file
    const draft: Allocations = { version: 1, generation: previous.generation, switches, links: parts.links, vpcs: Object.fromEntries(parts.vpcs), externals, quarantine: previous.quarantine };
    const changed = !sameNumbers(draft, previous);
    const generation = changed ? previous.generation + 1 : previous.generation;
    return { ...draft, generation, quarantine: changed ? updateQuarantine(previous, draft, generation) : previous.quarantine };
  }
  const touched = [...changes.touched];
  const vpcsSame = touched.every((key) => sameValue(parts.vpcs.get(key), changes.earlier(key)));
  const changed = !(vpcsSame && sameValue(switches, previous.switches) && sameValue(parts.links, previous.links) && sameValue(externals, previous.externals));
  const generation = changed ? previous.generation + 1 : previous.generation;
  // the quarantine looks at entries that are not the very same objects: only the touched ones
  const subset = (get: (key: string) => VpcAllocation | undefined): Record<string, VpcAllocation> => {
    const out: Record<string, VpcAllocation> = {};
    for (const key of touched) {
      const alloc = get(key);
      if (alloc !== undefined) out[key] = alloc;
    }
    return out;
  };
  const quarantine = changed
    ? updateQuarantine(
        { ...emptyAllocations(), vpcs: subset(changes.earlier), externals: previous.externals, quarantine: previous.quarantine },
        { ...emptyAllocations(), vpcs: subset((key) => parts.vpcs.get(key)), externals },
        generation,
      )
    : previous.quarantine;
  const allocations = lazyVpcs({ version: 1, generation, switches, links: parts.links, externals, quarantine }, parts.vpcs);
  if (changes.ofPrevious) assemblies.set(allocations, { previous: new WeakRef(previous), touched: changes.touched, vpcs: parts.vpcs });
  return allocations;
}

/** An allocations document whose `vpcs` record is made from the map when it is first read. */
function lazyVpcs(rest: Omit<Allocations, 'vpcs'>, vpcs: SharedMap<string, VpcAllocation>): Allocations {
  let record: Record<string, VpcAllocation> | undefined;
  return {
    version: rest.version,
    generation: rest.generation,
    switches: rest.switches,
    links: rest.links,
    get vpcs(): Record<string, VpcAllocation> {
      record ??= Object.fromEntries(vpcs);
      return record;
    },
    externals: rest.externals,
    quarantine: rest.quarantine,
  };
}

/** Whether two allocations hand out the same numbers (generation and quarantine aside). */
function sameNumbers(a: Allocations, b: Allocations): boolean {
  return sameValue(a.switches, b.switches) && sameValue(a.links, b.links) && sameValue(a.vpcs, b.vpcs) && sameValue(a.externals, b.externals);
}

export function checkPreviousAllocations(previous: Allocations): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [value, owners] of findDoubleOwners(vniOwners(previous))) {
    out.push(
      error(C.ALLOCATION_CONFLICT, 'allocations vpcs', `VNI ${value} has ${owners.length} owners in the earlier allocations: ${owners.join(', ')}`, 'fix or remove the earlier allocations.json'),
    );
  }
  return out;
}
