/**
 * Tenant intents, checked against each other and against the wiring, and indexed for the
 * allocator and the device builder. Only objects without errors enter the index.
 */
import {
  DIAGNOSTIC_CODES as C,
  compareText,
  error,
  formatIpv4,
  formatPrefix,
  firstHost,
  isUsableHost,
  keyOf,
  parseCidr,
  parseIpv4,
  prefixesOverlap,
  warning,
  type Diagnostic,
  type ExternalPeering,
  type Ipv4Prefix,
  type ResourceSet,
  type Vpc,
  type VpcAttachment,
  type VpcPeering,
} from '#domain';
import { chooseIsolation, type IsolationDecision, type ResolvedPolicy } from '#policy';
import { checkExternal, checkExternalAttachments, type ExternalAttachInfo, type ExternalInfo } from './externals.js';
import type { FabricIndex, ServerLinkInfo } from './fabric.js';
import { checkInsideVpc, type InsideVpc } from './inside-vpc.js';
import { SharedMap, type MapDraft } from './shared-map.js';
import { checkSubnetDhcp, type SubnetDhcpInfo } from './dhcp.js';
import { NO_TENANTS, countTenants, type TenantCounts } from './tenants.js';

export interface SubnetInfo {
  readonly name: string;
  readonly prefix: Ipv4Prefix;
  readonly cidr: string;
  readonly gateway: string;
  readonly dhcp?: { readonly start: string; readonly end: string };
  /** a host BGP subnet: servers announce their own prefixes over unnumbered BGP */
  readonly hostBgp?: HostBgpInfo;
  /** what `dhcp` asks for, resolved: Weft's server, a relay, or a reserved range only */
  readonly dhcpService?: SubnetDhcpInfo;
}

export interface HostBgpInfo {
  /** the shortest prefix a server may announce inside the cidr */
  readonly minPrefixLen: number;
  /** more prefixes than this from one server cut its session */
  readonly maxPrefixes: number;
}

/** Host BGP defaults: host addresses only, a few of them. */
export const HOST_BGP_MIN_PREFIX_LEN = 32;
export const HOST_BGP_MAX_PREFIXES = 16;

export interface VpcInfo {
  /** `namespace/name` */
  readonly key: string;
  readonly vpc: Vpc;
  readonly subnets: readonly SubnetInfo[];
  readonly decision: IsolationDecision;
  /** isolated and restricted subnets, permits, static routes */
  readonly inside: InsideVpc;
}

export interface AttachmentInfo {
  readonly key: string;
  readonly vpc: string;
  readonly subnet: string;
  readonly native: boolean;
  readonly link: ServerLinkInfo;
  /** the subnet is a host BGP subnet */
  readonly hostBgp: boolean;
}

export interface PeeringInfo {
  readonly key: string;
  readonly a: string;
  readonly b: string;
  /** subnets of `a` that `b` may reach, and the other way round */
  readonly aSubnets: readonly string[];
  readonly bSubnets: readonly string[];
  /** the permitted pairs `[subnet of a, subnet of b]`, sorted; without permit every pair */
  readonly pairs: readonly (readonly [string, string])[];
}

export type { ExternalInfo } from './externals.js';

export interface ExternalPeeringInfo {
  readonly key: string;
  readonly vpc: string;
  readonly external: string;
  readonly subnets: readonly string[];
  readonly prefixes: readonly string[];
}

export interface IntentIndex {
  readonly vpcs: SharedMap<string, VpcInfo>;
  readonly attachmentsByVpc: SharedMap<string, readonly AttachmentInfo[]>;
  readonly peerings: readonly PeeringInfo[];
  readonly externals: ReadonlyMap<string, ExternalInfo>;
  readonly externalPeerings: readonly ExternalPeeringInfo[];
}

const vpcPath = (key: string, field: string): string => `VPC ${key} ${field}`;

type Checked<T> = { info?: T; diagnostics: Diagnostic[] };

/**
 * Results of the per-object checks, by object identity: a recompile passes the untouched
 * objects again, and their checks (pure functions of the object and its inputs) are not redone.
 */
const vpcChecks = new WeakMap<Vpc, { policy: ResolvedPolicy; result: Checked<VpcInfo> }>();
const attachmentChecks = new WeakMap<VpcAttachment, { vpcKey: string; vpc: VpcInfo | undefined; fabric: FabricIndex; result: Checked<AttachmentInfo> }>();

