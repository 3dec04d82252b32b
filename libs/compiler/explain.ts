/**
 * `weft explain`: which policy rule chose what for a VPC and every number it got; and, for a
 * switch, its numbers, what it carries and which ConfigTemplates apply.
 */
import { compareNatural, compareText, keyOf, type DeviceIntent, type Diagnostic, type PortIntent } from '#domain';
import { explainTemplates, type TemplateExplanation } from '#templates';
import type { CompileResult } from './compile.js';
import { subnetOwner, transitOwner, vrfName, vrfTable } from './devices.js';
import { dhcpSentence } from './dhcp.js';
import { insideReach } from './inside-vpc.js';
import type { ExternalAttachInfo } from './externals.js';
import type { VpcInfo } from './intents.js';
import { hostBgpLines, serverLinkLines } from './explain-multihoming.js';

export interface VpcExplanation {
  readonly vpc: string;
  readonly tenant: string;
  readonly policy: string;
  readonly isolation?: string;
  readonly rule?: string;
  readonly trace: readonly string[];
  readonly vrf?: { readonly name: string; readonly id: number; readonly table: number; readonly l3vni?: number; readonly routeTarget?: string };
  readonly subnets: readonly {
    readonly name: string;
    readonly cidr: string;
    readonly gateway: string;
    readonly vni?: number;
    readonly routeTarget?: string;
    readonly vlans: Readonly<Record<string, number>>;
    /** who hands out addresses, in one sentence */
    readonly dhcp?: string;
  }[];
  readonly transitVlans: Readonly<Record<string, number>>;
  readonly attachments: readonly { readonly key: string; readonly subnet: string; readonly connection: string; readonly switch: string; readonly ports: readonly string[]; readonly tagging: string }[];
  readonly peerings: readonly string[];
  readonly externalPeerings: readonly string[];
  /** isolated and restricted subnets, permit groups, static routes and where they are installed */
  readonly inside: readonly string[];
  /** how its ESI-LAG attachments and host BGP subnets are built */
  readonly multihoming: readonly string[];
  readonly switches: readonly string[];
  readonly gatewaySwitch?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function explainVpc(result: CompileResult, key: string): VpcExplanation | undefined {
  const state = result.state;
  // keyed as the compile keys it (a VPC given without a namespace is keyed by its name)
  const vpc = state.resources.vpcs.find((v) => keyOf(v) === key);
  if (vpc === undefined) return undefined;
  const info = state.intents.vpcs.get(key);
  const alloc = result.allocations.vpcs[key];
  const placement = state.placements.get(key);
  const rtAsn = result.policy.routeTargetAsn;
  const switches = [...(placement?.switches.keys() ?? [])].sort(compareNatural);
  const related = relatedObjects(result, key);
  const vlansOf = (owner: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const sw of switches) {
      const v = state.switchVlans.get(sw)?.get(owner);
      if (v !== undefined) out[sw] = v;
    }
    return out;
  };
  return {
    vpc: key,
    tenant: vpc.spec.tenant,
    policy: result.policy.name,
    ...(info === undefined ? {} : { isolation: info.decision.method, rule: info.decision.rule }),
    trace: info?.decision.trace ?? [],
    ...(alloc === undefined
      ? {}
      : {
          vrf: {
            name: vrfName(alloc.vrf),
            id: alloc.vrf,
            table: vrfTable(alloc.vrf),
            ...(alloc.vni === undefined ? {} : { l3vni: alloc.vni, routeTarget: `${rtAsn}:${alloc.vni}` }),
          },
        }),
    subnets: (info?.subnets ?? []).map((s) => {
      const vni = alloc?.subnets[s.name]?.vni;
      return {
        name: s.name,
        cidr: s.cidr,
        gateway: s.hostBgp === undefined ? s.gateway : 'none (host BGP)',
        ...(vni === undefined ? {} : { vni, routeTarget: `${rtAsn}:${vni}` }),
        vlans: vlansOf(subnetOwner(key, s.name)),
        ...dhcpSentence(s, result.policy, alloc?.vrf),
      };
    }),
    transitVlans: alloc?.vni === undefined ? {} : vlansOf(transitOwner(key)),
    attachments: (state.intents.attachmentsByVpc.get(key) ?? []).map((a) => ({
      key: a.key,
      subnet: a.subnet,
      connection: a.link.connection,
      switch: a.link.legs.map((leg) => leg.switch).join('+'),
      ports: a.link.legs.length === 1 ? a.link.switchPorts : a.link.legs.flatMap((leg) => leg.switchPorts.map((port) => `${leg.switch}/${port}`)),
      tagging: a.native ? 'untagged' : 'tagged',
    })),
    peerings: state.intents.peerings
      .filter((p) => p.a === key || p.b === key)
      .map((p) => {
        const mine = p.a === key ? p.aSubnets : p.bSubnets;
        const theirs = p.a === key ? p.bSubnets : p.aSubnets;
        return `${p.key}: with ${p.a === key ? p.b : p.a}; they reach [${mine.join(', ')}], this VPC reaches their [${theirs.join(', ')}]`;
      }),
    externalPeerings: state.intents.externalPeerings
      .filter((p) => p.vpc === key)
      .map((p) => `${p.key}: with External ${p.external}; subnets [${p.subnets.join(', ')}] <-> prefixes [${p.prefixes.join(', ')}]${communities(result, p.external)}`),
    inside: info === undefined ? [] : explainInside(result, info, switches),
    multihoming: explainMultihoming(result, key),
    switches,
    ...(placement?.gatewaySwitch === undefined ? {} : { gatewaySwitch: placement.gatewaySwitch }),
    diagnostics: result.diagnostics.filter((d) => related.some((object) => d.path === object || d.path.startsWith(`${object} `))),
  };
}

