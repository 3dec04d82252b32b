/**
 * What should reach what, derived from the intents alone (not from the compile): servers of one
 * VPC reach each other, across leaves and subnets, except where a subnet is isolated (no other
 * subnet of the VPC reaches it unless a permit group names the pair) or restricted (its hosts do
 * not reach each other); a VPC's static route leads its servers, and only them, to the address
 * behind it; VPCs that are not peered never reach each
 * other, even with the same CIDR; a peering lets only its permitted subnet pairs through, both
 * ways; an External peering lets its permitted subnets reach the outside prefixes and back.
 */
import type { ResourceSet } from '#domain';
import { parseCidr, parseIpv4, prefixContains } from '#domain';
import type { ServerAddress } from './addresses.js';
import type { LabPeer } from './plan.js';
import { planRouteHosts, type RouteHost } from './route-hosts.js';

export interface Endpoint {
  /** what the matrix shows: `server1 default/blue/web` */
  readonly label: string;
  /** the lab node the ping runs in or goes to */
  readonly node: string;
  readonly ip: string;
  readonly vpc?: string;
  readonly subnet?: string;
  readonly cidr?: string;
  /** the outside peer's connection, for a peer's probe address */
  readonly peer?: string;
}

export interface Probe {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly expect: boolean;
  readonly reason: string;
}

/** A server's endpoint: it always has its VPC, subnet and CIDR. */
export type ServerEndpoint = Endpoint & { readonly vpc: string; readonly subnet: string; readonly cidr: string };

export function serverEndpoint(a: ServerAddress): ServerEndpoint {
  return { label: `${a.server} ${a.vpc}/${a.subnet}`, node: a.server, ip: a.ip, vpc: a.vpc, subnet: a.subnet, cidr: a.cidr };
}

export function peerEndpoints(peer: LabPeer): Endpoint[] {
  return peer.probes.map((ip) => ({ label: `${peer.name} (outside) ${ip}`, node: peer.name, ip, peer: peer.name }));
}

/** Permitted subnet pairs of every peering, as `vpcA/subnet|vpcB/subnet` both ways. */
function peeringPairs(set: ResourceSet): { peered: Set<string>; pairs: Set<string> } {
  const peered = new Set<string>();
  const pairs = new Set<string>();
  for (const p of set.peerings) {
    const namespace = p.metadata.namespace ?? 'default';
    // a peering naming fewer than two VPCs finds no second one below
    const [nameA, nameB] = p.spec.vpcs;
    const a = set.vpcs.find((v) => v.metadata.name === nameA && (v.metadata.namespace ?? 'default') === namespace);
    const b = set.vpcs.find((v) => v.metadata.name === nameB && (v.metadata.namespace ?? 'default') === namespace);
    if (a === undefined || b === undefined) continue;
    const keyA = `${namespace}/${nameA}`;
    const keyB = `${namespace}/${nameB}`;
    peered.add(`${keyA}|${keyB}`).add(`${keyB}|${keyA}`);
    const permit =
      p.spec.permit ?? Object.keys(a.spec.subnets).flatMap((x) => Object.keys(b.spec.subnets).map((y) => [`${nameA}/${x}`, `${nameB}/${y}`]));
    // a permit pair names two subnets (the schema says so)
    for (const [x, y] of permit) pairs.add(`${namespace}/${x}|${namespace}/${y}`).add(`${namespace}/${y}|${namespace}/${x}`);
  }
  return { peered, pairs };
}

/** Whether `subnet` of `vpc` may reach `ip` through the External behind `peer`. */
function externalPermits(set: ResourceSet, peer: LabPeer, vpc: string, subnet: string, ip: string): boolean {
  const address = parseIpv4(ip);
  // Stryker disable next-line ConditionalExpression: equivalent, prefixContains is false for an undefined address too (undefined >= n is false); the guard keeps the types honest
  if (address === undefined) return false;
  return set.externalPeerings.some((ep) => {
    const namespace = ep.metadata.namespace ?? 'default';
    if (`${namespace}/${ep.spec.vpc}` !== vpc) return false;
    const attached = set.externalAttachments.some(
      (a) => (a.metadata.namespace ?? 'default') === namespace && a.spec.external === ep.spec.external && a.spec.connection === peer.name,
    );
    const external = set.externals.find((e) => e.metadata.name === ep.spec.external && (e.metadata.namespace ?? 'default') === namespace);
    if (!attached || external === undefined) return false;
    // without a list every subnet of the VPC is permitted, the server's own among them
    const subnets = ep.spec.permit?.subnets;
    if (subnets !== undefined && !subnets.includes(subnet)) return false;
    const prefixes = ep.spec.permit?.prefixes ?? external.spec.prefixes ?? ['0.0.0.0/0'];
    return prefixes.some((text) => {
      const prefix = parseCidr(text)?.prefix;
      return prefix !== undefined && prefixContains(prefix, address);
    });
  });
}

