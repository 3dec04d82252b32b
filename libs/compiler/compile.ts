/**
 * The pipeline: validate -> policy -> place -> allocate -> build devices -> render. Pure: the
 * same resources and earlier allocations give byte-identical files. `recompile` reuses a
 * previous result and rebuilds only the switches a change touches.
 */
import { findResourceDefinitionByKind, type VpcStatus } from '#api';
import {
  emptyAllocations,
  updateQuarantine,
  vniOwners,
  findDoubleOwners,
  type Allocations,
  type ExternalAllocation,
  type SwitchAllocation,
  type VpcAllocation,
} from '#allocator';
import {
  DIAGNOSTIC_CODES as C,
  compareNatural,
  compareText,
  error,
  hasErrors,
  keyOf,
  sortDiagnostics,
  warning,
  type AnyResource,
  type DeviceIntent,
  type Diagnostic,
  type Vpc,
  type VpcAttachment,
  type ResourceSet,
} from '#domain';
import { resolvePolicy, type ResolvedPolicy } from '#policy';
import { renderConfigDb, serializeConfigDb } from '#render-sonic';
import { renderFrrConf } from '#render-frr';
import { renderVyosSet } from '#render-vyos';
import { applyTemplates, checkTemplateSet } from './templates.js';
import { allocateDomainVlans, allocateOverlay, allocateSwitchVlans, allocateUnderlay, toSwitchAllocation } from './allocate.js';
import { buildDevice, subnetOwner, vlanOwners, vrfName, type DeviceContext, type SwitchContents, type SwitchNumbers } from './devices.js';
import { indexFabric, trunkDomains, type FabricIndex, type TrunkDomain } from './fabric.js';
import { indexIntents, type IntentChange, type IntentIndex, type IntentMemo, type PeeringInfo } from './intents.js';
import { placeVpc, type SwitchPart, type VpcPlacement } from './placement.js';

export interface CompileOptions {
  /** an earlier allocations.json: its owners keep their numbers */
  readonly previous?: Allocations;
}

export interface CompileResult {
  /** no error diagnostics */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly allocations: Allocations;
  readonly policy: ResolvedPolicy;
  /** switch -> its DeviceIntent, in natural name order */
  readonly devices: ReadonlyMap<string, DeviceIntent>;
  /** `<switch>/config_db.json`, `<switch>/frr.conf`, `<switch>/vyos.set` -> content */
  readonly files: ReadonlyMap<string, string>;
  readonly vpcStatus: ReadonlyMap<string, VpcStatus>;
  /** switches rebuilt by this compile (all of them for a full compile) */
  readonly rebuilt: readonly string[];
  /** internal state for recompile */
  readonly state: CompileState;
}

