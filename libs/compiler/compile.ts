/**
 * The pipeline: validate -> policy -> place -> allocate -> build devices -> render. Pure: the
 * same resources and earlier allocations give byte-identical files. `recompile` reuses a
 * previous result and rebuilds only the switches a change touches.
 */
import { findResourceDefinitionByKind, type VpcStatus } from '#api';
import { emptyAllocations, type Allocations, type VpcAllocation } from '#allocator';
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
import { configDbText } from '#render-sonic';
import { frrConfText } from '#render-frr';
import { renderVyosSet } from '#render-vyos';
import { applyTemplates, checkTemplateSet } from './templates.js';
import { checkPortSettings, checkServerLinkMtus } from './port-settings.js';
import { allocateDomainVlans, allocateOverlay, allocateSwitchVlans, allocateUnderlay, fullOverlayScope, type OverlayAllocation, type OverlayScope } from './allocate.js';
import { assembleAllocations, checkPreviousAllocations, isAllocationOf, withDomainVlans } from './assemble.js';
import { NOTHING_PLACED, NO_NUMBERS, heldBy, keptFloor, updateNumberOwners, updatePlacements, vrfAndVnis, type NumberOwners, type Placed } from './derived.js';
import { buildDevice, subnetOwner, vlanOwners, type DeviceContext, type SwitchContents, type SwitchNumbers } from './devices.js';
import { indexFabric, trunkDomains, type FabricIndex, type TrunkDomain } from './fabric.js';
import { indexIntents, type IntentChange, type IntentIndex, type IntentMemo, type PeeringInfo } from './intents.js';
import type { SwitchPart, VpcPlacement } from './placement.js';
import { SharedMap } from './shared-map.js';
import { updateStatuses, vpcStatuses, type Statuses } from './status.js';

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
  readonly placements: SharedMap<string, VpcPlacement>;
  /** placements by switch, and of vlan-method VPCs, and their problems */
  readonly placed: Placed;
  /** VPC numbers as allocated (before trunk-domain VLANs are added) */
  readonly overlayVpcs: SharedMap<string, VpcAllocation>;
  /** who holds each of those numbers */
  readonly numberOwners: NumberOwners;
  /** valid VPCs that got no numbers (a pool ran out) */
  readonly unallocated: readonly string[];
  /** the VPC allocations as in `allocations`, with trunk-domain VLANs */
  readonly vpcAllocations: SharedMap<string, VpcAllocation>;
  /** the allocations this state made (`vpcAllocations` is its `vpcs`) */
  readonly allocations: Allocations;
  readonly statuses: Statuses;
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
    ...checkPortSettings(resources.switches, fabric),
    ...checkServerLinkMtus(fabric, policy.underlay.mtu),
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
  // whether an object of a kind exists, from the earlier compile's indexes (undefined: not known)
  const exists = (kind: string, namespace: string, name: string): boolean | undefined => {
    if (kind === 'VPC') return state.statuses.statuses.has(`${namespace}/${name}`);
    if (kind === 'VPCAttachment') return state.intents.memo.attachmentsByKey.has(`${namespace}/${name}`);
    return undefined;
  };
  const resources = applyChange(state.resources, upserts, deletes, exists);
  const incremental = [...upserts, ...deletes].every((r) => INCREMENTAL_KINDS.has(r.kind));
  // the earlier result's numbers are the ones to keep: they are what the devices have now
  if (!incremental) return compile(resources, { previous: result.allocations });
  // the kinds keyed here are namespaced: upserts and deletes have their namespace from above
  const key = (namespace: string | undefined, name: string): string => `${String(namespace)}/${name}`;
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
  const deletedVpcs = new Set(deletes.filter((d) => d.kind === 'VPC').map((d) => key(d.namespace, d.name)));
  for (const u of intentChange.vpcs) deletedVpcs.delete(keyOf(u));
  return build(
    { ...state, resources, previous: result.allocations },
    { intentChange, touchedPeerings: new Set(keysOf('VPCPeering')), before: result, upsertedVpcs: new Map(intentChange.vpcs.map((v) => [keyOf(v), v])), deletedVpcs },
  );
}