function checkVpcCached(vpc: Vpc, policy: ResolvedPolicy): Checked<VpcInfo> {
  const hit = vpcChecks.get(vpc);
  if (hit?.policy === policy) return hit.result;
  const result = checkVpc(vpc, policy);
  vpcChecks.set(vpc, { policy, result });
  return result;
}

function checkAttachmentCached(a: VpcAttachment, vpcs: ReadonlyMap<string, VpcInfo>, fabric: FabricIndex): Checked<AttachmentInfo> {
  const hit = attachmentChecks.get(a);
  if (hit !== undefined && hit.fabric === fabric && vpcs.get(hit.vpcKey) === hit.vpc) return hit.result;
  const vpcKey = attachmentVpcKey(a);
  const result = checkAttachment(a, vpcs, fabric);
  attachmentChecks.set(a, { vpcKey, vpc: vpcs.get(vpcKey), fabric, result });
  return result;
}

/** Checks one VPC on its own: CIDRs, gateways, DHCP ranges, overlaps, the subnet limit. */
export function checkVpc(vpc: Vpc, policy: ResolvedPolicy): { info?: VpcInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(vpc);
  const diagnostics: Diagnostic[] = [];
  const subnets: SubnetInfo[] = [];
  const names = Object.keys(vpc.spec.subnets).sort(compareText);
  if (names.length > policy.limits.subnetsPerVpc) {
    diagnostics.push(
      error(C.LIMIT_SUBNETS, vpcPath(key, 'spec.subnets'), `has ${names.length} subnets; FabricPolicy ${policy.name} allows ${policy.limits.subnetsPerVpc} per VPC (spec.limits.subnetsPerVpc)`),
    );
  }
  for (const name of names) {
    const subnet = vpc.spec.subnets[name];
    if (subnet === undefined) continue;
    const field = (f: string): string => vpcPath(key, `spec.subnets.${name}.${f}`);
    const parsed = parseCidr(subnet.cidr);
    if (parsed === undefined) {
      diagnostics.push(error(C.BAD_CIDR, field('cidr'), `${JSON.stringify(subnet.cidr)} is not an IPv4 prefix such as 10.1.0.0/24`));
      continue;
    }
    const canonical = formatPrefix(parsed.prefix);
    if (parsed.address !== parsed.prefix.network) {
      diagnostics.push(error(C.BAD_CIDR, field('cidr'), `${subnet.cidr} has host bits set`, `did you mean ${canonical}?`));
      continue;
    }
    if (parsed.prefix.length > 29) {
      diagnostics.push(error(C.BAD_CIDR, field('cidr'), `${subnet.cidr} is too small for a gateway and hosts; use /29 or larger`));
      continue;
    }
    const gatewayText = subnet.gateway ?? formatIpv4(firstHost(parsed.prefix));
    const gateway = parseIpv4(gatewayText);
    let ok = true;
    if (gateway === undefined || !isUsableHost(parsed.prefix, gateway)) {
      diagnostics.push(error(C.GATEWAY_OUTSIDE, field('gateway'), `${gatewayText} is not a host address of ${canonical}`));
      ok = false;
    }
    let dhcpService: SubnetDhcpInfo | undefined;
    if (subnet.dhcp !== undefined && gateway !== undefined) {
      const checked = checkSubnetDhcp(subnet.dhcp, parsed.prefix, canonical, gateway, gatewayText, field, policy.dhcpServers);
      diagnostics.push(...checked.diagnostics);
      if (checked.info === undefined) ok = false;
      dhcpService = checked.info;
    }
    if (!ok) continue;
    for (const other of subnets) {
      if (prefixesOverlap(other.prefix, parsed.prefix)) {
        diagnostics.push(error(C.SUBNET_OVERLAP, field('cidr'), `${canonical} overlaps subnet ${other.name} (${other.cidr}) of the same VPC`));
        ok = false;
      }
    }
    if (!ok) continue;
    const hostBgp = checkHostBgp(subnet, parsed.prefix.length, field, policy, vpc, diagnostics);
    subnets.push({
      name,
      prefix: parsed.prefix,
      cidr: canonical,
      gateway: gatewayText,
      ...(dhcpService === undefined ? {} : { dhcp: { start: dhcpService.start, end: dhcpService.end }, dhcpService }),
      ...(hostBgp === undefined ? {} : { hostBgp }),
    });
  }
  const inside = checkInsideVpc(vpc, key, subnets);
  diagnostics.push(...inside.diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { info: { key, vpc, subnets, decision: chooseIsolation(vpc, policy), inside: inside.inside }, diagnostics };
}

/** A host BGP subnet's settings, or the problems with them; undefined for other subnets. */
function checkHostBgp(subnet: Vpc['spec']['subnets'][string], length: number, field: (f: string) => string, policy: ResolvedPolicy, vpc: Vpc, diagnostics: Diagnostic[]): HostBgpInfo | undefined {
  if (subnet.hostBGP !== true) {
    for (const f of ['hostBGPMinPrefixLen', 'hostBGPMaxPrefixes'] as const) {
      if (subnet[f] !== undefined) diagnostics.push(warning(C.HOST_BGP, field(f), 'has no effect: the subnet is not a hostBGP subnet', 'set hostBGP: true, or remove the field'));
    }
    return undefined;
  }
  const before = diagnostics.length;
  const minPrefixLen = subnet.hostBGPMinPrefixLen ?? HOST_BGP_MIN_PREFIX_LEN;
  if (minPrefixLen < length) {
    diagnostics.push(error(C.HOST_BGP, field('hostBGPMinPrefixLen'), `/${minPrefixLen} is shorter than the subnet's own /${length}; servers announce prefixes inside the cidr`, `use ${length} to ${HOST_BGP_MIN_PREFIX_LEN}`));
  }
  if (subnet.dhcp !== undefined) diagnostics.push(error(C.HOST_BGP, field('dhcp'), 'a hostBGP subnet has no VLAN to serve DHCP on: its servers bring their own addresses and announce them', 'remove dhcp, or hostBGP'));
  if (subnet.gateway !== undefined) diagnostics.push(warning(C.HOST_BGP, field('gateway'), 'a hostBGP subnet has no gateway: servers route through the BGP session with their leaf', 'remove the gateway'));
  const decision = chooseIsolation(vpc, policy);
  if (decision.method !== 'evpn-l3vni') {
    diagnostics.push(
      error(
        C.HOST_BGP,
        field('hostBGP'),
        `the VPC uses ${decision.method} (chosen by ${decision.rule === 'default' ? 'the policy default' : `policy rule ${decision.rule}`}); routes a server announces reach the other leaves as EVPN type-5 routes, which need evpn-l3vni`,
        'give this VPC evpn-l3vni in the FabricPolicy, or remove hostBGP',
      ),
    );
  }
  if (diagnostics.length > before && diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  return { minPrefixLen, maxPrefixes: subnet.hostBGPMaxPrefixes ?? HOST_BGP_MAX_PREFIXES };
}

function splitSubnetRef(ref: string): { vpc: string; subnet: string } {
  const slash = ref.indexOf('/');
  return { vpc: ref.slice(0, slash), subnet: ref.slice(slash + 1) };
}

export function checkAttachment(
  a: VpcAttachment,
  vpcs: ReadonlyMap<string, VpcInfo>,
  fabric: FabricIndex,
): { info?: AttachmentInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(a);
  const namespace = a.metadata.namespace ?? 'default';
  const path = (f: string): string => `VPCAttachment ${key} ${f}`;
  const diagnostics: Diagnostic[] = [];
  const ref = splitSubnetRef(a.spec.subnet);
  const vpcKey = `${namespace}/${ref.vpc}`;
  const vpc = vpcs.get(vpcKey);
  if (vpc === undefined) {
    diagnostics.push(error(C.UNKNOWN_VPC, path('spec.subnet'), `no valid VPC ${vpcKey} (a VPCAttachment refers to a VPC of its own namespace)`));
  } else if (!vpc.subnets.some((s) => s.name === ref.subnet)) {
    const known = vpc.subnets.map((s) => s.name).join(', ');
    diagnostics.push(error(C.UNKNOWN_SUBNET, path('spec.subnet'), `VPC ${vpcKey} has no subnet ${JSON.stringify(ref.subnet)}; it has: ${known}`));
  }
  const connection = fabric.connections.get(a.spec.connection);
  const link = fabric.serverLinks.get(a.spec.connection);
  if (connection === undefined) {
    diagnostics.push(error(C.UNKNOWN_CONNECTION, path('spec.connection'), `no Connection named ${JSON.stringify(a.spec.connection)}`));
  } else if (link === undefined) {
    const usable = connection.spec.unbundled !== undefined || connection.spec.bundled !== undefined || connection.spec.eslag !== undefined;
    diagnostics.push(
      error(
        C.ATTACH_CONNECTION_TYPE,
        path('spec.connection'),
        usable ? `Connection ${a.spec.connection} has errors of its own` : `Connection ${a.spec.connection} is not a server connection (unbundled, bundled or eslag)`,
      ),
    );
  }
  const hostBgp = vpc?.subnets.find((s) => s.name === ref.subnet)?.hostBgp !== undefined;
  if (vpc !== undefined && link !== undefined) diagnostics.push(...checkAttachmentKind(a, vpc, link, hostBgp, path));
  if (diagnostics.some((d) => d.severity === 'error') || link === undefined) return { diagnostics };
  return { info: { key, vpc: vpcKey, subnet: ref.subnet, native: a.spec.nativeVLAN === true, link, hostBgp }, diagnostics };
}

/** What an ESI-LAG and a host BGP subnet ask of an attachment. */
function checkAttachmentKind(a: VpcAttachment, vpc: VpcInfo, link: ServerLinkInfo, hostBgp: boolean, path: (f: string) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rule = vpc.decision.rule === 'default' ? 'the policy default' : `policy rule ${vpc.decision.rule}`;
  if (link.segment !== undefined && vpc.decision.method === 'vlan') {
    out.push(
      error(
        C.ESLAG_NEEDS_EVPN,
        path('spec.connection'),
        `Connection ${link.connection} is an ESI-LAG, which needs EVPN; VPC ${vpc.key} uses vlan (chosen by ${rule})`,
        'give this VPC evpn-l2vni or evpn-l3vni in the FabricPolicy, or attach a bundled connection',
      ),
    );
  }
  if (hostBgp && (link.bundled || link.legs.length !== 1)) {
    out.push(
      error(
        C.HOST_BGP_CONNECTION,
        path('spec.connection'),
        `subnet ${a.spec.subnet} is a hostBGP subnet and Connection ${link.connection} is a LAG; a server peers over one unbundled link per session`,
        'attach unbundled connections (a server with two links peers on each)',
      ),
    );
  }
  if (hostBgp && a.spec.nativeVLAN !== undefined) {
    out.push(warning(C.HOST_BGP_CONNECTION, path('spec.nativeVLAN'), 'has no effect: a hostBGP subnet has no VLAN; the port is routed'));
  }
  return out;
}

export function checkPeering(p: VpcPeering, vpcs: ReadonlyMap<string, VpcInfo>): { info?: PeeringInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(p);
  const namespace = p.metadata.namespace ?? 'default';
  const path = (f: string): string => `VPCPeering ${key} ${f}`;
  const diagnostics: Diagnostic[] = [];
  const [nameA, nameB] = p.spec.vpcs;
  if (nameA === undefined || nameB === undefined) return { diagnostics };
  if (nameA === nameB) {
    return { diagnostics: [error(C.PEERING_SELF, path('spec.vpcs'), `peers ${nameA} with itself`)] };
  }
  const a = vpcs.get(`${namespace}/${nameA}`);
  const b = vpcs.get(`${namespace}/${nameB}`);
  [a, b].forEach((v, i) => {
    if (v === undefined) diagnostics.push(error(C.UNKNOWN_VPC, path(`spec.vpcs[${i}]`), `no valid VPC ${namespace}/${i === 0 ? nameA : nameB}`));
  });
  if (a === undefined || b === undefined) return { diagnostics };
  for (const sa of a.subnets) {
    for (const sb of b.subnets) {
      if (prefixesOverlap(sa.prefix, sb.prefix)) {
        diagnostics.push(
          error(C.PEERED_OVERLAP, path('spec.vpcs'), `${a.key} subnet ${sa.name} (${sa.cidr}) overlaps ${b.key} subnet ${sb.name} (${sb.cidr}); peered VPCs need distinct addresses`),
        );
      }
    }
  }
  const aSubnets = new Set<string>();
  const bSubnets = new Set<string>();
  const pairs = new Map<string, readonly [string, string]>();
  if (p.spec.permit === undefined) {
    a.subnets.forEach((s) => aSubnets.add(s.name));
    b.subnets.forEach((s) => bSubnets.add(s.name));
    for (const x of a.subnets) for (const y of b.subnets) pairs.set(`${x.name}/${y.name}`, [x.name, y.name]);
  } else {
    p.spec.permit.forEach((pair, i) => {
      const refs = pair.map(splitSubnetRef);
      const sideA = refs.find((r) => r.vpc === nameA);
      const sideB = refs.find((r) => r.vpc === nameB);
      if (sideA === undefined || sideB === undefined) {
        diagnostics.push(error(C.UNKNOWN_SUBNET, path(`spec.permit[${i}]`), `each pair names one subnet of ${nameA} and one of ${nameB}, got ${pair.join(', ')}`));
        return;
      }
      for (const [side, vpc, set] of [[sideA, a, aSubnets], [sideB, b, bSubnets]] as const) {
        if (!vpc.subnets.some((s) => s.name === side.subnet)) {
          diagnostics.push(error(C.UNKNOWN_SUBNET, path(`spec.permit[${i}]`), `VPC ${vpc.key} has no subnet ${JSON.stringify(side.subnet)}`));
        } else set.add(side.subnet);
      }
      pairs.set(`${sideA.subnet}/${sideB.subnet}`, [sideA.subnet, sideB.subnet]);
    });
  }
  if (diagnostics.length > 0) return { diagnostics };
  const ordered = compareText(a.key, b.key) <= 0;
  return {
    info: {
      key,
      a: ordered ? a.key : b.key,
      b: ordered ? b.key : a.key,
      aSubnets: [...(ordered ? aSubnets : bSubnets)].sort(compareText),
      bSubnets: [...(ordered ? bSubnets : aSubnets)].sort(compareText),
      pairs: [...pairs.values()]
        .map(([x, y]): readonly [string, string] => (ordered ? [x, y] : [y, x]))
        .sort((m, n) => compareText(m[0], n[0]) || compareText(m[1], n[1])),
    },
    diagnostics,
  };
}

function checkExternalPeering(p: ExternalPeering, vpcs: ReadonlyMap<string, VpcInfo>, externals: ReadonlyMap<string, ExternalInfo>): { info?: ExternalPeeringInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(p);
  const namespace = p.metadata.namespace ?? 'default';
  const path = (f: string): string => `ExternalPeering ${key} ${f}`;
  const diagnostics: Diagnostic[] = [];
  const vpc = vpcs.get(`${namespace}/${p.spec.vpc}`);
  const external = externals.get(`${namespace}/${p.spec.external}`);
  if (vpc === undefined) diagnostics.push(error(C.UNKNOWN_VPC, path('spec.vpc'), `no valid VPC ${namespace}/${p.spec.vpc}`));
  if (external === undefined) diagnostics.push(error(C.UNKNOWN_EXTERNAL, path('spec.external'), `no valid External ${namespace}/${p.spec.external}`));
  if (vpc === undefined || external === undefined) return { diagnostics };
  if (vpc.decision.method !== 'evpn-l3vni') {
    diagnostics.push(
      error(
        C.EXTERNAL_NEEDS_L3VNI,
        path('spec.vpc'),
        `VPC ${vpc.key} uses ${vpc.decision.method} (chosen by ${vpc.decision.rule === 'default' ? 'the policy default' : `policy rule ${vpc.decision.rule}`}); routes to an External travel as EVPN type-5 routes, which need evpn-l3vni`,
        'change the FabricPolicy rule for this VPC to evpn-l3vni',
      ),
    );
  }
  if (external.links.length === 0) {
    diagnostics.push(warning(C.UNKNOWN_EXTERNAL, path('spec.external'), `External ${external.key} has no ExternalAttachment yet, so nothing is routed`));
  }
  const subnets = p.spec.permit?.subnets ?? vpc.subnets.map((s) => s.name);
  for (const s of subnets) {
    if (!vpc.subnets.some((x) => x.name === s)) diagnostics.push(error(C.UNKNOWN_SUBNET, path('spec.permit.subnets'), `VPC ${vpc.key} has no subnet ${JSON.stringify(s)}`));
  }
  const prefixes: string[] = [];
  (p.spec.permit?.prefixes ?? external.prefixes).forEach((text, i) => {
    const parsed = parseCidr(text);
    if (parsed === undefined || parsed.address !== parsed.prefix.network) {
      diagnostics.push(error(C.BAD_CIDR, path(`spec.permit.prefixes[${i}]`), `${JSON.stringify(text)} is not a network prefix`));
    } else prefixes.push(formatPrefix(parsed.prefix));
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    info: { key, vpc: vpc.key, external: external.key, subnets: [...new Set(subnets)].sort(compareText), prefixes: [...new Set(prefixes)].sort(compareText) },
    diagnostics,
  };
}

/**
 * What the intent index keeps between compiles so a recompile redoes only what a change touches:
 * the raw attachments by connection and by VPC, each connection's outcome, and the diagnostics of
 * each VPC and connection.
 */
export interface IntentMemo {
  readonly vpcDiagnostics: SharedMap<string, readonly Diagnostic[]>;
  readonly attachmentsByKey: SharedMap<string, VpcAttachment>;
  readonly rawByConnection: SharedMap<string, readonly VpcAttachment[]>;
  readonly rawByVpc: SharedMap<string, readonly VpcAttachment[]>;
  readonly connectionDiagnostics: SharedMap<string, readonly Diagnostic[]>;
  readonly accepted: SharedMap<string, AttachmentInfo>;
  readonly tenants: TenantCounts;
}

const EMPTY_MEMO: IntentMemo = {
  vpcDiagnostics: SharedMap.empty(),
  attachmentsByKey: SharedMap.empty(),
  rawByConnection: SharedMap.empty(),
  rawByVpc: SharedMap.empty(),
  connectionDiagnostics: SharedMap.empty(),
  accepted: SharedMap.empty(),
  tenants: NO_TENANTS,
};

const EMPTY_INDEX: IntentIndex & { memo: IntentMemo } = {
  vpcs: SharedMap.empty(),
  attachmentsByVpc: SharedMap.empty(),
  peerings: [],
  externals: new Map(),
  externalPeerings: [],
  memo: EMPTY_MEMO,
};

/** The VPCs and attachments a change names, by key, and the objects it puts. */
export interface IntentChange {
  readonly vpcKeys: readonly string[];
  readonly vpcs: readonly Vpc[];
  readonly attachmentKeys: readonly string[];
  readonly attachments: readonly VpcAttachment[];
}

/** The VPC name of a `<vpc>/<subnet>` reference: what comes before the first slash, or all of it. */
function vpcOfRef(ref: string): string {
  return String(ref.split('/')[0]);
}

const attachmentVpcKey = (a: VpcAttachment): string => `${a.metadata.namespace ?? 'default'}/${vpcOfRef(a.spec.subnet)}`;

function addTo<T>(map: MapDraft<string, readonly T[]>, key: string, item: T): void {
  const list = map.get(key);
  map.set(key, list === undefined ? [item] : [...list, item]);
}

function removeFrom<T>(map: MapDraft<string, readonly T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list === undefined) return;
  const rest = list.filter((x) => x !== item);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest);
}

/**
 * Checks every intent; returns the index of the valid ones and every problem found. Given the
 * earlier index and the objects a change names, it redoes only those VPCs, the connections their
 * attachments use, and the (few) peerings and externals; the result is the same as a full index.
 * `changedVpcs` lists the VPCs whose checked form or attachments changed.
 */
export function indexIntents(
  set: ResourceSet,
  fabric: FabricIndex,
  policy: ResolvedPolicy,
  earlier?: { readonly index: IntentIndex & { readonly memo: IntentMemo }; readonly change: IntentChange },
): { intents: IntentIndex & { memo: IntentMemo }; diagnostics: Diagnostic[]; changedVpcs: ReadonlySet<string> } {
  const before = earlier?.index ?? EMPTY_INDEX;
  const full = earlier === undefined;
  const changedVpcs = new Set<string>();
  // VPCs
  const vpcs = before.vpcs.draft();
  const vpcDiagnostics = before.memo.vpcDiagnostics.draft();
  const vpcObjects = full ? set.vpcs : earlier.change.vpcs;
  const vpcKeys = new Set(full ? [] : earlier.change.vpcKeys);
  for (const v of vpcObjects) vpcKeys.add(keyOf(v));
  for (const key of vpcKeys) {
    vpcs.delete(key);
    vpcDiagnostics.delete(key);
    changedVpcs.add(key);
  }
  for (const vpc of vpcObjects) {
    const checked = checkVpcCached(vpc, policy);
    if (checked.diagnostics.length > 0) vpcDiagnostics.set(keyOf(vpc), checked.diagnostics);
    if (checked.info !== undefined) vpcs.set(checked.info.key, checked.info);
  }
  // attachments: patch the raw indexes, then redo the connections they touch
  const attachmentsByKey = before.memo.attachmentsByKey.draft();
  const rawByConnection = before.memo.rawByConnection.draft();
  const rawByVpc = before.memo.rawByVpc.draft();
  const attachmentObjects = full ? set.attachments : earlier.change.attachments;
  const present = new Map(attachmentObjects.map((a) => [keyOf(a), a]));
  const changedAttachments = full ? [...present.keys()] : [...new Set([...earlier.change.attachmentKeys, ...present.keys()])];
  const connections = new Set<string>();
  for (const key of changedAttachments) {
    const old = attachmentsByKey.get(key);
    if (old !== undefined) {
      removeFrom(rawByConnection, old.spec.connection, old);
      removeFrom(rawByVpc, attachmentVpcKey(old), old);
      connections.add(old.spec.connection);
      attachmentsByKey.delete(key);
    }
    const now = present.get(key);
    if (now !== undefined) {
      addTo(rawByConnection, now.spec.connection, now);
      addTo(rawByVpc, attachmentVpcKey(now), now);
      connections.add(now.spec.connection);
      attachmentsByKey.set(key, now);
    }
  }
  for (const key of vpcKeys) for (const a of rawByVpc.get(key) ?? []) connections.add(a.spec.connection);
  const accepted = before.memo.accepted.draft();
  const connectionDiagnostics = before.memo.connectionDiagnostics.draft();
  const vpcsToList = new Set(vpcKeys);
  // every touched connection resolved first (an attachment may move from one to another)
  const nowAccepted = new Map<string, AttachmentInfo>();
  for (const connection of connections) {
    connectionDiagnostics.delete(connection);
    const outcome = resolveConnection(rawByConnection.get(connection) ?? [], vpcs, fabric);
    for (const info of outcome.accepted) nowAccepted.set(info.key, info);
    if (outcome.diagnostics.length > 0) connectionDiagnostics.set(connection, outcome.diagnostics);
  }
  // only the VPCs whose accepted attachments moved are listed again (the checks are cached: an
  // attachment accepted as before is the same object), not every VPC on a busy server port
  for (const connection of connections) {
    for (const a of before.memo.rawByConnection.get(connection) ?? []) {
      const key = keyOf(a);
      const was = accepted.get(key);
      if (was === undefined || was === nowAccepted.get(key)) continue;
      // refused now, gone, or accepted anew (perhaps for another VPC): its earlier VPC loses it
      vpcsToList.add(attachmentVpcKey(a));
      if (!nowAccepted.has(key)) accepted.delete(key);
    }
  }
  for (const connection of connections) {
    for (const a of rawByConnection.get(connection) ?? []) {
      const info = nowAccepted.get(keyOf(a));
      if (info === undefined || accepted.get(info.key) === info) continue;
      accepted.set(info.key, info);
      vpcsToList.add(attachmentVpcKey(a));
    }
  }
  const attachmentsByVpc = before.attachmentsByVpc.draft();
  for (const vpc of vpcsToList) {
    const list = (rawByVpc.get(vpc) ?? [])
      .map((a) => accepted.get(keyOf(a)))
      .filter((x): x is AttachmentInfo => x !== undefined)
      .sort((x, y) => compareText(x.key, y.key));
    const old = before.attachmentsByVpc.get(vpc) ?? [];
    if (list.length !== old.length || list.some((x, i) => x !== old[i])) changedVpcs.add(vpc);
    if (list.length === 0) attachmentsByVpc.delete(vpc);
    else attachmentsByVpc.set(vpc, list);
  }
  const tenants = countTenants(set, policy, full ? undefined : before.memo.tenants, vpcKeys, vpcObjects);
  const diagnostics: Diagnostic[] = [...tenants.overLimit.values()];
  for (const list of vpcDiagnostics.values()) diagnostics.push(...list);
  for (const list of connectionDiagnostics.values()) diagnostics.push(...list);
  // peerings and externals are few: always redone
  const rest = indexPeeringsAndExternals(set, vpcs, fabric);
  diagnostics.push(...rest.diagnostics);
  return {
    intents: {
      vpcs: vpcs.finish(),
      attachmentsByVpc: attachmentsByVpc.finish(),
      peerings: rest.peerings,
      externals: rest.externals,
      externalPeerings: rest.externalPeerings,
      memo: {
        vpcDiagnostics: vpcDiagnostics.finish(),
        attachmentsByKey: attachmentsByKey.finish(),
        rawByConnection: rawByConnection.finish(),
        rawByVpc: rawByVpc.finish(),
        connectionDiagnostics: connectionDiagnostics.finish(),
        accepted: accepted.finish(),
        tenants,
      },
    },
    diagnostics,
    changedVpcs,
  };
}

/**
 * The attachments of one connection: each checked on its own, then, in name order (so what is
 * reported does not depend on input order), duplicates and a second untagged subnet refused.
 */
function resolveConnection(
  attachments: readonly VpcAttachment[],
  vpcs: ReadonlyMap<string, VpcInfo>,
  fabric: FabricIndex,
): { accepted: AttachmentInfo[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const infos: AttachmentInfo[] = [];
  for (const a of attachments) {
    const checked = checkAttachmentCached(a, vpcs, fabric);
    if (checked.diagnostics.length > 0) diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) infos.push(checked.info);
  }
  if (infos.length <= 1) return { accepted: infos, diagnostics };
  infos.sort((x, y) => compareText(x.key, y.key));
  // a host BGP attachment makes the port routed: it carries nothing else
  const routed = infos.find((info) => info.hostBgp);
  if (routed !== undefined) {
    for (const info of infos) {
      if (info === routed) continue;
      diagnostics.push(
        error(C.HOST_BGP_CONNECTION, `VPCAttachment ${info.key} spec.connection`, `Connection ${info.link.connection} is a routed port of hostBGP subnet ${routed.vpc}/${routed.subnet} (VPCAttachment ${routed.key}); it carries no other subnet`),
      );
    }
    return { accepted: [routed], diagnostics };
  }
  const accepted: AttachmentInfo[] = [];
  const seen = new Map<string, string>();
  let native: string | undefined;
  for (const info of infos) {
    const pair = `${info.vpc}/${info.subnet}`;
    const twin = seen.get(pair);
    if (twin !== undefined) {
      diagnostics.push(error(C.DUPLICATE_ATTACHMENT, `VPCAttachment ${info.key} spec`, `attaches ${pair} to ${info.link.connection} again (already VPCAttachment ${twin})`));
      continue;
    }
    seen.set(pair, info.key);
    if (info.native) {
      if (native !== undefined) {
        diagnostics.push(
          error(C.NATIVE_VLAN_TWICE, `VPCAttachment ${info.key} spec.nativeVLAN`, `Connection ${info.link.connection} already carries an untagged subnet (VPCAttachment ${native}); a port is untagged in one VLAN at most`),
        );
        continue;
      }
      native = info.key;
    }
    accepted.push(info);
  }
  return { accepted, diagnostics };
}

function indexPeeringsAndExternals(
  set: ResourceSet,
  vpcs: ReadonlyMap<string, VpcInfo>,
  fabric: FabricIndex,
): Pick<IntentIndex, 'peerings' | 'externals' | 'externalPeerings'> & { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const peerings: PeeringInfo[] = [];
  const pairs = new Map<string, string>();
  for (const p of [...set.peerings].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const checked = checkPeering(p, vpcs);
    diagnostics.push(...checked.diagnostics);
    if (checked.info === undefined) continue;
    const pair = `${checked.info.a}|${checked.info.b}`;
    const twin = pairs.get(pair);
    if (twin !== undefined) {
      diagnostics.push(error(C.PEERING_DUPLICATE, `VPCPeering ${checked.info.key} spec.vpcs`, `VPCPeering ${twin} already peers these VPCs`));
      continue;
    }
    pairs.set(pair, checked.info.key);
    peerings.push(checked.info);
  }
  const attached = checkExternalAttachments(set.externalAttachments, new Set(set.externals.map(keyOf)), fabric);
  diagnostics.push(...attached.diagnostics);
  const byExternal = new Map<string, ExternalAttachInfo[]>();
  for (const a of set.externalAttachments) {
    const info = attached.valid.get(keyOf(a));
    const external = `${a.metadata.namespace ?? 'default'}/${a.spec.external}`;
    if (info !== undefined) byExternal.set(external, [...(byExternal.get(external) ?? []), info]);
  }
  const externals = new Map<string, ExternalInfo>();
  for (const e of [...set.externals].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const checked = checkExternal(e, byExternal.get(keyOf(e)) ?? []);
    diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) externals.set(checked.info.key, checked.info);
  }
  const externalPeerings: ExternalPeeringInfo[] = [];
  for (const p of [...set.externalPeerings].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const checked = checkExternalPeering(p, vpcs, externals);
    diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) externalPeerings.push(checked.info);
  }
  return { peerings, externals, externalPeerings, diagnostics };
}