/** What a compile keeps for `recompile`: its inputs and what it derived from them. */
export interface CompileState extends BaseState {
  readonly intents: IntentIndex & { readonly memo: IntentMemo };
  readonly placements: ReadonlyMap<string, VpcPlacement>;
  /** VPC numbers as allocated (before trunk-domain VLANs are added) */
  readonly overlayVpcs: ReadonlyMap<string, VpcAllocation>;
  readonly switchVlans: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly switchDiagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
  readonly devices: ReadonlyMap<string, DeviceIntent>;
  readonly deviceFiles: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function compile(resources: ResourceSet, options: CompileOptions = {}): CompileResult {
  const previous = options.previous ?? emptyAllocations();
  const { policy, diagnostics: policyDiagnostics } = resolvePolicy(resources.policies);
  const { fabric, diagnostics: fabricDiagnostics } = indexFabric(resources.switches, resources.servers, resources.connections);
  const domains = trunkDomains(fabric);
  const underlay = allocateUnderlay(fabric, policy, previous);
  const baseDiagnostics = [
    ...policyDiagnostics,
    ...fabricDiagnostics,
    ...underlay.diagnostics,
    ...checkTemplateSet(resources.templates),
    ...checkPreviousAllocations(previous),
  ];
  const numbers = new Map<string, SwitchNumbers>(underlay.switches);
  return build(
    {
      resources,
      previous,
      fabric,
      domains,
      policy,
      baseDiagnostics,
      numbers,
      links: underlay.links,
    },
    undefined,
  );
}

/** Kinds a recompile handles without rebuilding the wiring; anything else compiles in full. */
const INCREMENTAL_KINDS = new Set(['VPC', 'VPCAttachment', 'VPCPeering']);

export interface ResourceChange {
  readonly upserts?: readonly AnyResource[];
  readonly deletes?: readonly { readonly kind: string; readonly namespace?: string; readonly name: string }[];
}

/**
 * Applies a change to an earlier result. Changes to VPCs, attachments and peerings rebuild only
 * the switches they touch (before or after the change); other kinds compile in full.
 */
export function recompile(result: CompileResult, change: ResourceChange): CompileResult {
  const state = result.state;
  // a namespaced object named without a namespace is in the default one, as when it is parsed
  const upserts = (change.upserts ?? []).map((u) => (u.metadata.namespace === undefined && isNamespaced(u.kind) ? { ...u, metadata: { ...u.metadata, namespace: 'default' } } : u));
  const deletes = (change.deletes ?? []).map((d) => (d.namespace === undefined && isNamespaced(d.kind) ? { ...d, namespace: 'default' } : d));
  const resources = applyChange(state.resources, upserts, deletes);
  const incremental = [...upserts, ...deletes].every((r) => INCREMENTAL_KINDS.has(r.kind));
  // the earlier result's numbers are the ones to keep: they are what the devices have now
  if (!incremental) return compile(resources, { previous: result.allocations });
  const key = (namespace: string | undefined, name: string): string => `${namespace ?? 'default'}/${name}`;
  const keysOf = (kind: string): string[] => [
    ...upserts.filter((u) => u.kind === kind).map((u) => key(u.metadata.namespace, u.metadata.name)),
    ...deletes.filter((d) => d.kind === kind).map((d) => key(d.namespace, d.name)),
  ];
  const intentChange: IntentChange = {
    vpcKeys: keysOf('VPC'),
    vpcs: upserts.filter((u): u is Vpc => u.kind === 'VPC'),
    attachmentKeys: keysOf('VPCAttachment'),
    attachments: upserts.filter((u): u is VpcAttachment => u.kind === 'VPCAttachment'),
  };
  return build({ ...state, resources, previous: result.allocations }, { intentChange, touchedPeerings: new Set(keysOf('VPCPeering')), before: result });
}

function isNamespaced(kind: string): boolean {
  return findResourceDefinitionByKind(kind)?.scope === 'Namespaced';
}

function applyChange(set: ResourceSet, upserts: readonly AnyResource[], deletes: ResourceChange['deletes'] & object): ResourceSet {
  const changedKinds = new Set([...upserts.map((u) => u.kind), ...deletes.map((d) => d.kind)]);
  const id = (kind: string, namespace: string | undefined, name: string): string => `${kind} ${namespace ?? ''}/${name}`;
  const gone = new Set([...deletes.map((d) => id(d.kind, d.namespace, d.name)), ...upserts.map((u) => id(u.kind, u.metadata.namespace, u.metadata.name))]);
  const goneNames = new Set([...deletes.map((d) => d.name), ...upserts.map((u) => u.metadata.name)]);
  const isGone = (r: AnyResource): boolean => goneNames.has(r.metadata.name) && gone.has(id(r.kind, r.metadata.namespace, r.metadata.name));
  // lists of kinds the change does not touch are kept as they are (and so are their objects)
  const update = <T extends AnyResource>(list: readonly T[], kind: string): readonly T[] =>
    changedKinds.has(kind) ? [...list.filter((r) => !isGone(r)), ...(upserts.filter((u) => u.kind === kind) as T[])] : list;
  return {
    switches: update(set.switches, 'Switch'),
    servers: update(set.servers, 'Server'),
    connections: update(set.connections, 'Connection'),
    policies: update(set.policies, 'FabricPolicy'),
    templates: update(set.templates, 'ConfigTemplate'),
    vpcs: update(set.vpcs, 'VPC'),
    attachments: update(set.attachments, 'VPCAttachment'),
    peerings: update(set.peerings, 'VPCPeering'),
    externals: update(set.externals, 'External'),
    externalAttachments: update(set.externalAttachments, 'ExternalAttachment'),
    externalPeerings: update(set.externalPeerings, 'ExternalPeering'),
  };
}

/** The inputs of a compile, and what depends on the wiring and policy only. */
interface BaseState {
  readonly resources: ResourceSet;
  readonly previous: Allocations;
  readonly fabric: FabricIndex;
  readonly domains: ReadonlyMap<string, TrunkDomain>;
  readonly policy: ResolvedPolicy;
  readonly baseDiagnostics: readonly Diagnostic[];
  readonly numbers: ReadonlyMap<string, SwitchNumbers>;
  readonly links: Readonly<Record<string, string>>;
}

interface Incremental {
  readonly intentChange: IntentChange;
  /** keys of the VPCPeerings the change puts or deletes */
  readonly touchedPeerings: ReadonlySet<string>;
  readonly before: CompileResult;
}

function build(base: BaseState, incremental: Incremental | undefined): CompileResult {
  const { fabric, policy, previous } = base;
  const indexed = indexIntents(base.resources, fabric, policy, incremental === undefined ? undefined : { index: incremental.before.state.intents, change: incremental.intentChange });
  const { intents, diagnostics: intentDiagnostics, changedVpcs } = indexed;
  // placements: reuse the earlier ones of VPCs the change left alone
  const placements = new Map<string, VpcPlacement>();
  const beforePlacements = incremental?.before.state.placements;
  for (const [key, vpc] of intents.vpcs) {
    const reuse = beforePlacements?.get(key);
    if (reuse !== undefined && !changedVpcs.has(key)) {
      placements.set(key, reuse);
    } else {
      placements.set(key, placeVpc(vpc, intents.attachmentsByVpc.get(key) ?? [], base.domains));
    }
  }
  const placementDiagnostics = [...placements.values()].flatMap((p) => p.diagnostics);
  const overlay = allocateOverlay(intents, policy, previous, keptVpcAllocations(incremental, intents));
  const domainVlans = allocateDomainVlans(placements, policy, previous);
  const peeringsByVpc = groupPeerings(intents.peerings);
  const { externalPeersByVpc, vpcPeersByExternal } = groupExternalPeerings(intents);
  const affected = incremental === undefined ? undefined : affectedSwitches(incremental, changedVpcs, placements, peeringsByVpc, overlay.vpcs, vpcPeersByExternal, intents);
  // what each switch carries, for the switches this compile rebuilds
  const contents = switchContents(fabric, intents, placements, overlay.vpcs, peeringsByVpc, affected?.switches);
  const ctx: DeviceContext = {
    fabric,
    policy,
    intents,
    placements,
    numbers: base.numbers,
    links: base.links,
    vpcNumbers: overlay.vpcs,
    externalNumbers: overlay.externals,
    peeringsByVpc,
    externalPeersByVpc,
    vpcPeersByExternal,
  };
  const before = incremental?.before.state;
  const switchVlans = new Map<string, ReadonlyMap<string, number>>();
  const switchDiagnostics = new Map<string, readonly Diagnostic[]>();
  const devices = new Map<string, DeviceIntent>();
  const deviceFiles = new Map<string, ReadonlyMap<string, string>>();
  const rebuilt: string[] = [];
  for (const name of fabric.switchNames) {
    const reusable = before !== undefined && affected !== undefined && !affected.switches.has(name);
    const oldDevice = before?.devices.get(name);
    const oldVlans = before?.switchVlans.get(name);
    const oldFiles = before?.deviceFiles.get(name);
    if (reusable && oldDevice !== undefined && oldVlans !== undefined && oldFiles !== undefined) {
      devices.set(name, oldDevice);
      switchVlans.set(name, oldVlans);
      deviceFiles.set(name, oldFiles);
      switchDiagnostics.set(name, before.switchDiagnostics.get(name) ?? []);
      continue;
    }
    rebuilt.push(name);
    const sw = fabric.switches.get(name);
    const content: SwitchContents = contents.get(name) ?? { parts: new Map<string, SwitchPart>(), peerVrfs: [], externals: [] };
    const fixed = new Map<string, number>();
    for (const [vpc, part] of content.parts) {
      if (placements.get(vpc)?.method !== 'vlan') continue;
      for (const s of part.subnets) {
        const id = domainVlans.vlans.get(subnetOwner(vpc, s));
        if (id !== undefined) fixed.set(subnetOwner(vpc, s), id);
      }
    }
    const { vlans, diagnostics } = allocateSwitchVlans(name, vlanOwners(content, ctx, sw?.spec.os ?? 'sonic'), fixed, policy, previous);
    switchVlans.set(name, vlans);
    const device = buildDevice(name, content, vlans, ctx);
    const switchDiags: Diagnostic[] = [...diagnostics];
    if (device !== undefined && sw !== undefined) {
      const templated = applyTemplates(base.resources.templates, sw, device, policy);
      switchDiags.push(...templated.diagnostics);
      devices.set(name, templated.device);
      deviceFiles.set(name, renderDevice(templated.device, switchDiags));
    }
    switchDiagnostics.set(name, switchDiags);
  }
  const vpcAllocations = withDomainVlans(overlay.vpcs, domainVlans.vlans);
  const allocations = assembleAllocations(previous, base.numbers, base.links, vpcAllocations, overlay.externals, switchVlans);
  const diagnostics = withSources(base.resources, uniqueDiagnostics([
    ...base.baseDiagnostics,
    ...intentDiagnostics,
    ...placementDiagnostics,
    ...overlay.diagnostics,
    ...domainVlans.diagnostics,
    ...peeringReachWarnings(intents, placements),
    ...[...switchDiagnostics.values()].flat(),
  ]));
  const files = new Map<string, string>();
  for (const [name, perDevice] of deviceFiles) for (const [file, text] of perDevice) files.set(`${name}/${file}`, text);
  const state: CompileState = {
    ...base,
    intents,
    placements,
    overlayVpcs: overlay.vpcs,
    switchVlans,
    switchDiagnostics,
    devices,
    deviceFiles,
  };
  return {
    ok: !hasErrors(diagnostics),
    diagnostics,
    allocations,
    policy,
    devices,
    files,
    vpcStatus: vpcStatuses(base.resources, intents, placements, vpcAllocations, switchVlans, diagnostics, reusableStatuses(incremental, affected?.vpcs)),
    rebuilt,
    state,
  };
}

/** Points each diagnostic about an object at the file and line the object came from. */
function withSources(resources: ResourceSet, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.every((d) => d.source !== undefined)) return diagnostics;
  const sources = new Map<string, string>();
  for (const list of Object.values(resources) as (readonly AnyResource[])[]) {
    for (const r of list) if (r.source !== undefined) sources.set(`${r.kind} ${keyOf(r)}`, r.source);
  }
  if (sources.size === 0) return diagnostics;
  return diagnostics.map((d) => {
    if (d.source !== undefined) return d;
    const words = d.path.split(' ');
    const source = sources.get(`${words[0] ?? ''} ${words[1] ?? ''}`);
    return source === undefined ? d : { ...d, source };
  });
}

