/**
 * Tenant intents, checked against each other and against the wiring, and indexed for the
 * allocator and the device builder. Only objects without errors enter the index.
 */
import type { IsolationMethod } from '#api';
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
  type External,
  type ExternalAttachment,
  type ExternalPeering,
  type Ipv4Prefix,
  type ResourceSet,
  type Vpc,
  type VpcAttachment,
  type VpcPeering,
} from '#domain';
import { chooseIsolation, type IsolationDecision, type ResolvedPolicy } from '#policy';
import type { ExternalLinkInfo, FabricIndex, ServerLinkInfo } from './fabric.js';

export interface SubnetInfo {
  readonly name: string;
  readonly prefix: Ipv4Prefix;
  readonly cidr: string;
  readonly gateway: string;
  readonly dhcp?: { readonly start: string; readonly end: string };
}

export interface VpcInfo {
  /** `namespace/name` */
  readonly key: string;
  readonly vpc: Vpc;
  readonly subnets: readonly SubnetInfo[];
  readonly decision: IsolationDecision;
}

export interface AttachmentInfo {
  readonly key: string;
  readonly vpc: string;
  readonly subnet: string;
  readonly native: boolean;
  readonly link: ServerLinkInfo;
}

export interface PeeringInfo {
  readonly key: string;
  readonly a: string;
  readonly b: string;
  /** subnets of `a` that `b` may reach, and the other way round */
  readonly aSubnets: readonly string[];
  readonly bSubnets: readonly string[];
}

export interface ExternalInfo {
  readonly key: string;
  readonly external: External;
  readonly prefixes: readonly string[];
  readonly links: readonly ExternalLinkInfo[];
}

export interface ExternalPeeringInfo {
  readonly key: string;
  readonly vpc: string;
  readonly external: string;
  readonly subnets: readonly string[];
  readonly prefixes: readonly string[];
}

export interface IntentIndex {
  readonly vpcs: ReadonlyMap<string, VpcInfo>;
  readonly attachmentsByVpc: ReadonlyMap<string, readonly AttachmentInfo[]>;
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
  const vpcKey = `${a.metadata.namespace ?? 'default'}/${a.spec.subnet.split('/')[0] ?? ''}`;
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
    if (subnet.dhcp !== undefined) {
      const start = parseIpv4(subnet.dhcp.start);
      const end = parseIpv4(subnet.dhcp.end);
      if (start === undefined || !isUsableHost(parsed.prefix, start)) {
        diagnostics.push(error(C.DHCP_OUTSIDE, field('dhcp.start'), `${subnet.dhcp.start} is not a host address of ${canonical}`));
        ok = false;
      }
      if (end === undefined || !isUsableHost(parsed.prefix, end)) {
        diagnostics.push(error(C.DHCP_OUTSIDE, field('dhcp.end'), `${subnet.dhcp.end} is not a host address of ${canonical}`));
        ok = false;
      }
      if (start !== undefined && end !== undefined && start > end) {
        diagnostics.push(error(C.DHCP_OUTSIDE, field('dhcp'), `start ${subnet.dhcp.start} is after end ${subnet.dhcp.end}`));
        ok = false;
      } else if (start !== undefined && end !== undefined && gateway !== undefined && gateway >= start && gateway <= end) {
        diagnostics.push(error(C.DHCP_OUTSIDE, field('dhcp'), `the range ${subnet.dhcp.start}-${subnet.dhcp.end} contains the gateway ${gatewayText}`));
        ok = false;
      }
    }
    if (!ok) continue;
    for (const other of subnets) {
      if (prefixesOverlap(other.prefix, parsed.prefix)) {
        diagnostics.push(error(C.SUBNET_OVERLAP, field('cidr'), `${canonical} overlaps subnet ${other.name} (${other.cidr}) of the same VPC`));
        ok = false;
      }
    }
    if (!ok) continue;
    subnets.push({ name, prefix: parsed.prefix, cidr: canonical, gateway: gatewayText, ...(subnet.dhcp === undefined ? {} : { dhcp: subnet.dhcp }) });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { info: { key, vpc, subnets, decision: chooseIsolation(vpc, policy) }, diagnostics };
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
    const usable = connection.spec.unbundled !== undefined || connection.spec.bundled !== undefined;
    diagnostics.push(
      error(
        C.ATTACH_CONNECTION_TYPE,
        path('spec.connection'),
        usable ? `Connection ${a.spec.connection} has errors of its own` : `Connection ${a.spec.connection} is not a server connection (unbundled or bundled)`,
      ),
    );
  }
  if (diagnostics.length > 0 || link === undefined) return { diagnostics };
  return { info: { key, vpc: vpcKey, subnet: ref.subnet, native: a.spec.nativeVLAN === true, link }, diagnostics };
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
  if (p.spec.permit === undefined) {
    a.subnets.forEach((s) => aSubnets.add(s.name));
    b.subnets.forEach((s) => bSubnets.add(s.name));
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
    },
    diagnostics,
  };
}

