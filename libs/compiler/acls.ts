/**
 * Packet filters for isolation inside a VPC and for peering permits. A VPC's routes can lead out of it (a peered VPC's leaked
 * subnets, an External's prefixes); a route filter only decides which routes exist, so a subnet
 * that is not permitted could still send one-way packets along them (ADR 7). Each switch where
 * such a VPC has server ports gets an ingress ACL on them: the VPC's own subnets pass, then the
 * permitted (source, destination) pairs, then everything towards the peers is dropped.
 */
import { compareNatural, type AclIntent, type AclRuleIntent } from '#domain';
import type { DeviceContext } from './devices.js';
import { insideReach } from './inside-vpc.js';
import type { VpcInfo } from './intents.js';

/** Link-local multicast and limited broadcast stay inside the subnet; a drop towards 0.0.0.0/0 must not catch them. */
const LOCAL_DESTINATIONS = ['224.0.0.0/4', '255.255.255.255/32'];

export const aclName = (vrfId: number): string => `WEFT_VRF${vrfId}`;

/**
 * Address order, then shorter first. The prefixes here are canonical (formatPrefix: no host bits,
 * no leading zeros), and for those the natural order, which compares the digit runs as numbers,
 * is exactly that.
 */
const comparePrefixes = compareNatural;

interface Pair {
  readonly source: string;
  readonly destination: string;
}

function uniqueSorted(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes)].sort(comparePrefixes);
}

function uniquePairs(pairs: readonly Pair[]): Pair[] {
  const byKey = new Map(pairs.map((p) => [`${p.source} ${p.destination}`, p]));
  return [...byKey.values()].sort((a, b) => comparePrefixes(a.source, b.source) || comparePrefixes(a.destination, b.destination));
}

interface Reach {
  /** towards peered VPCs: the permitted pairs, then every subnet of the peers */
  readonly peerPermits: Pair[];
  readonly peerBlocked: string[];
  /** towards Externals: the permitted (subnet, prefix) pairs, then the prefixes */
  readonly externalPermits: Pair[];
  readonly externalBlocked: string[];
}

/** What the VPC may reach outside itself (pairs), and all its routes could lead to there. */
function peerReach(vpc: VpcInfo, ctx: DeviceContext): Reach {
  const cidrOf = (info: VpcInfo, names: readonly string[]): string[] => info.subnets.filter((s) => names.includes(s.name)).map((s) => s.cidr);
  const peerPermits: Pair[] = [];
  const peerBlocked: string[] = [];
  for (const peering of ctx.peeringsByVpc.get(vpc.key) ?? []) {
    const mineIsA = peering.a === vpc.key;
    const other = ctx.intents.vpcs.get(mineIsA ? peering.b : peering.a);
    if (other === undefined) continue;
    // a permit pair [a/x, b/y] lets x and y talk, both ways, and no other pair: the leaked
    // routes are per side ([x, z] of a reach [y, w] of b), so the pairs are kept here
    for (const [aSubnet, bSubnet] of peering.pairs) {
      const [mine, theirs] = mineIsA ? [aSubnet, bSubnet] : [bSubnet, aSubnet];
      for (const source of cidrOf(vpc, [mine])) for (const destination of cidrOf(other, [theirs])) peerPermits.push({ source, destination });
    }
    peerBlocked.push(...other.subnets.map((s) => s.cidr));
  }
  const externalPermits: Pair[] = [];
  const externalBlocked: string[] = [];
  for (const peer of ctx.externalPeersByVpc.get(vpc.key) ?? []) {
    for (const source of cidrOf(vpc, peer.subnets)) for (const destination of peer.prefixes) externalPermits.push({ source, destination });
    externalBlocked.push(...peer.prefixes);
  }
  return {
    peerPermits: uniquePairs(peerPermits),
    peerBlocked: uniqueSorted(peerBlocked),
    externalPermits: uniquePairs(externalPermits),
    externalBlocked: uniqueSorted(externalBlocked),
  };
}

function numbered(prefix: string, rules: readonly Omit<AclRuleIntent, 'name'>[]): AclRuleIntent[] {
  return rules.map((rule, index) => ({ name: `${prefix}_${index + 1}`, ...rule }));
}