function isNamespaced(kind: string): boolean {
  return findResourceDefinitionByKind(kind)?.scope === 'Namespaced';
}

/**
 * The resources after a change. A list that only gains objects it did not have (as `exists`
 * says) is extended as it is; other lists of changed kinds are filtered.
 */
function applyChange(
  set: ResourceSet,
  upserts: readonly AnyResource[],
  deletes: ResourceChange['deletes'] & object,
  exists: (kind: string, namespace: string, name: string) => boolean | undefined = () => undefined,
): ResourceSet {
  const changedKinds = new Set([...upserts.map((u) => u.kind), ...deletes.map((d) => d.kind)]);
  const id = (kind: string, namespace: string | undefined, name: string): string => `${kind} ${namespace ?? ''}/${name}`;
  const gone = new Set([...deletes.map((d) => id(d.kind, d.namespace, d.name)), ...upserts.map((u) => id(u.kind, u.metadata.namespace, u.metadata.name))]);
  const goneNames = new Set([...deletes.map((d) => d.name), ...upserts.map((u) => u.metadata.name)]);
  const isGone = (r: AnyResource): boolean => goneNames.has(r.metadata.name) && gone.has(id(r.kind, r.metadata.namespace, r.metadata.name));
  // lists of kinds the change does not touch are kept as they are (and so are their objects)
  const onlyNew = (kind: string): boolean =>
    !deletes.some((d) => d.kind === kind) && upserts.every((u) => u.kind !== kind || exists(kind, u.metadata.namespace ?? 'default', u.metadata.name) === false);
  const update = <T extends AnyResource>(list: readonly T[], kind: string): readonly T[] => {
    if (!changedKinds.has(kind)) return list;
    const added = upserts.filter((u) => u.kind === kind) as T[];
    return onlyNew(kind) ? [...list, ...added] : [...list.filter((r) => !isGone(r)), ...added];
  };
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
  /** VPC objects the change puts, by key, and keys of those it deletes (and does not put) */
  readonly upsertedVpcs: ReadonlyMap<string, Vpc>;
  readonly deletedVpcs: ReadonlySet<string>;
}

