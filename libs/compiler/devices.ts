/**
 * Builds the vendor-neutral DeviceIntent of one switch from the wiring, the placements and the
 * numbers. Everything is sorted here, so the renderers can emit in order.
 */
import type { ExternalAllocation, VpcAllocation } from '#allocator';
import {
  compareNatural,
  compareText,
  parseCidr,
  parseIpv4,
  prefixContains,
  type BgpNeighborIntent,
  type BreakoutIntent,
  type DeviceIntent,
  type ExternalNeighborIntent,
  type L2VniIntent,
  type PortChannelIntent,
  type PortIntent,
  type VlanIntent,
  type VlanMember,
  type StaticRouteIntent,
  type VrfIntent,
  type VrfLeak,
  type AclIntent,
  type SubInterfaceIntent,
  type EvpnMultihomingIntent,
  type HostNeighborIntent,
} from '#domain';
import { buildVpcAcl } from './acls.js';
import { dhcpRelayOf } from './dhcp.js';
import { attachmentParts } from './external-ports.js';
import { SERVER_MTU_OFFSET, breakoutsOf, withPortHardware } from './port-settings.js';
import type { ResolvedPolicy } from '#policy';
import type { FabricIndex } from './fabric.js';
import type { IntentIndex, PeeringInfo, VpcInfo } from './intents.js';
import type { SwitchPart, VpcPlacement } from './placement.js';

export interface SwitchNumbers {
  readonly asn: number;
  readonly loopback: string;
  readonly portChannels: Readonly<Record<string, number>>;
}

/** What a switch hosts: its own parts of VPCs, VRFs it carries for peerings, Externals. */
export interface SwitchContents {
  /** vpc key -> its part on this switch */
  readonly parts: ReadonlyMap<string, SwitchPart>;
  /** VPCs whose VRF (with L3VNI) is here only for a leak: a peered VPC's, or one peered with an External terminated here */
  readonly peerVrfs: readonly string[];
  /** Externals terminated here */
  readonly externals: readonly string[];
}

export interface DeviceContext {
  readonly fabric: FabricIndex;
  readonly policy: ResolvedPolicy;
  readonly intents: IntentIndex;
  readonly placements: ReadonlyMap<string, VpcPlacement>;
  readonly numbers: ReadonlyMap<string, SwitchNumbers>;
  readonly links: Readonly<Record<string, string>>;
  readonly vpcNumbers: ReadonlyMap<string, VpcAllocation>;
  readonly externalNumbers: ReadonlyMap<string, ExternalAllocation>;
  readonly peeringsByVpc: ReadonlyMap<string, readonly PeeringInfo[]>;
  /** vpc key -> externals it peers with (key -> permitted subnets) */
  readonly externalPeersByVpc: ReadonlyMap<string, readonly { external: string; subnets: readonly string[]; prefixes: readonly string[] }[]>;
  /** external key -> VPCs peered with it */
  readonly vpcPeersByExternal: ReadonlyMap<string, readonly { vpc: string; subnets: readonly string[]; prefixes: readonly string[] }[]>;
}

/**
 * Server-facing ports, LAGs and VLANs get the fabric MTU less this, so a full-size frame still
 * fits the fabric once VXLAN (50 bytes) is added, with room to spare.
 */
export { SERVER_MTU_OFFSET } from './port-settings.js';

export const vrfName = (id: number): string => `Vrf${id}`;
export const vrfTable = (id: number): number => 1000 + id;
export const transitOwner = (vpc: string): string => vpc;
export const externalOwner = (external: string): string => `external:${external}`;
export const subnetOwner = (vpc: string, subnet: string): string => `${vpc}/${subnet}`;

/** Which VLAN owners need a number on this switch, for the per-switch allocation. */
export function vlanOwners(contents: SwitchContents, ctx: DeviceContext, os: string): string[] {
  const owners: string[] = [];
  for (const [vpc, part] of contents.parts) owners.push(...partVlanOwners(vpc, part, ctx.placements.get(vpc)?.method));
  for (const vpc of contents.peerVrfs) owners.push(transitOwner(vpc));
  if (os === 'sonic') for (const e of contents.externals) owners.push(externalOwner(e));
  // the default sort orders by UTF-16 code units, as compareText does, without a callback
  return [...new Set(owners)].sort();
}