/**
 * Isolation inside the VPC, settled before anything else: a restricted subnet's hosts reach
 * their gateway and not each other; an isolated subnet and every other subnet of the VPC do not
 * reach each other, both ways, unless a permit group names the pair. Rules match IPv4 only, so
 * ARP (and with it the gateway) keeps working.
 */
function insideRules(vpc: VpcInfo): Omit<AclRuleIntent, 'name'>[][] {
  const { isolated, restricted } = vpc.inside;
  if (isolated.length === 0 && restricted.length === 0) return [];
  const bySubnet = [...vpc.subnets].sort((a, b) => comparePrefixes(a.cidr, b.cidr));
  const restrictedSubnets = bySubnet.filter((s) => restricted.includes(s.name));
  const denied: Pair[] = [];
  for (const x of bySubnet) {
    for (const y of bySubnet) {
      if (x !== y && !insideReach(vpc.inside, x.name, y.name)) denied.push({ source: x.cidr, destination: y.cidr });
    }
  }
  return [
    restrictedSubnets.map((s) => ({ action: 'forward' as const, source: s.cidr, destination: `${s.gateway}/32` })),
    restrictedSubnets.map((s) => ({ action: 'drop' as const, source: s.cidr, destination: s.cidr })),
    denied.map((pair) => ({ action: 'drop' as const, ...pair })),
  ];
}

/**
 * The ACL of one VPC on one switch, bound to its server-facing ports there; undefined when the
 * VPC has no isolated or restricted subnet, no peering and no External, or no server port here.
 * `serverPorts`: its server-facing VLAN members there (ports, or PortChannels for LAGs).
 */
export function buildVpcAcl(vpc: VpcInfo, vrfId: number, serverPorts: readonly string[], ctx: DeviceContext): AclIntent | undefined {
  const ports = [...new Set(serverPorts)].sort(compareNatural);
  if (ports.length === 0) return undefined;
  const reach = peerReach(vpc, ctx);
  const [allowGateway = [], denyRestricted = [], denyIsolated = []] = insideRules(vpc);
  const isolating = allowGateway.length + denyRestricted.length + denyIsolated.length > 0;
  const peered = reach.peerBlocked.length > 0 || reach.externalBlocked.length > 0;
  if (!isolating && !peered) return undefined;
  // the VPC's own: its subnets and what its static routes lead to (a peered 0.0.0.0/0 must not catch those)
  const own = uniqueSorted([...vpc.subnets.map((s) => s.cidr), ...vpc.inside.staticRoutes.map((r) => r.prefix)]);
  // peered VPCs are settled before Externals: a permitted route to 0.0.0.0/0 must not open the
  // subnets of a peer that the peering does not permit
  const rules = [
    ...numbered('ALLOW_GATEWAY', allowGateway),
    ...numbered('DENY_RESTRICTED', denyRestricted),
    ...numbered('DENY_ISOLATED', denyIsolated),
    ...numbered('ALLOW_VPC', own.map((destination) => ({ action: 'forward' as const, destination }))),
    ...numbered('ALLOW_LOCAL', LOCAL_DESTINATIONS.map((destination) => ({ action: 'forward' as const, destination }))),
    ...numbered('PERMIT_PEER', reach.peerPermits.map((pair) => ({ action: 'forward' as const, ...pair }))),
    ...numbered('DENY_PEER', reach.peerBlocked.map((destination) => ({ action: 'drop' as const, destination }))),
    ...numbered('PERMIT_EXTERNAL', reach.externalPermits.map((pair) => ({ action: 'forward' as const, ...pair }))),
    ...numbered('DENY_EXTERNAL', reach.externalBlocked.map((destination) => ({ action: 'drop' as const, destination }))),
  ];
  const about = [isolating ? 'subnet isolation' : undefined, peered ? 'peerings and externals' : undefined].filter((x) => x !== undefined).join(', ');
  return { name: aclName(vrfId), description: `weft: ${vpc.key} ${about}`, ports, rules };
}