function explainMultihoming(result: CompileResult, key: string): string[] {
  const lines: string[] = [];
  for (const a of result.state.intents.attachmentsByVpc.get(key) ?? []) {
    if (a.link.segment !== undefined) lines.push(`${a.key}:`, ...serverLinkLines(result, a.link).map((l) => `  ${l}`));
    if (a.hostBgp) lines.push(...hostBgpLines(result, a));
  }
  return lines;
}

function communities(result: CompileResult, external: string): string {
  const info = result.state.intents.externals.get(external);
  const spec = info?.external.spec;
  const parts = [
    info?.static === undefined ? undefined : `static: routes to [${info.static.prefixes.join(', ')}] via ${info.static.nextHop}, no BGP`,
    spec?.inboundCommunity === undefined ? undefined : `accepts only routes with community ${spec.inboundCommunity}`,
    spec?.outboundCommunity === undefined ? undefined : `adds community ${spec.outboundCommunity} to what it announces`,
    // Stryker disable next-line ArrayDeclaration: equivalent, an External peering is indexed only with its External
    ...(info?.links ?? []).map((link) => `attached on ${attachmentText(link)}`),
  ].filter((x) => x !== undefined);
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

/** `border1/Ethernet12 VLAN 100 as 198.51.100.2/30 (inbound ACL: 3 rules, then deny)` */
function attachmentText(link: ExternalAttachInfo): string {
  const acl = link.acl === undefined ? '' : ` (inbound ACL: ${link.acl.rules.length} rule${link.acl.rules.length === 1 ? '' : 's'}, then ${link.acl.defaultAction})`;
  return `${link.switch}/${link.port}${link.vlan === undefined ? '' : ` VLAN ${link.vlan}`} as ${link.address}${acl}`;
}

/** Isolation inside the VPC (enforced by its WEFT_VRF ACL on the server ports) and its static routes. */
function explainInside(result: CompileResult, info: VpcInfo, switches: readonly string[]): string[] {
  const lines: string[] = [];
  const names = info.subnets.map((s) => s.name);
  for (const s of info.subnets) {
    if (info.inside.isolated.includes(s.name)) {
      const reach = names.filter((n) => n !== s.name && insideReach(info.inside, s.name, n));
      lines.push(`subnet ${s.name} isolated: reaches ${reach.length === 0 ? 'no other subnet of the VPC' : `only [${reach.join(', ')}] (permit)`}`);
    }
    if (info.inside.restricted.includes(s.name)) lines.push(`subnet ${s.name} restricted: its hosts reach their gateway ${s.gateway}, not each other`);
  }
  for (const route of info.inside.staticRoutes) {
    const vrf = result.allocations.vpcs[info.key]?.vrf;
    // Stryker disable next-line StringLiteral: equivalent, a VPC with no numbers has no VRF on any switch, so no name matches either way
    const on = switches.filter((sw) => result.devices.get(sw)?.vrfs.some((v) => v.name === (vrf === undefined ? '' : vrfName(vrf)) && (v.staticRoutes ?? []).some((r) => r.prefix === route.prefix)));
    const via = route.nextHops.map((h) => `${h.address} (${h.subnet})`).join(', ');
    const spread = info.decision.method === 'evpn-l3vni' ? '; the other leaves learn it as an EVPN type-5 route' : '';
    lines.push(`static route ${route.prefix} via ${via}: installed on ${on.length === 0 ? 'no switch yet (no attachment in the next hop\'s subnet)' : on.join(', ')}${spread}`);
  }
  return lines;
}

/** `Kind key` of the VPC and of every object that names it, as diagnostics name them. */
function relatedObjects(result: CompileResult, key: string): string[] {
  const { resources } = result.state;
  // an object without a namespace names the VPCs of the default one
  const inVpc = (r: { metadata: { namespace?: string } }, name: string): boolean => `${r.metadata.namespace ?? 'default'}/${name}` === key;
  return [
    `VPC ${key}`,
    ...resources.attachments.filter((a) => inVpc(a, String(a.spec.subnet.split('/')[0]))).map((a) => `VPCAttachment ${keyOf(a)}`),
    ...resources.peerings.filter((p) => p.spec.vpcs.some((v) => inVpc(p, v))).map((p) => `VPCPeering ${keyOf(p)}`),
    ...resources.externalPeerings.filter((p) => inVpc(p, p.spec.vpc)).map((p) => `ExternalPeering ${keyOf(p)}`),
  ];
}

export interface SwitchExplanation {
  readonly switch: string;
  readonly role: string;
  readonly os: string;
  readonly asn: number;
  readonly routerId: string;
  readonly ports: readonly string[];
  readonly vlans: readonly string[];
  readonly vrfs: readonly string[];
  readonly neighbors: readonly string[];
  /** PortChannels, with the Ethernet segment of an ESI-LAG */
  readonly portChannels: readonly string[];
  readonly templates: readonly TemplateExplanation[];
  readonly files: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What the wiring sets of a port's hardware, as `explain` shows it: ` (speed 25G, fec rs, autoneg off)`. */
function hardwareText(port: PortIntent): string {
  const h = port.hardware;
  if (h === undefined) return '';
  const parts = [
    ...(h.speed === undefined ? [] : [`speed ${h.speed / 1000}G`]),
    ...(h.fec === undefined ? [] : [`fec ${h.fec}`]),
    ...(h.autoNegotiation === undefined ? [] : [`autoneg ${h.autoNegotiation ? 'on' : 'off'}`]),
  ];
  return ` (${parts.join(', ')})`;
}

/** ` (inbound ACL WEFT_IN_X_100: 5 rules)` when an attachment's filter is bound there. */
function inboundFilterText(acls: DeviceIntent['acls'], port: string, vlan?: number): string {
  const acl = (acls ?? []).find((a) => a.inbound?.port === port && a.inbound.vlan === vlan);
  return acl === undefined ? '' : ` (inbound ACL ${acl.name}: ${acl.rules.length} rules, the first lets the peer reach the border)`;
}

export function explainSwitch(result: CompileResult, name: string): SwitchExplanation | undefined {
  const device = result.devices.get(name);
  const sw = result.state.fabric.switches.get(name);
  if (device === undefined || sw === undefined) return undefined;
  return {
    switch: name,
    role: device.role,
    os: device.os,
    asn: device.asn,
    routerId: device.routerId,
    ports: [
      ...device.ports.map((p) => `${p.name} ${p.kind} -> ${p.peer ?? p.description}${p.addresses.length > 0 ? ` ${p.addresses.join(' ')}` : p.unnumbered ? ' unnumbered' : ''}${p.portChannel === undefined ? '' : ` in ${p.portChannel}`}${hardwareText(p)}${p.addresses.length > 0 ? inboundFilterText(device.acls, p.name) : ''}`),
      ...(device.subInterfaces ?? []).map((sub) => `${sub.port} VLAN ${sub.vlan} external -> ${sub.description} ${sub.addresses.join(' ')} in ${sub.vrf}${inboundFilterText(device.acls, sub.port, sub.vlan)}`),
    ],
    vlans: device.vlans.map((v) => `${v.name}${v.vni === undefined ? '' : ` vni ${v.vni}`} ${v.owner.vpc}${v.owner.subnet === undefined ? ' (L3VNI transit)' : `/${v.owner.subnet}`}${v.svi?.address === undefined ? '' : ` gateway ${v.svi.address}`}`),
    vrfs: device.vrfs.map(
      (v) =>
        `${v.name} table ${v.tableId}${v.l3vni === undefined ? '' : ` l3vni ${v.l3vni}`} ${v.owner.vpc ?? `external ${String(v.owner.external)}`}${(v.staticRoutes ?? []).map((r) => `; route ${r.prefix} via ${r.nextHops.join(', ')}`).join('')}`,
    ),
    neighbors: [
      ...device.bgp.neighbors.map((n) => `${String(n.interface ?? n.address)} remote-as ${n.remoteAs} (${n.description})`),
      ...device.vrfs.flatMap((v) => v.neighbors.map((n) => `${n.address} remote-as ${n.asn} in ${v.name} (${n.description})`)),
      ...device.vrfs.flatMap((v) => (v.hostNeighbors ?? []).map((h) => `${h.interface} in ${v.name} remote-as external (host BGP ${h.description}; ${h.prefix} ge ${h.minPrefixLen}, at most ${h.maxPrefixes})`)),
    ],
    portChannels: device.portChannels.map(
      (p) =>
        `${p.name} ${p.members.join('+')} (${p.description})${p.ethernetSegment === undefined ? '' : ` ESI ${p.ethernetSegment.esi}, system MAC ${String(p.systemMac)}${p.ethernetSegment.dfPreference === undefined ? '' : `, DF preference ${p.ethernetSegment.dfPreference}`}`}`,
    ),
    templates: explainTemplates(result.state.resources.templates, { name, role: device.role, os: device.os, labels: sw.metadata.labels ?? {} }),
    files: [...result.files.keys()].filter((f) => f.startsWith(`${name}/`)).sort(compareText),
    diagnostics: result.diagnostics.filter((d) => d.path.startsWith(`Switch ${name}`)),
  };
}