function checkExternal(e: External, attachments: readonly ExternalAttachment[], fabric: FabricIndex): { info?: ExternalInfo; diagnostics: Diagnostic[] } {
  const key = keyOf(e);
  const diagnostics: Diagnostic[] = [];
  const prefixes: string[] = [];
  (e.spec.prefixes ?? ['0.0.0.0/0']).forEach((text, i) => {
    const parsed = parseCidr(text);
    if (parsed === undefined || parsed.address !== parsed.prefix.network) {
      diagnostics.push(error(C.BAD_CIDR, `External ${key} spec.prefixes[${i}]`, `${JSON.stringify(text)} is not a network prefix${parsed ? `; did you mean ${formatPrefix(parsed.prefix)}?` : ''}`));
    } else prefixes.push(formatPrefix(parsed.prefix));
  });
  const links: ExternalLinkInfo[] = [];
  for (const attachment of attachments) {
    const link = fabric.externalLinks.get(attachment.spec.connection);
    if (link !== undefined) links.push(link);
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { info: { key, external: e, prefixes: [...new Set(prefixes)].sort(compareText), links: links.sort((x, y) => compareText(x.connection, y.connection)) }, diagnostics };
}

function checkExternalAttachment(a: ExternalAttachment, externals: ReadonlySet<string>, fabric: FabricIndex, seenConnections: Map<string, string>): Diagnostic[] {
  const key = keyOf(a);
  const namespace = a.metadata.namespace ?? 'default';
  const path = (f: string): string => `ExternalAttachment ${key} ${f}`;
  const out: Diagnostic[] = [];
  if (!externals.has(`${namespace}/${a.spec.external}`)) {
    out.push(error(C.UNKNOWN_EXTERNAL, path('spec.external'), `no External ${namespace}/${a.spec.external}`));
  }
  const connection = fabric.connections.get(a.spec.connection);
  if (connection === undefined) out.push(error(C.UNKNOWN_CONNECTION, path('spec.connection'), `no Connection named ${JSON.stringify(a.spec.connection)}`));
  else if (connection.spec.external === undefined) {
    out.push(error(C.ATTACH_CONNECTION_TYPE, path('spec.connection'), `Connection ${a.spec.connection} is not an external connection`));
  } else {
    const other = seenConnections.get(a.spec.connection);
    if (other !== undefined) out.push(error(C.DUPLICATE_ATTACHMENT, path('spec.connection'), `Connection ${a.spec.connection} is already attached by ExternalAttachment ${other}`));
    seenConnections.set(a.spec.connection, key);
  }
  return out;
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
        `VPC ${vpc.key} uses ${vpc.decision.method} (policy rule ${vpc.decision.rule}); routes to an External travel as EVPN type-5 routes, which need evpn-l3vni`,
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

/** Checks every intent; returns the index of the valid ones and every problem found. */
export function indexIntents(set: ResourceSet, fabric: FabricIndex, policy: ResolvedPolicy): { intents: IntentIndex; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const vpcs = new Map<string, VpcInfo>();
  const perTenant = new Map<string, string[]>();
  for (const vpc of sortByKey(set.vpcs)) {
    const checked = checkVpcCached(vpc, policy);
    diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) vpcs.set(checked.info.key, checked.info);
    const tenantVpcs = perTenant.get(vpc.spec.tenant);
    if (tenantVpcs === undefined) perTenant.set(vpc.spec.tenant, [keyOf(vpc)]);
    else tenantVpcs.push(keyOf(vpc));
  }
  for (const [tenant, keys] of perTenant) {
    if (keys.length > policy.limits.vpcsPerTenant) {
      diagnostics.push(
        error(C.LIMIT_VPCS, `VPC ${keys[policy.limits.vpcsPerTenant] ?? ''} spec.tenant`, `tenant ${tenant} has ${keys.length} VPCs; FabricPolicy ${policy.name} allows ${policy.limits.vpcsPerTenant} (spec.limits.vpcsPerTenant)`),
      );
    }
  }
  const attachmentsByVpc = new Map<string, AttachmentInfo[]>();
  // conflicts are between attachments of one connection: group first, so only those groups are
  // sorted (which attachment is reported must not depend on input order)
  const byConnection = new Map<string, AttachmentInfo[]>();
  for (const a of set.attachments) {
    const checked = checkAttachmentCached(a, vpcs, fabric);
    diagnostics.push(...checked.diagnostics);
    const info = checked.info;
    if (info === undefined) continue;
    const group = byConnection.get(info.link.connection);
    if (group === undefined) byConnection.set(info.link.connection, [info]);
    else group.push(info);
  }
  for (const group of byConnection.values()) {
    if (group.length === 1 && group[0] !== undefined) {
      // one attachment on its connection: nothing to conflict with
      const only = group[0];
      const list = attachmentsByVpc.get(only.vpc);
      if (list === undefined) attachmentsByVpc.set(only.vpc, [only]);
      else list.push(only);
      continue;
    }
    group.sort((x, y) => compareText(x.key, y.key));
    const seen = new Map<string, string>();
    let native: string | undefined;
    for (const info of group) {
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
      const list = attachmentsByVpc.get(info.vpc);
      if (list === undefined) attachmentsByVpc.set(info.vpc, [info]);
      else list.push(info);
    }
  }
  for (const list of attachmentsByVpc.values()) if (list.length > 1) list.sort((x, y) => compareText(x.key, y.key));
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
  const externalKeys = new Set(set.externals.map(keyOf));
  const connectionsSeen = new Map<string, string>();
  const validAttachments: ExternalAttachment[] = [];
  for (const a of [...set.externalAttachments].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const found = checkExternalAttachment(a, externalKeys, fabric, connectionsSeen);
    diagnostics.push(...found);
    if (found.length === 0) validAttachments.push(a);
  }
  const externals = new Map<string, ExternalInfo>();
  for (const e of [...set.externals].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const mine = validAttachments.filter((a) => `${a.metadata.namespace ?? 'default'}/${a.spec.external}` === keyOf(e));
    const checked = checkExternal(e, mine, fabric);
    diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) externals.set(checked.info.key, checked.info);
  }
  const externalPeerings: ExternalPeeringInfo[] = [];
  for (const p of [...set.externalPeerings].sort((x, y) => compareText(keyOf(x), keyOf(y)))) {
    const checked = checkExternalPeering(p, vpcs, externals);
    diagnostics.push(...checked.diagnostics);
    if (checked.info !== undefined) externalPeerings.push(checked.info);
  }
  return { intents: { vpcs, attachmentsByVpc, peerings, externals, externalPeerings }, diagnostics };
}

function sortByKey<T extends Vpc>(list: readonly T[]): T[] {
  return list
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareText(a.key, b.key))
    .map((x) => x.item);
}

export function methodUsesEvpn(method: IsolationMethod): boolean {
  return method !== 'vlan';
}