function build(base: BaseState, incremental: Incremental | undefined): CompileResult {
  const { fabric, policy, previous } = base;
  const before = incremental?.before.state;
  const indexed = indexIntents(base.resources, fabric, policy, incremental === undefined || before === undefined ? undefined : { index: before.intents, change: incremental.intentChange });
  const { intents, diagnostics: intentDiagnostics, changedVpcs } = indexed;
  // placements: a recompile places again only the VPCs the change touched
  const placed =
    incremental === undefined ? updatePlacements(NOTHING_PLACED, intents, intents.vpcs.keys(), base.domains) : updatePlacements(incremental.before.state.placed, intents, new Set([...incremental.intentChange.vpcKeys, ...changedVpcs]), base.domains);
  const placements = placed.placements;
  const placementDiagnostics = [...placed.diagnostics.values()].flat();
  const earlierVpc = incremental === undefined ? undefined : earlierVpcAllocations(incremental.before);
  const scope =
    before === undefined || incremental === undefined || earlierVpc === undefined
      ? { scope: fullOverlayScope(intents, previous), released: [] }
      : recompileScope(before, intents, incremental.intentChange.vpcKeys, earlierVpc, policy);
  const overlay = allocateOverlay(intents, policy, previous, scope.scope);
  const numberOwners = updateNumberOwners(
    before?.numberOwners ?? NO_NUMBERS,
    scope.released,
    overlay.requested.flatMap((key) => {
      const alloc = overlay.vpcs.get(key);
      return alloc === undefined ? [] : [[key, alloc] as const];
    }),
    { vrfStart: policy.pools.vrf.start, vrfFloor: scope.scope.vrfFloor ?? policy.pools.vrf.start, vniStart: policy.pools.vni.start, vniFloor: scope.scope.vniFloor ?? policy.pools.vni.start },
  );
  const previousVpc = earlierVpc ?? ((key: string): VpcAllocation | undefined => previous.vpcs[key]);
  const domainVlans = allocateDomainVlans(placed.vlanPlacements.values(), policy, previous, previousVpc);
  const peeringsByVpc = groupPeerings(intents.peerings);
  const { externalPeersByVpc, vpcPeersByExternal } = groupExternalPeerings(intents);
  const affected =
    incremental === undefined || before === undefined ? undefined : affectedSwitches(incremental, changedVpcs, placements, peeringsByVpc, overlay, vpcPeersByExternal, intents);
  // what each switch carries, for the switches this compile rebuilds
  const contents = switchContents(fabric, intents, placed.partsBySwitch, overlay.vpcs, peeringsByVpc, affected?.switches);
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
  const switchVlans = new Map<string, ReadonlyMap<string, number>>();
  const switchDiagnostics = new Map<string, readonly Diagnostic[]>();
  const devices = new Map<string, DeviceIntent>();
  const deviceFiles = new Map<string, ReadonlyMap<string, string>>();
  const rebuilt: string[] = [];
  // VPCs on a rebuilt switch whose VLANs ran out (now or before): an untouched one may have won or
  // lost a VLAN there, so its status is written again
  const vlanShortOf = new Set<string>();
  for (const name of fabric.switchNames) {
    const reusable = before !== undefined && affected !== undefined && !affected.switches.has(name);
    const oldDevice = before?.devices.get(name);
    const oldVlans = before?.switchVlans.get(name);
    const oldFiles = before?.deviceFiles.get(name);
    if (reusable && oldDevice !== undefined && oldVlans !== undefined && oldFiles !== undefined) {
      devices.set(name, oldDevice);
      switchVlans.set(name, oldVlans);
      deviceFiles.set(name, oldFiles);
      // Stryker disable next-line ArrayDeclaration: equivalent, a compile writes every switch's diagnostics beside its VLANs, so a switch with earlier VLANs has them
      switchDiagnostics.set(name, before.switchDiagnostics.get(name) ?? []);
      continue;
    }
    rebuilt.push(name);
    const sw = fabric.switches.get(name);
    // a switch rebuilt outside a recompile's scope had no device and gets none (its numbers are the earlier ones): it carries nothing
    // Stryker disable next-line ArrayDeclaration: equivalent, such a switch gets no device, so nothing of its peer VRFs or Externals is built
    const content: SwitchContents = contents.get(name) ?? { parts: new Map<string, SwitchPart>(), peerVrfs: [], externals: [] };
    const fixed = new Map<string, number>();
    for (const [vpc, part] of content.parts) {
      if (placements.get(vpc)?.method !== 'vlan') continue;
      for (const s of part.subnets) {
        const id = domainVlans.vlans.get(subnetOwner(vpc, s));
        if (id !== undefined) fixed.set(subnetOwner(vpc, s), id);
      }
    }
    // the switch's earlier VLANs, when the allocations this compile starts from record them
    const earlierVlans = oldVlans !== undefined && isAllocationOf(previous.switches[name], oldVlans) ? oldVlans : undefined;
    // Stryker disable next-line StringLiteral: equivalent, every name of fabric.switchNames is a switch of fabric.switches
    const { vlans, diagnostics } = allocateSwitchVlans(name, vlanOwners(content, ctx, sw?.spec.os ?? 'sonic'), fixed, policy, previous, earlierVlans);
    switchVlans.set(name, vlans);
    const device = buildDevice(name, content, vlans, ctx);
    const switchDiags: Diagnostic[] = [...diagnostics];
    if (device !== undefined && sw !== undefined) {
      const templated = applyTemplates(base.resources.templates, sw, device, policy);
      switchDiags.push(...templated.diagnostics);
      devices.set(name, templated.device);
      deviceFiles.set(name, renderDevice(templated.device, switchDiags, oldDevice));
    }
    switchDiagnostics.set(name, switchDiags);
    if (diagnostics.length > 0 || (before?.switchDiagnostics.get(name)?.length ?? 0) > 0) {
      for (const vpc of [...content.parts.keys(), ...content.peerVrfs, ...(before?.placed.partsBySwitch.get(name)?.keys() ?? [])]) vlanShortOf.add(vpc);
    }
  }
  const reallocated = before === undefined ? overlay.vpcs.keys() : [...overlay.requested, ...scope.released.map(([key]) => key)];
  const vpcAllocations = withDomainVlans(before?.vpcAllocations ?? SharedMap.empty(), overlay.vpcs, reallocated, placed.vlanPlacements.values(), domainVlans.vlans);
  const allocations = assembleAllocations(
    previous,
    { numbers: base.numbers, links: base.links, vpcs: vpcAllocations.vpcs, externals: overlay.externals, switchVlans },
    earlierVpc === undefined || incremental === undefined ? undefined : { touched: vpcAllocations.touched, earlier: earlierVpc, ofPrevious: incremental.before.allocations === incremental.before.state.allocations },
  );
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
  const statusInputs = { intents, placements, vpcs: vpcAllocations.vpcs, switchVlans, diagnostics };
  const statuses =
    incremental === undefined || before === undefined || affected === undefined
      ? vpcStatuses(base.resources.vpcs, statusInputs)
      : updateStatuses({ before: before.statuses, affected: vlanShortOf.size === 0 ? affected.vpcs : new Set([...affected.vpcs, ...vlanShortOf]), upserted: incremental.upsertedVpcs, deleted: incremental.deletedVpcs }, statusInputs);
  const state: CompileState = {
    ...base,
    intents,
    placements,
    placed,
    overlayVpcs: overlay.vpcs,
    numberOwners,
    unallocated: overlay.requested.filter((key) => !overlay.vpcs.has(key)),
    vpcAllocations: vpcAllocations.vpcs,
    allocations,
    statuses,
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
    vpcStatus: statuses.statuses,
    rebuilt,
    state,
  };
}

