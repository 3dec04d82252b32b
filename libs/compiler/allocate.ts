/**
 * Turns placement into numbers with the allocator: underlay (ASNs, loopbacks, /31 links,
 * PortChannels), VPC and External numbers (VRF ids, VNIs), and VLANs (per trunk domain for the
 * vlan method, per switch for EVPN).
 */
import {
  allocateNumbers,
  emptyAllocations,
  vniOwners,
  type AllocationRequest,
  type Allocations,
  type ExternalAllocation,
  type SwitchAllocation,
  type VpcAllocation,
} from '#allocator';
import { DIAGNOSTIC_CODES as C, compareText, error, formatIpv4, formatPrefix, lastAddress, parseCidr, parseIpv4, prefixSize, type Diagnostic, type Switch } from '#domain';
import type { ResolvedPolicy } from '#policy';
import type { FabricIndex } from './fabric.js';
import type { IntentIndex } from './intents.js';
import type { VpcPlacement } from './placement.js';
import { SharedMap } from './shared-map.js';

// Number.isInteger is false for anything that is not a number
const num = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const policyPath = (policy: ResolvedPolicy, field: string): string => `FabricPolicy ${policy.name} ${field}`;

export interface UnderlayAllocation {
  readonly switches: Map<string, { asn: number; loopback: string; portChannels: Record<string, number> }>;
  readonly links: Record<string, string>;
  readonly diagnostics: Diagnostic[];
}

/** The switches in natural name order. */
function switchesInOrder(fabric: FabricIndex): Switch[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, every name of switchNames is a switch
  return fabric.switchNames.flatMap((n) => fabric.switches.get(n) ?? []);
}

export function allocateUnderlay(fabric: FabricIndex, policy: ResolvedPolicy, previous: Allocations): UnderlayAllocation {
  const diagnostics: Diagnostic[] = [];
  const switches = new Map<string, { asn: number; loopback: string; portChannels: Record<string, number> }>();
  const inOrder = switchesInOrder(fabric);
  // a switch without an AS number or router id adds `undefined`, which no pool number matches
  const explicitAsns = new Set<number | undefined>([policy.underlay.spineAsn]);
  const explicitLoopbacks = new Set<number | undefined>();
  for (const s of inOrder) {
    explicitAsns.add(s.spec.asn);
    // Stryker disable next-line StringLiteral: equivalent, neither '' nor any other text without a dotted quad is an address: a switch without a router id adds undefined
    explicitLoopbacks.add(parseIpv4(s.spec.routerId ?? ''));
  }
  const asnRequests = (role: 'leaf' | 'border'): AllocationRequest[] =>
    inOrder
      .filter((s) => s.spec.role === role && s.spec.asn === undefined)
      .map((s) => ({ owner: s.metadata.name, ...optional('previous', num(record(previous.switches[s.metadata.name]).asn)) }));
  const leafStart = policy.underlay.leafAsnStart;
  const borderStart = policy.underlay.borderAsnStart;
  const leafRequests = asnRequests('leaf');
  const borderRequests = asnRequests('border');
  const asns = new Map<string, number>();
  const asnPool = (start: number, field: string, excluded: Set<number | undefined>) => ({
    label: `AS number pool from ${start} (${policyPath(policy, field)})`,
    range: { start, end: 4294967294 },
    excluded,
  });
  if (borderStart === undefined) {
    const r = allocateNumbers([...leafRequests, ...borderRequests], asnPool(leafStart, 'spec.underlay.asn.leafStart', explicitAsns), policyPath(policy, 'spec.underlay.asn'));
    r.assigned.forEach((v, k) => asns.set(k, v));
    diagnostics.push(...r.diagnostics);
  } else {
    const leaves = allocateNumbers(leafRequests, asnPool(leafStart, 'spec.underlay.asn.leafStart', explicitAsns), policyPath(policy, 'spec.underlay.asn.leafStart'));
    const taken = new Set([...explicitAsns, ...leaves.assigned.values()]);
    const borders = allocateNumbers(borderRequests, asnPool(borderStart, 'spec.underlay.asn.borderStart', taken), policyPath(policy, 'spec.underlay.asn.borderStart'));
    leaves.assigned.forEach((v, k) => asns.set(k, v));
    borders.assigned.forEach((v, k) => asns.set(k, v));
    diagnostics.push(...leaves.diagnostics, ...borders.diagnostics);
  }
  const lo = policy.underlay.loopbacks;
  const loopbackRequests = inOrder
    .filter((s) => s.spec.routerId === undefined)
    .map((s) => {
      const prev = record(previous.switches[s.metadata.name]).loopback;
      return { owner: s.metadata.name, ...optional('previous', typeof prev === 'string' ? parseIpv4(prev) : undefined) };
    });
  const loopbacks = allocateNumbers(
    loopbackRequests,
    {
      label: `loopback pool ${formatPrefix(lo)} (${policyPath(policy, 'spec.underlay.loopbacks')})`,
      range: { start: lo.network + 1, end: lastAddress(lo) - (lo.length >= 31 ? 0 : 1) },
      excluded: explicitLoopbacks,
      show: formatIpv4,
    },
    policyPath(policy, 'spec.underlay.loopbacks'),
  );
  diagnostics.push(...loopbacks.diagnostics);
  for (const s of inOrder) {
    const name = s.metadata.name;
    const asn = s.spec.asn ?? (s.spec.role === 'spine' ? policy.underlay.spineAsn : asns.get(name));
    const loopback = loopbacks.assigned.get(name);
    const rid = s.spec.routerId ?? (loopback === undefined ? undefined : formatIpv4(loopback));
    if (asn === undefined || rid === undefined) continue;
    switches.set(name, { asn, loopback: rid, portChannels: allocatePortChannels(fabric, name, previous, diagnostics) });
  }
  diagnostics.push(...checkSpineAsns(inOrder, policy));
  const links = allocateLinks(fabric, policy, previous, diagnostics);
  return { switches, links, diagnostics };
}

