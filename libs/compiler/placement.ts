/**
 * Placement: for each VPC, which switches carry which of its subnets, where its gateways and
 * VRF live, and which ports are members. Numbers come later; this stage only decides where.
 */
import type { IsolationMethod } from '#api';
import { DIAGNOSTIC_CODES as C, compareNatural, compareText, error, type Diagnostic } from '#domain';
import { treeEdges, type TrunkDomain } from './fabric.js';
import type { AttachmentInfo, VpcInfo } from './intents.js';

export interface MemberPlacement {
  readonly subnet: string;
  /** the connection the member comes from (a server link or a trunk) */
  readonly connection: string;
  readonly kind: 'server' | 'trunk';
  /** switch port (for a LAG, the PortChannel is resolved by the device builder) */
  readonly port: string;
  readonly bundled: boolean;
  readonly tagged: boolean;
  /** a host BGP subnet: the port is routed in the VPC's VRF, with no VLAN */
  readonly hostBgp?: boolean;
}

export interface SwitchPart {
  /** subnets with a VLAN on this switch, sorted */
  readonly subnets: readonly string[];
  /** gateway SVIs for those subnets live here */
  readonly gateways: boolean;
  /** the VPC's VRF lives here */
  readonly vrf: boolean;
  readonly members: readonly MemberPlacement[];
}

export interface VpcPlacement {
  readonly vpc: string;
  readonly method: IsolationMethod;
  readonly switches: ReadonlyMap<string, SwitchPart>;
  /** vlan method: the switch holding the gateways */
  readonly gatewaySwitch?: string;
  /** vlan method: the trunk domain used */
  readonly domain?: string;
  readonly diagnostics: readonly Diagnostic[];
}

function serverMembers(attachments: readonly AttachmentInfo[]): Map<string, MemberPlacement[]> {
  const bySwitch = new Map<string, MemberPlacement[]>();
  for (const a of attachments) {
    for (const leg of a.link.legs) {
      const list = bySwitch.get(leg.switch) ?? [];
      for (const port of a.link.bundled ? leg.switchPorts.slice(0, 1) : leg.switchPorts) {
        list.push({ subnet: a.subnet, connection: a.link.connection, kind: 'server', port, bundled: a.link.bundled, tagged: !a.native, ...(a.hostBgp ? { hostBgp: true } : {}) });
      }
      bySwitch.set(leg.switch, list);
    }
  }
  return bySwitch;
}

function sortMembers(members: MemberPlacement[]): MemberPlacement[] {
  return members.sort((x, y) => compareText(x.subnet, y.subnet) || compareNatural(x.port, y.port) || compareText(x.connection, y.connection));
}

export function placeVpc(
  vpc: VpcInfo,
  attachments: readonly AttachmentInfo[],
  domains: ReadonlyMap<string, TrunkDomain>,
): VpcPlacement {
  const method = vpc.decision.method;
  const members = serverMembers(attachments);
  const switches = new Map<string, SwitchPart>();
  if (method === 'evpn-l3vni') {
    // symmetric IRB: a leaf carries only the subnets attached to it, routing the rest over the L3VNI
    for (const [sw, list] of members) {
      // a host BGP subnet has no VLAN: its servers are routed in the VRF
      const subnets = [...new Set(list.filter((m) => m.hostBgp !== true).map((m) => m.subnet))].sort(compareText);
      switches.set(sw, { subnets, gateways: true, vrf: true, members: sortMembers(list) });
    }
    return { vpc: vpc.key, method, switches, diagnostics: [] };
  }
  if (method === 'evpn-l2vni') {
    // asymmetric IRB: every leaf of the VPC carries every attached subnet, to route between them locally
    const subnets = [...new Set(attachments.filter((a) => !a.hostBgp).map((a) => a.subnet))].sort(compareText);
    for (const [sw, list] of members) switches.set(sw, { subnets, gateways: true, vrf: true, members: sortMembers(list) });
    return { vpc: vpc.key, method, switches, diagnostics: [] };
  }
  return placeVlanVpc(vpc, attachments, members, domains);
}

function placeVlanVpc(
  vpc: VpcInfo,
  attachments: readonly AttachmentInfo[],
  members: Map<string, MemberPlacement[]>,
  domains: ReadonlyMap<string, TrunkDomain>,
): VpcPlacement {
  const attached = [...members.keys()].sort(compareNatural);
  const gatewaySwitch = attached[0];
  const switches = new Map<string, SwitchPart>();
  if (gatewaySwitch === undefined) return { vpc: vpc.key, method: 'vlan', switches, diagnostics: [] };
  const domain = domains.get(gatewaySwitch);
  const outside = attached.filter((s) => s !== gatewaySwitch && (domain === undefined || domains.get(s) !== domain));
  if (outside.length > 0) {
    const rule = vpc.decision.rule === 'default' ? 'the policy default' : `policy rule ${vpc.decision.rule}`;
    const diagnostic = error(
      C.VLAN_UNJOINABLE,
      `VPC ${vpc.key} spec.subnets`,
      `isolation vlan (chosen by ${rule}) needs every attachment in one trunk domain, but ${gatewaySwitch} and ${outside.join(', ')} are not joined by trunk connections`,
      'add trunk connections between these switches, or give this VPC an EVPN method (evpn-l2vni or evpn-l3vni) in the FabricPolicy',
    );
    return { vpc: vpc.key, method: 'vlan', switches, diagnostics: [diagnostic] };
  }
  const subnets = [...new Set(attachments.map((a) => a.subnet))].sort(compareText);
  const perSwitch = new Map<string, { subnets: Set<string>; members: MemberPlacement[] }>();
  const part = (sw: string): { subnets: Set<string>; members: MemberPlacement[] } => {
    let p = perSwitch.get(sw);
    if (p === undefined) {
      p = { subnets: new Set(), members: [] };
      perSwitch.set(sw, p);
    }
    return p;
  };
  for (const subnet of subnets) {
    // Stryker disable next-line OptionalChaining: equivalent, attached are the keys of members
    const reach = [gatewaySwitch, ...attached.filter((s) => members.get(s)?.some((m) => m.subnet === subnet) === true)];
    for (const sw of reach) part(sw).subnets.add(subnet);
    if (domain === undefined) continue;
    for (const edge of treeEdges(domain, reach)) {
      part(edge.a).subnets.add(subnet);
      part(edge.b).subnets.add(subnet);
      part(edge.a).members.push({ subnet, connection: edge.connection, kind: 'trunk', port: edge.aPort, bundled: false, tagged: true });
      part(edge.b).members.push({ subnet, connection: edge.connection, kind: 'trunk', port: edge.bPort, bundled: false, tagged: true });
    }
  }
  for (const [sw, list] of members) part(sw).members.push(...list.filter((m) => part(sw).subnets.has(m.subnet)));
  for (const [sw, p] of perSwitch) {
    switches.set(sw, {
      subnets: [...p.subnets].sort(compareText),
      gateways: sw === gatewaySwitch,
      vrf: sw === gatewaySwitch,
      members: sortMembers(p.members),
    });
  }
  return { vpc: vpc.key, method: 'vlan', switches, gatewaySwitch, ...(domain === undefined ? {} : { domain: domain.id }), diagnostics: [] };
}