/**
 * The VLAN owners of a VPC's part of a switch, kept by the part: the same strings each time
 * (sorting strings made anew costs more than sorting the same ones again).
 */
const partOwners = new WeakMap<SwitchPart, { readonly vpc: string; readonly method: string | undefined; readonly owners: readonly string[] }>();

function partVlanOwners(vpc: string, part: SwitchPart, method: string | undefined): readonly string[] {
  const hit = partOwners.get(part);
  if (hit !== undefined && hit.vpc === vpc && hit.method === method) return hit.owners;
  const owners: string[] = [];
  if (method !== 'vlan') {
    for (const s of part.subnets) owners.push(subnetOwner(vpc, s));
    if (method === 'evpn-l3vni' && part.vrf) owners.push(transitOwner(vpc));
  }
  partOwners.set(part, { vpc, method, owners });
  return owners;
}

export function deriveMac(routerId: string): string {
  const value = parseIpv4(routerId) ?? 0;
  const bytes = [0x02, 0x00, value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const rt = (policy: ResolvedPolicy, vni: number): string => `${policy.routeTargetAsn}:${vni}`;

/** EVPN multihoming timers: SONiC's YANG defaults (EVPN_MH_GLOBAL), written out for FRR too. */
export const EVPN_MH: EvpnMultihomingIntent = { startupDelay: 300, macHoldtime: 1080, neighHoldtime: 1080 };
/** The designated-forwarder preference of an ESI-LAG's preferred leaf (the others keep 32767). */
export const PREFERRED_DF = 65535;

/** The ports with host BGP sessions made routed (unnumbered) in their VPC's VRF. */
function withRoutedPorts(ports: readonly PortIntent[], routed: ReadonlyMap<string, string>): readonly PortIntent[] {
  if (routed.size === 0) return ports;
  return ports.map((port) => {
    const vrf = routed.get(port.name);
    return vrf === undefined ? port : { ...port, unnumbered: true, vrf };
  });
}

export function buildDevice(name: string, contents: SwitchContents, vlans: ReadonlyMap<string, number>, ctx: DeviceContext): DeviceIntent | undefined {
  const sw = ctx.fabric.switches.get(name);
  const numbers = ctx.numbers.get(name);
  if (sw === undefined || numbers === undefined) return undefined;
  const routerId = numbers.loopback;
  const mtu = ctx.policy.underlay.mtu;
  const serverMtu = mtu - SERVER_MTU_OFFSET;
  const wired = wiredParts(name, ctx, numbers);
  const vrfs: VrfIntent[] = [];
  const acls: AclIntent[] = [];
  const vlanList: VlanIntent[] = [];
  const l2vnis: L2VniIntent[] = [];
  const routed = new Map<string, string>();
  for (const [vpcKey, part] of [...contents.parts].sort(([a], [b]) => compareText(a, b))) {
    const built = buildPart(name, vpcKey, part, routerId, vlans, ctx, sw.spec.os, numbers);
    if (built === undefined) continue;
    const vrf = built.vrf;
    if (vrf !== undefined) for (const n of vrf.hostNeighbors ?? []) routed.set(n.interface, vrf.name);
    vlanList.push(...built.vlans);
    l2vnis.push(...built.l2vnis);
    if (built.vrf !== undefined) vrfs.push(built.vrf);
    if (built.acl !== undefined) acls.push(built.acl);
  }
  for (const vpcKey of contents.peerVrfs) {
    const vpc = ctx.intents.vpcs.get(vpcKey);
    const alloc = ctx.vpcNumbers.get(vpcKey);
    if (vpc !== undefined && alloc !== undefined) vrfs.push(buildVpcVrf(vpc, alloc, routerId, vlans, ctx, sw.spec.os));
  }
  let externalPorts: PortIntent[] = [];
  const subInterfaces: SubInterfaceIntent[] = [];
  for (const extKey of contents.externals) {
    const built = buildExternalVrf(name, extKey, routerId, vlans, ctx, sw.spec.os);
    if (built !== undefined) {
      vrfs.push(built.vrf);
      // a port shared by attachments on several VLANs (of one or more Externals) is listed once
      const fresh = built.ports.filter((p, i) => !externalPorts.some((q) => q.name === p.name) && built.ports.findIndex((q) => q.name === p.name) === i);
      externalPorts = [...externalPorts, ...withPortHardware(fresh, sw)];
      subInterfaces.push(...built.subInterfaces);
      acls.push(...built.acls);
    }
  }
  const vrfNames = new Set(vrfs.map((v) => v.name));
  for (const vrf of vrfs) {
    const transit = transitVlan(vrf, serverMtu);
    if (transit !== undefined) vlanList.push(transit);
  }
  const finalVrfs = vrfs
    // a VRF whose leaks all have their source here is kept as it is, so its rendering is reused
    .map((v) => (v.leaks.every((l) => vrfNames.has(l.fromVrf)) ? v : { ...v, leaks: v.leaks.filter((l) => vrfNames.has(l.fromVrf)) }))
    .sort((a, b) => compareNatural(a.name, b.name));
  const hasVtep = vlanList.some((v) => v.vni !== undefined) || finalVrfs.some((v) => v.l3vni !== undefined);
  const anycast = vlanList.some((v) => v.svi?.anycastGateway === true);
  const ports = withRoutedPorts(wired.ports, routed);
  const multihomed = wired.portChannels.some((p) => p.ethernetSegment !== undefined);
  return {
    name,
    role: sw.spec.role,
    os: sw.spec.os,
    ...(sw.spec.description === undefined ? {} : { description: sw.spec.description }),
    asn: numbers.asn,
    routerId,
    mac: (sw.spec.mac ?? wired.derivedMac).toLowerCase(),
    mtu,
    loopback: `${routerId}/32`,
    ports: externalPorts.length === 0 ? ports : [...ports, ...externalPorts].sort((a, b) => compareNatural(a.name, b.name)),
    portChannels: wired.portChannels,
    vlans: vlanList.sort((a, b) => a.id - b.id),
    vrfs: finalVrfs,
    ...(hasVtep ? { vtep: { name: 'vtep1', nvo: 'nvo1', sourceIp: routerId } } : {}),
    ...(anycast ? { anycastGatewayMac: ctx.policy.anycastGatewayMac } : {}),
    bgp: {
      asn: numbers.asn,
      routerId,
      neighbors: wired.neighbors,
      networks: [`${routerId}/32`],
      evpn: true,
      advertiseAllVni: hasVtep,
      l2vnis: l2vnis.sort((a, b) => a.vni - b.vni),
      maximumPaths: 64,
    },
    templates: [],
    ...(acls.length === 0 ? {} : { acls: acls.sort((a, b) => compareNatural(a.name, b.name)) }),
    ...(wired.breakouts.length === 0 ? {} : { breakouts: wired.breakouts }),
    ...(subInterfaces.length === 0 ? {} : { subInterfaces: subInterfaces.sort((a, b) => compareNatural(a.port, b.port) || a.vlan - b.vlan) }),
    ...(multihomed ? { evpnMultihoming: EVPN_MH } : {}),
  };
}

/**
 * What a recompile reuses of an earlier build, so that an unchanged part of a switch is the
 * same object as before (and its rendering is reused too). Each entry holds what it was built
 * from; it is taken only when all of that is the same (by identity, or by value for numbers).
 */
interface WiredBuild {
  readonly fabric: FabricIndex;
  readonly policy: ResolvedPolicy;
  readonly links: Readonly<Record<string, string>>;
  readonly numbers: ReadonlyMap<string, SwitchNumbers>;
  readonly ports: readonly PortIntent[];
  readonly neighbors: readonly BgpNeighborIntent[];
  readonly portChannels: readonly PortChannelIntent[];
  readonly breakouts: readonly BreakoutIntent[];
  /** the MAC derived from the router id (the switch's own MAC, when it has one, wins) */
  readonly derivedMac: string;
}

interface PartBuild {
  readonly sw: string;
  readonly info: VpcInfo;
  readonly alloc: VpcAllocation;
  readonly policy: ResolvedPolicy;
  readonly numbers: SwitchNumbers;
  readonly os: string;
  /** the VLAN of each subnet of the part, then the transit VLAN */
  readonly vlanIds: readonly (number | undefined)[];
  readonly vlans: readonly VlanIntent[];
  readonly l2vnis: readonly L2VniIntent[];
  readonly vrf?: VrfIntent;
  /** the ingress ACL of a peered VPC's server ports (never on a reused part: those have no peers) */
  readonly acl?: AclIntent;
}

/** The ports, BGP sessions and PortChannels a switch has from the wiring, by its numbers. */
const wiredBuilds = new WeakMap<SwitchNumbers, WiredBuild & { readonly name: string }>();
/** A VPC's VLANs, L2VNIs and VRF on a switch, by its placement there. */
const partBuilds = new WeakMap<SwitchPart, PartBuild>();
/** The L3VNI transit VLAN of a VRF. */
const transitVlans = new WeakMap<VrfIntent, { readonly mtu: number; readonly vlan: VlanIntent }>();

function wiredParts(name: string, ctx: DeviceContext, numbers: SwitchNumbers): WiredBuild {
  const hit = wiredBuilds.get(numbers);
  if (
    hit !== undefined &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a switch's numbers are its own
    hit.name === name &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a full compile makes new numbers, and only it changes the wiring, policy or links
    hit.fabric === ctx.fabric &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a full compile makes new numbers, and only it changes the wiring, policy or links
    hit.policy === ctx.policy &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a full compile makes new numbers, and only it changes the wiring, policy or links
    hit.links === ctx.links &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a full compile makes new numbers, and only it changes the wiring, policy or links
    hit.numbers === ctx.numbers
  ) {
    return hit;
  }
  const mtu = ctx.policy.underlay.mtu;
  const { ports, neighbors } = buildPorts(name, ctx, mtu, numbers);
  const built = {
    name,
    fabric: ctx.fabric,
    policy: ctx.policy,
    links: ctx.links,
    numbers: ctx.numbers,
    ports: withPortHardware(ports.sort((a, b) => compareNatural(a.name, b.name)), ctx.fabric.switches.get(name)),
    neighbors,
    portChannels: buildPortChannels(name, ctx, mtu - SERVER_MTU_OFFSET, numbers),
    breakouts: breakoutsOf(ctx.fabric.switches.get(name)),
    derivedMac: deriveMac(numbers.loopback),
  };
  wiredBuilds.set(numbers, built);
  return built;
}

function partVlanIds(vpcKey: string, part: SwitchPart, alloc: VpcAllocation, vlans: ReadonlyMap<string, number>, os: string): (number | undefined)[] {
  const ids = part.subnets.map((s) => vlans.get(subnetOwner(vpcKey, s)));
  if (part.vrf && alloc.vni !== undefined && os === 'sonic') ids.push(vlans.get(transitOwner(vpcKey)));
  return ids;
}

function sameIds(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * A VPC's part of a switch. Reused from an earlier build when its placement, checked VPC,
 * numbers and VLANs are the same and it has no peerings (those depend on other VPCs).
 */
function buildPart(
  sw: string,
  vpcKey: string,
  part: SwitchPart,
  routerId: string,
  vlans: ReadonlyMap<string, number>,
  ctx: DeviceContext,
  os: string,
  numbers: SwitchNumbers,
): Pick<PartBuild, 'vlans' | 'l2vnis' | 'vrf' | 'acl'> | undefined {
  const vpc = ctx.intents.vpcs.get(vpcKey);
  const alloc = ctx.vpcNumbers.get(vpcKey);
  if (vpc === undefined || alloc === undefined) return undefined;
  const alone = (ctx.peeringsByVpc.get(vpcKey)?.length ?? 0) === 0 && (ctx.externalPeersByVpc.get(vpcKey)?.length ?? 0) === 0;
  const vlanIds = partVlanIds(vpcKey, part, alloc, vlans, os);
  const hit = alone ? partBuilds.get(part) : undefined;
  if (
    hit !== undefined &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a placement makes a part for one switch
    hit.sw === sw &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a recompile places again every VPC whose checked form changed, so a kept part has the same one
    hit.info === vpc &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a kept part's VPC keeps its numbers (a VPC given numbers anew is placed anew, or had no part built)
    hit.alloc === alloc &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the policy changes only in a full compile, which places every VPC anew
    hit.policy === ctx.policy &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the switch numbers change only in a full compile, which places every VPC anew
    hit.numbers === numbers &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a switch changes only in a full compile, which places every VPC anew
    hit.os === os &&
    sameIds(hit.vlanIds, vlanIds)
  ) {
    return hit;
  }
  const serverMtu = ctx.policy.underlay.mtu - SERVER_MTU_OFFSET;
  const lagOf = (connection: string): string | undefined => {
    const n = numbers.portChannels[connection];
    return n === undefined ? undefined : `PortChannel${n}`;
  };
  const vlanList: VlanIntent[] = [];
  const l2vnis: L2VniIntent[] = [];
  for (const subnetName of part.subnets) {
    const subnet = vpc.subnets.find((s) => s.name === subnetName);
    const id = vlans.get(subnetOwner(vpcKey, subnetName));
    if (subnet === undefined || id === undefined) continue;
    const vni = alloc.subnets[subnetName]?.vni;
    const members: VlanMember[] = [];
    for (const m of part.members) {
      if (m.subnet !== subnetName) continue;
      members.push({ interface: m.bundled ? (lagOf(m.connection) ?? m.port) : m.port, tagged: m.tagged });
    }
    vlanList.push({
      id,
      name: `Vlan${id}`,
      description: `${vpcKey} ${subnetName}`,
      mtu: serverMtu,
      members: dedupeMembers(members),
      ...(vni === undefined ? {} : { vni }),
      ...(part.gateways
        ? {
            svi: {
              vrf: vrfName(alloc.vrf),
              address: `${subnet.gateway}/${subnet.prefix.length}`,
              anycastGateway: alloc.isolation !== 'vlan',
              ...(subnet.dhcp === undefined ? {} : { dhcp: subnet.dhcp }),
              ...dhcpRelayOf(subnet, ctx.policy, alloc.vrf),
            },
          }
        : {}),
      owner: { vpc: vpcKey, subnet: subnetName },
    });
    if (vni !== undefined) l2vnis.push({ vni, vlan: id, rd: `${routerId}:${id}`, routeTargets: { import: [rt(ctx.policy, vni)], export: [rt(ctx.policy, vni)] } });
  }
  // a switch with the VPC's VRF has its gateways too (placement gives both or neither)
  const vrf = part.vrf ? withHostNeighbors(withStaticRoutes(buildVpcVrf(vpc, alloc, routerId, vlans, ctx, os), vpc, part.subnets), vpc, part, ctx) : undefined;
  const serverPorts = part.members.filter((m) => m.kind === 'server').map((m) => (m.bundled ? (lagOf(m.connection) ?? m.port) : m.port));
  const acl = buildVpcAcl(vpc, alloc.vrf, serverPorts, ctx);
  const built: PartBuild = { sw, info: vpc, alloc, policy: ctx.policy, numbers, os, vlanIds, vlans: vlanList, l2vnis, ...(vrf === undefined ? {} : { vrf }), ...(acl === undefined ? {} : { acl }) };
  if (alone) partBuilds.set(part, built);
  return built;
}

/** The VPC's static routes whose next hops are on a subnet with its gateway on this switch. */
function withStaticRoutes(vrf: VrfIntent, vpc: VpcInfo, gatewaySubnets: readonly string[]): VrfIntent {
  const staticRoutes: StaticRouteIntent[] = [];
  for (const route of vpc.inside.staticRoutes) {
    const nextHops = route.nextHops.filter((hop) => gatewaySubnets.includes(hop.subnet)).map((hop) => hop.address);
    if (nextHops.length > 0) staticRoutes.push({ prefix: route.prefix, nextHops });
  }
  return staticRoutes.length === 0 ? vrf : { ...vrf, staticRoutes };
}

/** The unnumbered sessions of the servers on this switch's ports of the VPC's host BGP subnets. */
function withHostNeighbors(vrf: VrfIntent, vpc: VpcInfo, part: SwitchPart, ctx: DeviceContext): VrfIntent {
  const neighbors: HostNeighborIntent[] = [];
  for (const m of part.members) {
    const subnet = m.hostBgp === true ? vpc.subnets.find((s) => s.name === m.subnet) : undefined;
    if (subnet?.hostBgp === undefined) continue;
    // a member's connection is a server link, with a server port for each switch port
    const link = ctx.fabric.serverLinks.get(m.connection);
    const serverPort = link?.serverPorts[link.switchPorts.indexOf(m.port)];
    neighbors.push({
      interface: m.port,
      description: `${String(link?.server)}/${String(serverPort)} ${vpc.key}/${subnet.name}`,
      prefix: subnet.cidr,
      minPrefixLen: subnet.hostBgp.minPrefixLen,
      maxPrefixes: subnet.hostBgp.maxPrefixes,
      policyName: `host-${m.port.toLowerCase()}`,
    });
  }
  if (neighbors.length === 0) return vrf;
  return { ...vrf, hostNeighbors: neighbors.sort((a, b) => compareNatural(a.interface, b.interface)) };
}

/** The VLAN that carries a VRF's L3VNI on a SONiC switch, if it has one. */
function transitVlan(vrf: VrfIntent, serverMtu: number): VlanIntent | undefined {
  if (vrf.l3vni === undefined || vrf.transitVlan === undefined) return undefined;
  const hit = transitVlans.get(vrf);
  if (hit?.mtu === serverMtu) return hit.vlan;
  const vlan: VlanIntent = {
    id: vrf.transitVlan,
    name: `Vlan${vrf.transitVlan}`,
    description: `${vrf.description} L3VNI`,
    mtu: serverMtu,
    members: [],
    vni: vrf.l3vni,
    svi: { vrf: vrf.name, anycastGateway: false },
    // every VRF is a VPC's or an External's
    owner: { vpc: vrf.owner.vpc ?? String(vrf.owner.external) },
  };
  transitVlans.set(vrf, { mtu: serverMtu, vlan });
  return vlan;
}

function dedupeMembers(members: VlanMember[]): VlanMember[] {
  const seen = new Map<string, VlanMember>();
  for (const m of members) if (!seen.has(m.interface)) seen.set(m.interface, m);
  return [...seen.values()].sort((a, b) => compareNatural(a.interface, b.interface));
}

function buildPorts(name: string, ctx: DeviceContext, mtu: number, numbers: SwitchNumbers): { ports: PortIntent[]; neighbors: BgpNeighborIntent[] } {
  const ports: PortIntent[] = [];
  const neighbors: BgpNeighborIntent[] = [];
  const numbered = ctx.policy.underlay.links !== 'unnumbered';
  for (const link of ctx.fabric.fabricLinks) {
    const mine = link.spine === name ? 'spine' : link.leaf === name ? 'leaf' : undefined;
    if (mine === undefined) continue;
    const port = mine === 'spine' ? link.spinePort : link.leafPort;
    const peerDevice = mine === 'spine' ? link.leaf : link.spine;
    const peerPort = mine === 'spine' ? link.leafPort : link.spinePort;
    const block = ctx.links[link.connection];
    const base = block === undefined ? undefined : parseIpv4(String(block.split('/')[0]));
    const local = base === undefined ? undefined : base + (mine === 'spine' ? 0 : 1);
    const remote = base === undefined ? undefined : base + (mine === 'spine' ? 1 : 0);
    const peerAsn = ctx.numbers.get(peerDevice)?.asn;
    ports.push({
      name: port,
      kind: 'fabric',
      description: `${peerDevice}/${peerPort}`,
      mtu,
      addresses: numbered && local !== undefined ? [`${formatAddress(local)}/31`] : [],
      unnumbered: !numbered,
      peer: `${peerDevice}/${peerPort}`,
    });
    if (numbered && remote !== undefined && peerAsn !== undefined) {
      neighbors.push({ address: formatAddress(remote), remoteAs: peerAsn, description: peerDevice, evpn: true });
    } else if (!numbered) {
      neighbors.push({ interface: port, remoteAs: 'external', description: peerDevice, evpn: true });
    }
  }
  for (const connection of ctx.fabric.connectionsBySwitch.get(name) ?? []) {
    const server = ctx.fabric.serverLinks.get(connection);
    const leg = server?.legs.find((l) => l.switch === name);
    if (server !== undefined && leg !== undefined) {
      leg.switchPorts.forEach((port, i) => {
        const lag = numbers.portChannels[connection];
        // a leg has a server port for each switch port
        const peer = `${server.server}/${String(leg.serverPorts[i])}`;
        ports.push({
          name: port,
          kind: 'server',
          description: peer,
          mtu: server.mtu ?? mtu - SERVER_MTU_OFFSET,
          addresses: [],
          unnumbered: false,
          peer,
          ...(lag === undefined ? {} : { portChannel: `PortChannel${lag}` }),
        });
      });
    }
    for (const trunk of ctx.fabric.trunks) {
      if (trunk.connection !== connection) continue;
      const [port, peer] = trunk.a === name ? [trunk.aPort, `${trunk.b}/${trunk.bPort}`] : [trunk.bPort, `${trunk.a}/${trunk.aPort}`];
      ports.push({ name: port, kind: 'trunk', description: peer, mtu, addresses: [], unnumbered: false, peer });
    }
  }
  // a fabric neighbor has an interface or an address
  neighbors.sort((a, b) => compareNatural(String(a.interface ?? a.address), String(b.interface ?? b.address)));
  return { ports, neighbors };
}

function formatAddress(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function buildPortChannels(name: string, ctx: DeviceContext, mtu: number, numbers: SwitchNumbers): PortChannelIntent[] {
  const out: PortChannelIntent[] = [];
  for (const [connection, n] of Object.entries(numbers.portChannels)) {
    const link = ctx.fabric.serverLinks.get(connection);
    const leg = link?.legs.find((l) => l.switch === name);
    if (link === undefined || leg === undefined) continue;
    const segment = link.segment;
    out.push({
      name: `PortChannel${n}`,
      description: link.server,
      mtu: link.mtu ?? mtu,
      members: [...leg.switchPorts],
      ...(link.fallback === true ? { fallback: true } : {}),
      ...(segment === undefined
        ? {}
        : {
            systemMac: segment.systemMac,
            ethernetSegment: { esi: segment.esi, ...(segment.preferredForwarder === name ? { dfPreference: PREFERRED_DF } : {}) },
          }),
    });
  }
  return out.sort((a, b) => compareNatural(a.name, b.name));
}

function buildVpcVrf(vpc: VpcInfo, alloc: VpcAllocation, routerId: string, vlans: ReadonlyMap<string, number>, ctx: DeviceContext, os: string): VrfIntent {
  const name = vrfName(alloc.vrf);
  const imports: string[] = [];
  const exports: string[] = [];
  if (alloc.vni !== undefined) {
    imports.push(rt(ctx.policy, alloc.vni));
    exports.push(rt(ctx.policy, alloc.vni));
  }
  const leaks: VrfLeak[] = [];
  // routes from outside enter the VPC on the border only, by a filtered leak from the External's
  // VRF (it is dropped below on switches without that VRF); the VPC's L3VNI carries them on
  for (const peer of ctx.externalPeersByVpc.get(vpc.key) ?? []) {
    const ext = ctx.externalNumbers.get(peer.external);
    if (ext === undefined) continue;
    leaks.push({
      fromVrf: vrfName(ext.vrf),
      prefixes: peer.prefixes,
      orLonger: true,
      policyName: `${vrfName(alloc.vrf).toLowerCase()}-from-${vrfName(ext.vrf).toLowerCase()}`,
    });
  }
  for (const peering of ctx.peeringsByVpc.get(vpc.key) ?? []) {
    const otherKey = peering.a === vpc.key ? peering.b : peering.a;
    const otherSubnets = peering.a === vpc.key ? peering.bSubnets : peering.aSubnets;
    const other = ctx.intents.vpcs.get(otherKey);
    const otherAlloc = ctx.vpcNumbers.get(otherKey);
    if (other === undefined || otherAlloc === undefined) continue;
    leaks.push({
      fromVrf: vrfName(otherAlloc.vrf),
      prefixes: other.subnets.filter((s) => otherSubnets.includes(s.name)).map((s) => s.cidr),
      policyName: `${vrfName(alloc.vrf).toLowerCase()}-from-${vrfName(otherAlloc.vrf).toLowerCase()}`,
    });
  }
  const transit = alloc.vni === undefined || os !== 'sonic' ? undefined : vlans.get(transitOwner(vpc.key));
  return {
    name,
    tableId: vrfTable(alloc.vrf),
    description: vpc.key,
    owner: { vpc: vpc.key },
    ...(alloc.vni === undefined ? {} : { l3vni: alloc.vni }),
    ...(transit === undefined ? {} : { transitVlan: transit }),
    rd: `${routerId}:${10000 + alloc.vrf}`,
    routeTargets: { import: [...new Set(imports)].sort(compareText), export: exports },
    leaks: leaks.sort((a, b) => compareNatural(a.fromVrf, b.fromVrf)),
    neighbors: [],
  };
}

function buildExternalVrf(
  sw: string,
  extKey: string,
  routerId: string,
  vlans: ReadonlyMap<string, number>,
  ctx: DeviceContext,
  os: string,
): { vrf: VrfIntent; ports: PortIntent[]; subInterfaces: SubInterfaceIntent[]; acls: AclIntent[] } | undefined {
  const ext = ctx.intents.externals.get(extKey);
  const alloc = ctx.externalNumbers.get(extKey);
  if (ext === undefined || alloc === undefined) return undefined;
  const name = vrfName(alloc.vrf);
  const peers = ctx.vpcPeersByExternal.get(extKey) ?? [];
  const prefixesOut = new Set<string>();
  const prefixesIn = new Set<string>();
  // each peered VPC's VRF is on this border too; the External's VRF takes only the permitted
  // subnets from it, so two VPCs peered with one External never meet here
  const leaks: VrfLeak[] = [];
  for (const p of peers) {
    const vpcAlloc = ctx.vpcNumbers.get(p.vpc);
    const vpc = ctx.intents.vpcs.get(p.vpc);
    if (vpcAlloc?.vni === undefined || vpc === undefined) continue;
    const permitted = vpc.subnets.filter((s) => p.subnets.includes(s.name)).map((s) => s.cidr);
    permitted.forEach((c) => prefixesOut.add(c));
    p.prefixes.forEach((x) => prefixesIn.add(x));
    leaks.push({ fromVrf: vrfName(vpcAlloc.vrf), prefixes: permitted, policyName: `${name.toLowerCase()}-from-${vrfName(vpcAlloc.vrf).toLowerCase()}` });
  }
  const ports: PortIntent[] = [];
  const subInterfaces: SubInterfaceIntent[] = [];
  const acls: AclIntent[] = [];
  const neighbors: ExternalNeighborIntent[] = [];
  const staticRoutes: StaticRouteIntent[] = [];
  for (const link of ext.links) {
    if (link.switch !== sw) continue;
    const parts = attachmentParts(link, name, extKey);
    ports.push(parts.port);
    if (parts.subInterface !== undefined) subInterfaces.push(parts.subInterface);
    if (parts.acl !== undefined) acls.push(parts.acl);
    if (ext.static !== undefined) {
      // a static External: its prefixes through the next hop, on the attachment whose subnet has it
      const own = parseCidr(link.address);
      const hop = parseIpv4(ext.static.nextHop);
      if (own !== undefined && hop !== undefined && prefixContains(own.prefix, hop)) {
        for (const prefix of ext.static.prefixes) staticRoutes.push({ prefix, nextHops: [ext.static.nextHop] });
      }
      continue;
    }
    neighbors.push({
      address: link.peerIp,
      asn: link.peerAsn,
      description: `${extKey} ${link.connection}${link.vlan === undefined ? '' : ` VLAN ${link.vlan}`}`,
      port: link.port,
      prefixesIn: [...prefixesIn].sort(compareText),
      prefixesOut: [...prefixesOut].sort(compareText),
      policyName: `${name.toLowerCase()}-${link.connection}${link.vlan === undefined ? '' : `-${link.vlan}`}`,
      ...(ext.external.spec.inboundCommunity === undefined ? {} : { communityIn: ext.external.spec.inboundCommunity }),
      ...(ext.external.spec.outboundCommunity === undefined ? {} : { communityOut: ext.external.spec.outboundCommunity }),
    });
  }
  const transit = os === 'sonic' ? vlans.get(externalOwner(extKey)) : undefined;
  return {
    vrf: {
      name,
      tableId: vrfTable(alloc.vrf),
      description: `external ${extKey}`,
      owner: { external: extKey },
      l3vni: alloc.vni,
      ...(transit === undefined ? {} : { transitVlan: transit }),
      rd: `${routerId}:${10000 + alloc.vrf}`,
      routeTargets: { import: [rt(ctx.policy, alloc.vni)], export: [rt(ctx.policy, alloc.vni)] },
      leaks: leaks.sort((a, b) => compareNatural(a.fromVrf, b.fromVrf)),
      neighbors: neighbors.sort((a, b) => compareText(a.address, b.address)),
      ...(staticRoutes.length === 0 ? {} : { staticRoutes: uniqueRoutes(staticRoutes) }),
    },
    ports,
    subInterfaces,
    acls,
  };
}

/** One route per prefix (two attachments of a static External on one border share the next hop). */
function uniqueRoutes(routes: readonly StaticRouteIntent[]): StaticRouteIntent[] {
  const byPrefix = new Map<string, StaticRouteIntent>();
  for (const route of routes) byPrefix.set(route.prefix, route);
  return [...byPrefix.values()].sort((a, b) => compareText(a.prefix, b.prefix));
}