/** A leaf or border in a spine's AS would peer with it over iBGP, and the eBGP sessions fail. */
function checkSpineAsns(inOrder: readonly Switch[], policy: ResolvedPolicy): Diagnostic[] {
  // AS number -> the first spine (in name order) that has it
  const spineOf = new Map<number | undefined, { name: string; asn: number }>();
  for (const s of inOrder) {
    const asn = s.spec.asn ?? policy.underlay.spineAsn;
    if (s.spec.role === 'spine' && !spineOf.has(asn)) spineOf.set(asn, { name: s.metadata.name, asn });
  }
  const out: Diagnostic[] = [];
  for (const s of inOrder) {
    // a switch without an AS number of its own (undefined) takes one from the pool, never a spine's
    const spine = spineOf.get(s.spec.asn);
    if (s.spec.role === 'spine' || spine === undefined) continue;
    out.push(
      error(C.DUPLICATE_ASN, `Switch ${s.metadata.name} spec.asn`, `AS ${spine.asn} is the AS number of ${spine.name}; a ${s.spec.role} peers with the spines over eBGP and needs an AS number of its own`),
    );
  }
  return out;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function allocatePortChannels(fabric: FabricIndex, sw: string, previous: Allocations, diagnostics: Diagnostic[]): Record<string, number> {
  const bundles = fabric.connectionsBySwitch.get(sw)?.filter((c) => fabric.serverLinks.get(c)?.bundled === true) ?? [];
  const prev = record(record(previous.switches[sw]).portChannels);
  const r = allocateNumbers(
    bundles.map((c) => ({ owner: c, ...optional('previous', num(prev[c])) })),
    { label: `PortChannel numbers of ${sw} (1-9999)`, range: { start: 1, end: 9999 } },
    `Switch ${sw}`,
  );
  diagnostics.push(...r.diagnostics);
  return Object.fromEntries([...r.assigned].sort(([a], [b]) => compareText(a, b)));
}

function allocateLinks(fabric: FabricIndex, policy: ResolvedPolicy, previous: Allocations, diagnostics: Diagnostic[]): Record<string, string> {
  const links = policy.underlay.links;
  if (links === 'unnumbered') return {};
  const blocks = prefixSize(links.prefix) / 2;
  const block = (index: number): string => `${formatIpv4(links.prefix.network + index * 2)}/31`;
  const r = allocateNumbers(
    fabric.fabricLinks.map((l) => {
      const prev = previous.links[l.connection];
      const parsed = typeof prev === 'string' ? parseCidr(prev) : undefined;
      const index = parsed === undefined ? NaN : (parsed.prefix.network - links.prefix.network) / 2;
      // a /31 outside the pool moves in without a word (the pool changed); one at an odd address is damaged
      return { owner: l.connection, ...optional('previous', Number.isInteger(index) && index >= 0 && index < blocks ? index : undefined) };
    }),
    { label: `fabric link pool ${links.text} (${policyPath(policy, 'spec.underlay.links')})`, range: { start: 0, end: blocks - 1 }, show: block },
    policyPath(policy, 'spec.underlay.links'),
  );
  diagnostics.push(...r.diagnostics);
  const out: Record<string, string> = {};
  for (const [connection, index] of [...r.assigned].sort(([a], [b]) => compareText(a, b))) out[connection] = block(index);
  return out;
}

export interface OverlayAllocation {
  readonly vpcs: SharedMap<string, VpcAllocation>;
  readonly externals: Map<string, ExternalAllocation>;
  readonly diagnostics: Diagnostic[];
  /** VPCs this allocation asked numbers for (every valid VPC not kept) */
  readonly requested: readonly string[];
}

/**
 * Which VPCs a compile allocates. A full compile asks for every VPC, with the earlier
 * allocations as `unkept`; a recompile keeps the allocations of VPCs it did not touch, object
 * for object, and asks only for the rest.
 */
export interface OverlayScope {
  /** allocations taken as they are */
  readonly kept: SharedMap<string, VpcAllocation>;
  /** whether a kept allocation holds this VRF id / VNI */
  readonly holdsVrf: (vrf: number) => boolean;
  readonly holdsVni: (vni: number) => boolean;
  /** VPCs to allocate: VPCs of the intents, none of them kept */
  readonly requested: Iterable<string>;
  /** the earlier allocations that are not kept: of the requested VPCs and of VPCs gone */
  readonly unkept: Readonly<Record<string, VpcAllocation>>;
  /** every VRF id / VNI of the pool below these is held by a kept allocation */
  readonly vrfFloor?: number;
  readonly vniFloor?: number;
}

/** Everything allocated anew: no allocation kept. */
export function fullOverlayScope(intents: IntentIndex, previous: Allocations): OverlayScope {
  // Stryker disable next-line ArrowFunction: equivalent, holdsVrf and holdsVni are read with `||`, where undefined is false
  return { kept: SharedMap.empty(), holdsVrf: () => false, holdsVni: () => false, requested: intents.vpcs.keys(), unkept: previous.vpcs };
}

/**
 * VRF ids and VNIs for every VPC and External; quarantined VNIs are not handed out again.
 * Kept allocations (a recompile's untouched VPCs) are taken as they are.
 */
export function allocateOverlay(intents: IntentIndex, policy: ResolvedPolicy, previous: Allocations, scope: OverlayScope): OverlayAllocation {
  const diagnostics: Diagnostic[] = [];
  const { kept, unkept } = scope;
  const vpcKeys = [...scope.requested].sort(compareText);
  // indexIntents fills intents.externals in name order
  const externalKeys = [...intents.externals.keys()];
  const prevVpc = (key: string): Record<string, unknown> => record(unkept[key]);
  const freedVrfs = new Set(vrfsFreedNow(unkept, previous.externals, intents));
  const vrfs = allocateNumbers(
    [
      ...vpcKeys.map((k) => ({ owner: k, ...optional('previous', num(prevVpc(k).vrf)) })),
      ...externalKeys.map((k) => ({ owner: `external:${k}`, ...optional('previous', num(record(previous.externals[k]).vrf)) })),
    ],
    {
      label: `VRF id pool ${policy.pools.vrf.start}-${policy.pools.vrf.end} (${policyPath(policy, 'spec.pools.vrf')})`,
      range: policy.pools.vrf,
      excluded: { has: (v: number) => scope.holdsVrf(v) || freedVrfs.has(v) },
      // Stryker disable next-line StringLiteral: equivalent, unavailableBelow is a hint for speed: the numbers are the same without it
      ...optional('unavailableBelow', scope.vrfFloor),
    },
    policyPath(policy, 'spec.pools.vrf'),
  );
  diagnostics.push(...vrfs.diagnostics);
  const vniRequests: AllocationRequest[] = [];
  const quarantinedBy = new Map(previous.quarantine.map((q) => [q.value, q.owner]));
  const request = (owner: string, prev: number | undefined): void => {
    vniRequests.push({ owner, ...optional('previous', prev) });
  };
  for (const key of vpcKeys) {
    const info = intents.vpcs.get(key);
    if (info === undefined || info.decision.method === 'vlan') continue;
    const prevSubnets = record(prevVpc(key).subnets);
    if (info.decision.method === 'evpn-l3vni') request(key, num(prevVpc(key).vni) ?? reclaim(quarantinedBy, key));
    for (const s of info.subnets) {
      // a host BGP subnet has no VLAN, so no L2VNI: its routes travel over the L3VNI
      if (s.hostBgp !== undefined) continue;
      const owner = `${key}/${s.name}`;
      request(owner, num(record(prevSubnets[s.name]).vni) ?? reclaim(quarantinedBy, owner));
    }
  }
  for (const key of externalKeys) request(`external:${key}`, num(record(previous.externals[key]).vni) ?? reclaim(quarantinedBy, `external:${key}`));
  const returning = new Set<number | undefined>(vniRequests.map((r) => r.previous));
  // VNIs whose owner is gone in this very compile go to quarantine: they are not free either. An
  // owner still asking has its VNI among `returning` (its previous one), so it is not kept from it
  const freedNow = vniOwners({ ...emptyAllocations(), vpcs: unkept, externals: previous.externals }).map((o) => o.value);
  const notFree = new Set([...freedNow, ...quarantinedBy.keys()].filter((v) => !returning.has(v)));
  const vnis = allocateNumbers(
    vniRequests,
    {
      label: `VNI pool ${policy.pools.vni.start}-${policy.pools.vni.end} (${policyPath(policy, 'spec.pools.vni')})`,
      range: policy.pools.vni,
      reserved: policy.pools.reservedVnis,
      excluded: { has: (v: number) => scope.holdsVni(v) || notFree.has(v) },
      // Stryker disable next-line StringLiteral: equivalent, unavailableBelow is a hint for speed: the numbers are the same without it
      ...optional('unavailableBelow', scope.vniFloor),
    },
    policyPath(policy, 'spec.pools.vni'),
  );
  diagnostics.push(...vnis.diagnostics);
  const vpcs = kept.draft();
  for (const key of vpcKeys) {
    const info = intents.vpcs.get(key);
    const vrf = vrfs.assigned.get(key);
    if (info === undefined || vrf === undefined) continue;
    const subnets: Record<string, { vni?: number; vlan?: number }> = {};
    for (const s of info.subnets) subnets[s.name] = optional('vni', vnis.assigned.get(`${key}/${s.name}`));
    vpcs.set(key, { isolation: info.decision.method, vrf, ...optional('vni', vnis.assigned.get(key)), subnets });
  }
  const externals = new Map<string, ExternalAllocation>();
  for (const key of externalKeys) {
    const vrf = vrfs.assigned.get(`external:${key}`);
    const vni = vnis.assigned.get(`external:${key}`);
    if (vrf !== undefined && vni !== undefined) externals.set(key, { vrf, vni });
  }
  return { vpcs: vpcs.finish(), externals, diagnostics, requested: vpcKeys };
}

/**
 * VRF ids of VPCs and Externals deleted in this compile: a new owner must not take one in the
 * same compile, or a switch would see its VRF change owner in one step. (Later compiles may.)
 */
function vrfsFreedNow(unkept: Readonly<Record<string, VpcAllocation>>, externals: Allocations['externals'], intents: IntentIndex): number[] {
  return [
    ...Object.entries(unkept)
      .filter(([key]) => !intents.vpcs.has(key))
      .map(([, alloc]) => alloc.vrf),
    ...Object.entries(externals)
      .filter(([key]) => !intents.externals.has(key))
      .map(([, alloc]) => alloc.vrf),
  ];
}

function reclaim(quarantinedBy: ReadonlyMap<number, string>, owner: string): number | undefined {
  for (const [value, by] of quarantinedBy) if (by === owner) return value;
  return undefined;
}

/** Trunk-domain VLANs for the subnets of vlan-method `placements`: the same id on every switch of the domain. */
export function allocateDomainVlans(
  placements: Iterable<VpcPlacement>,
  policy: ResolvedPolicy,
  previous: Allocations,
  previousVpc: (key: string) => VpcAllocation | undefined,
): { vlans: Map<string, number>; diagnostics: Diagnostic[] } {
  // domain -> its subnets to number, and every switch they are on
  const byDomain = new Map<string, { owners: { owner: string; vpc: string; subnet: string }[]; switches: Set<string> }>();
  for (const p of [...placements].sort((a, b) => compareText(a.vpc, b.vpc))) {
    // (a placement without a gateway switch has no switches: it adds no owner to its domain)
    const domain = p.domain ?? `switch:${String(p.gatewaySwitch)}`;
    const entry = byDomain.get(domain) ?? { owners: [], switches: new Set<string>() };
    byDomain.set(domain, entry);
    const subnets = new Set<string>();
    for (const [sw, part] of p.switches) {
      entry.switches.add(sw);
      part.subnets.forEach((s) => subnets.add(s));
    }
    // Stryker disable next-line MethodExpression: equivalent, the gateway switch comes first and carries every subnet, in name order
    for (const s of [...subnets].sort(compareText)) entry.owners.push({ owner: `${p.vpc}/${s}`, vpc: p.vpc, subnet: s });
  }
  const vlans = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  // each domain is allocated on its own (the diagnostics are sorted later), so their order is not seen
  for (const [domain, { owners, switches }] of byDomain) {
    // keep clear of the per-switch VLANs these switches had, so nothing already applied moves
    // (a damaged entry adds `undefined`, which no VLAN matches)
    const excluded = new Set<number | undefined>();
    const domainOwners = new Set(owners.map((o) => o.owner));
    for (const sw of switches) {
      for (const [owner, vlan] of Object.entries(record(record(previous.switches[sw]).vlans))) if (!domainOwners.has(owner)) excluded.add(num(vlan));
    }
    const r = allocateNumbers(
      owners.map((o) => ({ owner: o.owner, ...optional('previous', num(record(record(record(previousVpc(o.vpc)).subnets)[o.subnet]).vlan)) })),
      {
        label: `VLAN pool ${policy.pools.vlan.start}-${policy.pools.vlan.end} of trunk domain ${domain} (${policyPath(policy, 'spec.pools.vlan')})`,
        range: policy.pools.vlan,
        reserved: policy.pools.reservedVlans,
        excluded,
      },
      policyPath(policy, 'spec.pools.vlan'),
    );
    r.assigned.forEach((v, k) => vlans.set(k, v));
    diagnostics.push(...r.diagnostics);
  }
  return { vlans, diagnostics };
}

/**
 * What a switch's VLANs were allocated from, kept by the map they went into: a later allocation
 * of the same switch that starts from that map changes only the owners that came and went.
 */
interface SwitchVlanInputs {
  readonly sw: string;
  readonly policy: ResolvedPolicy;
  /** the owners asked for, sorted by code units; every one got a number (no diagnostics, no fixed VLANs) */
  readonly owners: readonly string[];
  /** the map they went into: its keys are exactly `owners` */
  readonly vlans: ReadonlyMap<string, number>;
}

const switchVlanInputs = new WeakMap<ReadonlyMap<string, number>, SwitchVlanInputs>();

/**
 * Per-switch VLANs for EVPN subnets and L3VNI transit VLANs, around the domain VLANs. `owners`
 * are sorted by code units, without repeats. `earlier` is what the switch got the last time,
 * when `previous` records exactly that map: then only the owners that changed are looked at
 * (the result is the same as allocating every owner again).
 */
export function allocateSwitchVlans(
  sw: string,
  owners: readonly string[],
  fixed: ReadonlyMap<string, number>,
  policy: ResolvedPolicy,
  previous: Allocations,
  earlier?: ReadonlyMap<string, number>,
): { vlans: Map<string, number>; diagnostics: readonly Diagnostic[] } {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, without the earlier inputs the full allocation runs, which gives the same numbers
  const inputs = earlier === undefined ? undefined : switchVlanInputs.get(earlier);
  const kept =
    inputs !== undefined &&
    fixed.size === 0 &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, compile hands a switch only its own earlier map, made with the same policy (a recompile with another policy compiles in full); without the shortcut the full allocation gives the same numbers
    inputs.sw === sw &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, as for the switch name just above
    inputs.policy === policy
      ? changedSwitchVlans(owners, inputs.vlans, policy)
      : undefined;
  // Stryker disable next-line BlockStatement: equivalent, without the shortcut the full allocation gives the same numbers
  if (kept !== undefined) {
    // Stryker disable next-line ObjectLiteral: equivalent, without these inputs the next allocation of the switch runs in full, with the same numbers
    switchVlanInputs.set(kept, { sw, policy, owners, vlans: kept });
    return { vlans: kept, diagnostics: [] };
  }
  const prev = record(record(previous.switches[sw]).vlans);
  const r = allocateNumbers(
    owners.map((o) => ({ owner: o, ...optional('previous', num(prev[o])) })),
    {
      label: `VLAN pool ${policy.pools.vlan.start}-${policy.pools.vlan.end} of switch ${sw} (${policyPath(policy, 'spec.pools.vlan')})`,
      range: policy.pools.vlan,
      reserved: policy.pools.reservedVlans,
      excluded: new Set(fixed.values()),
    },
    `Switch ${sw}`,
  );
  const vlans = new Map(fixed);
  r.assigned.forEach((v, k) => vlans.set(k, v));
  // Stryker disable next-line ObjectLiteral: equivalent, without these inputs the next allocation of the switch runs in full, with the same numbers
  if (fixed.size === 0 && r.diagnostics.length === 0) switchVlanInputs.set(vlans, { sw, policy, owners, vlans });
  return { vlans, diagnostics: r.diagnostics };
}

/**
 * allocateNumbers of `owners` with the numbers of `earlier` as their previous ones, where
 * `earlier` gave each of its owners a number without conflict: those still asked for keep
 * theirs (each is valid and held by no one else), the new ones get the lowest free numbers in
 * order. Undefined when the pool runs out (the full allocation says so).
 */
function changedSwitchVlans(owners: readonly string[], earlier: ReadonlyMap<string, number>, policy: ResolvedPolicy): Map<string, number> | undefined {
  const vlans = new Map<string, number>();
  const fresh: AllocationRequest[] = [];
  for (const owner of owners) {
    const vlan = earlier.get(owner);
    if (vlan === undefined) fresh.push({ owner });
    else vlans.set(owner, vlan);
  }
  const r = allocateNumbers(
    fresh,
    {
      // Stryker disable next-line StringLiteral: equivalent, a diagnostic of this allocation is never shown (the full allocation runs instead)
      label: 'switch VLANs',
      range: policy.pools.vlan,
      reserved: policy.pools.reservedVlans,
      excluded: new Set(vlans.values()),
    },
    // Stryker disable next-line StringLiteral: equivalent, as the label just above
    '',
  );
  if (r.assigned.size < fresh.length) return undefined;
  r.assigned.forEach((v, k) => vlans.set(k, v));
  return vlans;
}

/** The owners of a switch's VLAN map in code-unit order, when it was allocated here without fixed VLANs. */
export function sortedSwitchVlanOwners(vlans: ReadonlyMap<string, number>): readonly string[] | undefined {
  return switchVlanInputs.get(vlans)?.owners;
}

export function toSwitchAllocation(asn: number, loopback: string, portChannels: Record<string, number>, vlans: ReadonlyMap<string, number>): SwitchAllocation {
  // the default sort orders by UTF-16 code units, as compareText does, without a callback
  const record: Record<string, number> = {};
  for (const owner of sortedSwitchVlanOwners(vlans) ?? [...vlans.keys()].sort()) record[owner] = vlans.get(owner) ?? 0;
  return { asn, loopback, portChannels, vlans: record };
}