/** Sorted, and each problem once (a template error is found on every switch it applies to). */
function uniqueDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(list).filter((d) => {
    const key = `${d.severity}|${d.code}|${d.path}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A recompile keeps the numbers of VPCs it did not touch, object for object. */
function keptVpcAllocations(incremental: Incremental | undefined, intents: IntentIndex): Map<string, VpcAllocation> {
  const keep = new Map<string, VpcAllocation>();
  if (incremental === undefined) return keep;
  const before = incremental.before;
  for (const [key, info] of intents.vpcs) {
    if (before.state.intents.vpcs.get(key) !== info) continue;
    const alloc = before.state.overlayVpcs.get(key);
    if (alloc !== undefined && alloc.isolation === info.decision.method) keep.set(key, alloc);
  }
  return keep;
}

function renderDevice(device: DeviceIntent, diagnostics: Diagnostic[]): Map<string, string> {
  const files = new Map<string, string>();
  try {
    if (device.os === 'sonic') {
      files.set('config_db.json', serializeConfigDb(renderConfigDb(device)));
      files.set('frr.conf', renderFrrConf(device));
    } else if (device.os === 'frr') {
      files.set('frr.conf', renderFrrConf(device));
    } else {
      files.set('vyos.set', renderVyosSet(device));
    }
  } catch (e) {
    // a renderer refuses input it cannot express safely; report it against the switch
    const message = e instanceof Error ? e.message : String(e);
    diagnostics.push(error(C.BAD_ADDRESS, `Switch ${device.name}`, `cannot render ${device.os} configuration: ${message}`));
    files.clear();
  }
  return files;
}

function groupPeerings(peerings: readonly PeeringInfo[]): Map<string, PeeringInfo[]> {
  const out = new Map<string, PeeringInfo[]>();
  for (const p of peerings) {
    out.set(p.a, [...(out.get(p.a) ?? []), p]);
    out.set(p.b, [...(out.get(p.b) ?? []), p]);
  }
  return out;
}

function groupExternalPeerings(intents: IntentIndex): Pick<DeviceContext, 'externalPeersByVpc' | 'vpcPeersByExternal'> {
  const externalPeersByVpc = new Map<string, { external: string; subnets: readonly string[]; prefixes: readonly string[] }[]>();
  const vpcPeersByExternal = new Map<string, { vpc: string; subnets: readonly string[]; prefixes: readonly string[] }[]>();
  for (const p of intents.externalPeerings) {
    externalPeersByVpc.set(p.vpc, [...(externalPeersByVpc.get(p.vpc) ?? []), { external: p.external, subnets: p.subnets, prefixes: p.prefixes }]);
    vpcPeersByExternal.set(p.external, [...(vpcPeersByExternal.get(p.external) ?? []), { vpc: p.vpc, subnets: p.subnets, prefixes: p.prefixes }]);
  }
  return { externalPeersByVpc, vpcPeersByExternal };
}

function switchContents(
  fabric: FabricIndex,
  intents: IntentIndex,
  placements: ReadonlyMap<string, VpcPlacement>,
  vpcNumbers: ReadonlyMap<string, VpcAllocation>,
  peeringsByVpc: ReadonlyMap<string, readonly PeeringInfo[]>,
  only?: ReadonlySet<string>,
): Map<string, SwitchContents> {
  const parts = new Map<string, Map<string, SwitchPart>>();
  for (const p of placements.values()) {
    for (const [sw, part] of p.switches) {
      if (only !== undefined && !only.has(sw)) continue;
      let m = parts.get(sw);
      if (m === undefined) {
        m = new Map();
        parts.set(sw, m);
      }
      m.set(p.vpc, part);
    }
  }
  const peerVrfs = new Map<string, Set<string>>();
  for (const [sw, m] of parts) {
    for (const [vpc, part] of m) {
      if (!part.vrf) continue;
      for (const peering of peeringsByVpc.get(vpc) ?? []) {
        const other = peering.a === vpc ? peering.b : peering.a;
        // a peer's routes reach this switch over its L3VNI only; carry its VRF here to leak from
        if (vpcNumbers.get(other)?.vni === undefined || m.get(other)?.vrf === true) continue;
        const set = peerVrfs.get(sw) ?? new Set<string>();
        set.add(other);
        peerVrfs.set(sw, set);
      }
    }
  }
  const externals = new Map<string, string[]>();
  for (const ext of intents.externals.values()) {
    for (const link of ext.links) {
      externals.set(link.switch, [...new Set([...(externals.get(link.switch) ?? []), ext.key])].sort(compareText));
      // the border carries the VRF of every VPC peered with the External, to leak between them
      for (const p of intents.externalPeerings) {
        if (p.external !== ext.key || vpcNumbers.get(p.vpc)?.vni === undefined) continue;
        const set = peerVrfs.get(link.switch) ?? new Set<string>();
        set.add(p.vpc);
        peerVrfs.set(link.switch, set);
      }
    }
  }
  const out = new Map<string, SwitchContents>();
  for (const sw of only ?? fabric.switchNames) {
    out.set(sw, {
      parts: parts.get(sw) ?? new Map(),
      peerVrfs: [...(peerVrfs.get(sw) ?? [])].sort(compareText),
      externals: externals.get(sw) ?? [],
    });
  }
  return out;
}

function affectedSwitches(
  incremental: Incremental,
  changedVpcs: ReadonlySet<string>,
  placements: ReadonlyMap<string, VpcPlacement>,
  peeringsByVpc: ReadonlyMap<string, readonly PeeringInfo[]>,
  vpcNumbers: ReadonlyMap<string, VpcAllocation>,
  vpcPeersByExternal: DeviceContext['vpcPeersByExternal'],
  intents: IntentIndex,
): { switches: Set<string>; vpcs: Set<string> } {
  const before = incremental.before.state;
  const vpcs = new Set<string>(changedVpcs);
  for (const p of [...before.intents.peerings, ...intents.peerings]) if (incremental.touchedPeerings.has(p.key)) vpcs.add(p.a).add(p.b);
  // a VPC whose numbers moved (new, deleted, renumbered) changes every switch it is on
  for (const [key, alloc] of vpcNumbers) {
    const old = before.placements.has(key) ? incremental.before.allocations.vpcs[key] : undefined;
    if (old === undefined || old.vrf !== alloc.vrf || old.vni !== alloc.vni) vpcs.add(key);
  }
  for (const key of before.placements.keys()) if (!placements.has(key)) vpcs.add(key);
  const withPeers = new Set(vpcs);
  for (const v of vpcs) {
    for (const p of [...(peeringsByVpc.get(v) ?? []), ...before.intents.peerings.filter((x) => x.a === v || x.b === v)]) withPeers.add(p.a).add(p.b);
  }
  const switches = new Set<string>();
  for (const v of withPeers) {
    for (const sw of placements.get(v)?.switches.keys() ?? []) switches.add(sw);
    for (const sw of before.placements.get(v)?.switches.keys() ?? []) switches.add(sw);
  }
  for (const [ext, peers] of vpcPeersByExternal) {
    if (!peers.some((p) => vpcs.has(p.vpc))) continue;
    for (const link of intents.externals.get(ext)?.links ?? []) switches.add(link.switch);
  }
  // a VPC deleted or made invalid has no External peering now, but its border still carries it
  for (const p of before.intents.externalPeerings) {
    if (!vpcs.has(p.vpc)) continue;
    for (const link of before.intents.externals.get(p.external)?.links ?? []) switches.add(link.switch);
  }
  return { switches, vpcs: withPeers };
}

function peeringReachWarnings(intents: IntentIndex, placements: ReadonlyMap<string, VpcPlacement>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of intents.peerings) {
    const a = placements.get(p.a);
    const b = placements.get(p.b);
    if (a === undefined || b === undefined) continue;
    if (a.method === 'evpn-l3vni' && b.method === 'evpn-l3vni') continue;
    const vrfSwitches = (x: VpcPlacement): string[] => [...x.switches].filter(([, part]) => part.vrf).map(([sw]) => sw);
    const onlyOne = [...vrfSwitches(a).filter((s) => !vrfSwitches(b).includes(s)), ...vrfSwitches(b).filter((s) => !vrfSwitches(a).includes(s))];
    if (onlyOne.length > 0) {
      out.push(
        warning(
          C.PEERING_REACH,
          `VPCPeering ${p.key} spec.vpcs`,
          `${p.a} uses ${a.method} and ${p.b} uses ${b.method}; without an L3VNI on both, routes are leaked only where both VPCs have gateways, so the peering has no effect on ${[...new Set(onlyOne)].sort(compareNatural).join(', ')}`,
          'use evpn-l3vni for both VPCs to peer them across the fabric',
        ),
      );
    }
  }
  return out;
}

function withDomainVlans(vpcs: ReadonlyMap<string, VpcAllocation>, domainVlans: ReadonlyMap<string, number>): Map<string, VpcAllocation> {
  const out = new Map<string, VpcAllocation>();
  for (const [key, alloc] of vpcs) {
    if (alloc.isolation !== 'vlan') {
      out.set(key, alloc);
      continue;
    }
    const subnets: Record<string, { vni?: number; vlan?: number }> = {};
    for (const [name, s] of Object.entries(alloc.subnets)) {
      const vlan = domainVlans.get(subnetOwner(key, name));
      subnets[name] = vlan === undefined ? s : { ...s, vlan };
    }
    out.set(key, { ...alloc, subnets });
  }
  return out;
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

function assembleAllocations(
  previous: Allocations,
  numbers: ReadonlyMap<string, SwitchNumbers>,
  links: Readonly<Record<string, string>>,
  vpcs: ReadonlyMap<string, VpcAllocation>,
  externals: ReadonlyMap<string, ExternalAllocation>,
  switchVlans: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Allocations {
  const switches: Record<string, SwitchAllocation> = {};
  for (const name of [...numbers.keys()].sort(compareNatural)) {
    const n = numbers.get(name);
    if (n !== undefined) switches[name] = switchAllocation(n, switchVlans.get(name) ?? new Map<string, number>());
  }
  const draft: Allocations = {
    version: 1,
    generation: previous.generation,
    switches,
    links: { ...links },
    // key order does not matter here: serializeAllocations sorts keys when it writes the file
    vpcs: Object.fromEntries(vpcs),
    externals: Object.fromEntries(externals),
    quarantine: previous.quarantine,
  };
  const changed = !sameNumbers(draft, previous);
  const generation = changed ? previous.generation + 1 : previous.generation;
  return { ...draft, generation, quarantine: changed ? updateQuarantine(previous, draft, generation) : previous.quarantine };
}

/** Whether two allocations hand out the same numbers (generation and quarantine aside). */
function sameNumbers(a: Allocations, b: Allocations): boolean {
  return (
    sameRecord(a.switches, b.switches) && sameRecord(a.links, b.links) && sameRecord(a.vpcs, b.vpcs) && sameRecord(a.externals, b.externals)
  );
}

function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameRecord((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function checkPreviousAllocations(previous: Allocations): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [value, owners] of findDoubleOwners(vniOwners(previous))) {
    out.push(
      error(C.ALLOCATION_CONFLICT, 'allocations vpcs', `VNI ${value} has ${owners.length} owners in the earlier allocations: ${owners.join(', ')}`, 'fix or remove the earlier allocations.json'),
    );
  }
  return out;
}

/** Statuses of the earlier result that still hold: VPCs the change did not touch. */
function reusableStatuses(incremental: Incremental | undefined, affectedVpcs: ReadonlySet<string> | undefined): ReadonlyMap<string, VpcStatus> | undefined {
  if (incremental === undefined || affectedVpcs === undefined) return undefined;
  const reusable = new Map<string, VpcStatus>();
  for (const [key, status] of incremental.before.vpcStatus) {
    const accepted = status.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True') === true;
    if (accepted && !affectedVpcs.has(key)) reusable.set(key, status);
  }
  return reusable;
}

function vpcStatuses(
  resources: ResourceSet,
  intents: IntentIndex,
  placements: ReadonlyMap<string, VpcPlacement>,
  vpcs: ReadonlyMap<string, VpcAllocation>,
  switchVlans: ReadonlyMap<string, ReadonlyMap<string, number>>,
  diagnostics: readonly Diagnostic[],
  reusable: ReadonlyMap<string, VpcStatus> | undefined,
): Map<string, VpcStatus> {
  const out = new Map<string, VpcStatus>();
  const errorsByVpc = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error' || !d.path.startsWith('VPC ')) continue;
    const key = d.path.split(' ')[1] ?? '';
    errorsByVpc.set(key, [...(errorsByVpc.get(key) ?? []), d]);
  }
  for (const vpc of resources.vpcs) {
    const key = keyOf(vpc);
    const problems = errorsByVpc.get(key) ?? [];
    const earlier = reusable?.get(key);
    if (earlier !== undefined && problems.length === 0 && intents.vpcs.get(key)?.vpc === vpc) {
      out.set(key, earlier);
      continue;
    }
    const info = intents.vpcs.get(key);
    const alloc = vpcs.get(key);
    const placement = placements.get(key);
    const accepted = problems.length === 0 && info !== undefined && alloc !== undefined;
    const conditions = [
      accepted
        ? { type: 'Accepted', status: 'True' as const, reason: 'Compiled', message: `isolation ${info.decision.method} chosen by ${info.decision.rule === 'default' ? 'the policy default' : `rule ${info.decision.rule}`}` }
        : { type: 'Accepted', status: 'False' as const, reason: 'Invalid', message: problems.map((d) => `${d.path}: ${d.message}`).join('; ') || 'the VPC has errors' },
      { type: 'Ready', status: 'Unknown' as const, reason: accepted ? 'AwaitingAgents' : 'NotAccepted' },
    ];
    if (!accepted) {
      out.set(key, { conditions });
      continue;
    }
    const subnets: NonNullable<VpcStatus['subnets']> = {};
    for (const s of info.subnets) {
      const owner = subnetOwner(key, s.name);
      const perSwitch: Record<string, number> = {};
      for (const sw of [...(placement?.switches.keys() ?? [])].sort(compareNatural)) {
        const v = switchVlans.get(sw)?.get(owner);
        if (v !== undefined) perSwitch[sw] = v;
      }
      const values = [...new Set(Object.values(perSwitch))];
      const vni = alloc.subnets[s.name]?.vni;
      subnets[s.name] = {
        ...(values.length === 1 ? { vlan: values[0] } : {}),
        ...(values.length > 1 ? { vlans: perSwitch } : {}),
        ...(vni === undefined ? {} : { vni }),
        gateway: s.gateway,
      };
    }
    out.set(key, {
      isolation: info.decision.method,
      rule: info.decision.rule,
      vrf: vrfName(alloc.vrf),
      ...(alloc.vni === undefined ? {} : { vni: alloc.vni }),
      subnets,
      switches: [...(placement?.switches.keys() ?? [])].sort(compareNatural),
      conditions,
    });
  }
  return out;
}