interface InsideRules {
  readonly isolated: ReadonlySet<string>;
  readonly restricted: ReadonlySet<string>;
  /** `x|y` both ways, for subnets a permit group names together */
  readonly permitted: ReadonlySet<string>;
}

/** Each VPC's isolated and restricted subnets (own flag, else the VPC default) and permit groups. */
function insideRules(set: ResourceSet): Map<string, InsideRules> {
  const out = new Map<string, InsideRules>();
  for (const v of set.vpcs) {
    const subnets = Object.entries(v.spec.subnets);
    const isolated = new Set(subnets.filter(([, s]) => s.isolated ?? v.spec.defaultIsolated ?? false).map(([n]) => n));
    const restricted = new Set(subnets.filter(([, s]) => s.restricted ?? v.spec.defaultRestricted ?? false).map(([n]) => n));
    // every pair of a group, both ways (a subnet with itself too: sameVpc never asks for that one)
    const permitted = new Set<string>();
    for (const group of v.spec.permit ?? []) for (const x of group) for (const y of group) permitted.add(`${x}|${y}`);
    out.set(`${v.metadata.namespace ?? 'default'}/${v.metadata.name}`, { isolated, restricted, permitted });
  }
  return out;
}

function sameVpc(a: ServerEndpoint, b: ServerEndpoint, rules: InsideRules | undefined): { expect: boolean; reason: string } {
  const x = a.subnet;
  const y = b.subnet;
  if (x === y) return rules?.restricted.has(x) === true ? { expect: false, reason: 'same VPC, restricted subnet' } : { expect: true, reason: 'same VPC, same subnet' };
  if (rules !== undefined && (rules.isolated.has(x) || rules.isolated.has(y))) {
    return rules.permitted.has(`${x}|${y}`) ? { expect: true, reason: 'same VPC, isolated subnet, pair permitted' } : { expect: false, reason: 'same VPC, isolated subnet' };
  }
  return { expect: true, reason: 'same VPC' };
}

export function routeEndpoint(host: RouteHost): Endpoint {
  return { label: `${host.server} route ${host.prefix}`, node: host.server, ip: host.probe, vpc: host.vpc };
}

function serverToServer(a: ServerEndpoint, b: ServerEndpoint, peerings: ReturnType<typeof peeringPairs>, inside: ReadonlyMap<string, InsideRules>): { expect: boolean; reason: string } {
  if (a.vpc === b.vpc) return sameVpc(a, b, inside.get(a.vpc));
  if (peerings.peered.has(`${a.vpc}|${b.vpc}`)) {
    const permitted = peerings.pairs.has(`${a.vpc}/${a.subnet}|${b.vpc}/${b.subnet}`);
    return permitted ? { expect: true, reason: 'peered, pair permitted' } : { expect: false, reason: 'peered, pair not permitted' };
  }
  return { expect: false, reason: a.cidr === b.cidr ? 'different VPCs, same CIDR' : 'different VPCs, not peered' };
}

/** Every ordered pair of endpoints on different nodes, with what the intents say about it. */
export function expectedReachability(set: ResourceSet, addresses: readonly ServerAddress[], peers: readonly LabPeer[]): Probe[] {
  const servers = addresses.map(serverEndpoint);
  const peerings = peeringPairs(set);
  const inside = insideRules(set);
  const probes: Probe[] = [];
  for (const from of servers) {
    for (const to of servers) {
      if (from.node === to.node) continue;
      probes.push({ from, to, ...serverToServer(from, to, peerings, inside) });
    }
  }
  // a static route is the VPC's own: peers and Externals never learn it
  const routes = planRouteHosts(set, addresses).map(routeEndpoint);
  for (const to of routes) {
    for (const from of servers) {
      if (from.node === to.node) continue;
      const mine = from.vpc === to.vpc;
      probes.push({ from, to, expect: mine, reason: mine ? 'same VPC, static route' : 'static route of another VPC' });
    }
    for (const peer of peers) for (const from of peerEndpoints(peer)) probes.push({ from, to, expect: false, reason: 'static routes are not announced to Externals' });
  }
  for (const peer of peers) {
    for (const outside of peerEndpoints(peer)) {
      for (const server of servers) {
        const permitted = externalPermits(set, peer, server.vpc, server.subnet, outside.ip);
        const reason = permitted ? 'External peering, subnet permitted' : 'no External peering permits it';
        probes.push({ from: server, to: outside, expect: permitted, reason });
        probes.push({ from: outside, to: server, expect: permitted, reason });
      }
    }
  }
  return probes;
}