/** The earlier result's VPC allocations by key, without making its `vpcs` record. */
function earlierVpcAllocations(result: CompileResult): (key: string) => VpcAllocation | undefined {
  const state = result.state;
  if (result.allocations === state.allocations) return (key) => state.vpcAllocations.get(key);
  // allocations replaced by the caller (a released quarantine): read them as they are
  const vpcs = result.allocations.vpcs;
  return (key) => vpcs[key];
}

/**
 * What a recompile allocates: the valid VPCs whose checked form is new (or that got no numbers
 * before) are asked for again; every other VPC keeps its allocation. `released` are the earlier
 * allocations that are not kept, including those of VPCs gone.
 */
function recompileScope(
  before: CompileState,
  intents: IntentIndex,
  vpcKeys: readonly string[],
  earlier: (key: string) => VpcAllocation | undefined,
  policy: ResolvedPolicy,
): { scope: OverlayScope; released: (readonly [string, VpcAllocation])[] } {
  const requested = new Set<string>();
  const gone = new Set<string>();
  for (const key of [...vpcKeys, ...before.unallocated]) {
    const info = intents.vpcs.get(key);
    if (info === undefined) {
      if (before.overlayVpcs.has(key)) gone.add(key);
    } else if (before.intents.vpcs.get(key) !== info || !before.overlayVpcs.has(key)) {
      requested.add(key);
    }
  }
  const kept = before.overlayVpcs.draft();
  const unkept: Record<string, VpcAllocation> = {};
  const released: (readonly [string, VpcAllocation])[] = [];
  for (const key of [...requested, ...gone]) {
    kept.delete(key);
    const alloc = earlier(key);
    if (alloc !== undefined) unkept[key] = alloc;
    const overlayAlloc = before.overlayVpcs.get(key);
    if (overlayAlloc !== undefined) released.push([key, overlayAlloc]);
  }
  const keptMap = kept.finish();
  const numbers = released.map(([, alloc]) => vrfAndVnis(alloc));
  return {
    scope: {
      kept: keptMap,
      holdsVrf: heldBy(before.numberOwners.vrfs, keptMap),
      holdsVni: heldBy(before.numberOwners.vnis, keptMap),
      requested,
      unkept,
      vrfFloor: keptFloor(before.numberOwners.vrfGap, policy.pools.vrf.start, numbers.map((n) => n.vrf)),
      vniFloor: keptFloor(before.numberOwners.vniGap, policy.pools.vni.start, numbers.flatMap((n) => n.vnis)),
    },
    released,
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
    // the object's kind and key: the path's first two words
    const source = sources.get(d.path.split(' ').slice(0, 2).join(' '));
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

/** The files of a device; `previous` is what the switch had before, to splice them from. */
function renderDevice(device: DeviceIntent, diagnostics: Diagnostic[], previous: DeviceIntent | undefined): Map<string, string> {
  const files = new Map<string, string>();
  try {
    if (device.os === 'sonic') {
      files.set('config_db.json', configDbText(device, previous));
      files.set('frr.conf', frrConfText(device, previous));
    } else if (device.os === 'frr') {
      files.set('frr.conf', frrConfText(device, previous));
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
  partsBySwitch: ReadonlyMap<string, ReadonlyMap<string, SwitchPart>>,
  vpcNumbers: ReadonlyMap<string, VpcAllocation>,
  peeringsByVpc: ReadonlyMap<string, readonly PeeringInfo[]>,
  only?: ReadonlySet<string>,
): Map<string, SwitchContents> {
  const peerVrfs = new Map<string, Set<string>>();
  for (const sw of only ?? fabric.switchNames) {
    const m = partsBySwitch.get(sw);
    if (m === undefined || peeringsByVpc.size === 0) continue;
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
      parts: partsBySwitch.get(sw) ?? new Map(),
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
  overlay: OverlayAllocation,
  vpcPeersByExternal: DeviceContext['vpcPeersByExternal'],
  intents: IntentIndex,
): { switches: Set<string>; vpcs: Set<string> } {
  const before = incremental.before.state;
  const vpcs = new Set<string>(changedVpcs);
  for (const p of [...before.intents.peerings, ...intents.peerings]) if (incremental.touchedPeerings.has(p.key)) vpcs.add(p.a).add(p.b);
  // a VPC whose numbers moved (new, deleted, renumbered) changes every switch it is on; only
  // the VPCs allocated again may have moved, the others kept their allocation object
  for (const key of overlay.requested) {
    const alloc = overlay.vpcs.get(key);
    if (alloc === undefined) continue;
    const old = before.placements.has(key) ? before.overlayVpcs.get(key) : undefined;
    if (old === undefined || old.vrf !== alloc.vrf || old.vni !== alloc.vni) vpcs.add(key);
  }
  // a VPC leaves the placements only when the change names it
  for (const key of [...incremental.intentChange.vpcKeys, ...changedVpcs]) if (before.placements.has(key) && !placements.has(key)) vpcs.add(key);
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
    // Stryker disable next-line ArrayDeclaration: equivalent, an External peering is indexed only with its External
    for (const link of intents.externals.get(ext)?.links ?? []) switches.add(link.switch);
  }
  // a VPC deleted or made invalid has no External peering now, but its border still carries it
  for (const p of before.intents.externalPeerings) {
    if (!vpcs.has(p.vpc)) continue;
    // Stryker disable next-line ArrayDeclaration: equivalent, an External peering is indexed only with its External
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

