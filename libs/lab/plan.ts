/**
 * The lab's topology, from the wiring: one network namespace per switch, server and outside
 * peer, and one veth pair per link with the ports' own names. What the kernel here cannot do
 * shapes it: no bonds (a server's LAG is a bridge over its links; the switch side is handled by
 * the data-plane shim), no 802.1Q (tagged VLANs get a veth pair each, made by the shim), and no
 * VyOS (a border running VyOS is stood in for by an FRR node built from the same compile).
 */
import type { Connection, ResourceSet, Switch } from '#domain';
import { compareText, firstHost, formatIpv4, maskOf, parseCidr, parseIpv4 } from '#domain';
import { MAX_INTERFACE_NAME, nodeNetns, splitRef } from './names.js';

export type LabEmulation = 'sonic' | 'frr';

export interface LabSwitch {
  readonly name: string;
  readonly netns: string;
  readonly role: Switch['spec']['role'];
  /** how the lab runs it: the SONiC emulation (Redis CONFIG_DB + shim + FRR) or an FRR node */
  readonly emulation: LabEmulation;
  /** set when the switch runs an OS the lab cannot run, and an FRR node stands in for it */
  readonly standInFor?: 'vyos';
}

/** A server-side bridge standing in for a bond (no bonding driver here). */
export interface LabBond {
  readonly name: string;
  readonly connection: string;
  readonly ports: readonly string[];
}

export interface LabServer {
  readonly name: string;
  readonly netns: string;
  readonly ports: readonly string[];
  readonly bonds: readonly LabBond[];
}

/** An outside BGP router behind an external connection: what the border peers with. */
export interface LabPeer {
  /** the connection's name */
  readonly name: string;
  readonly netns: string;
  readonly port: string;
  /** the peer's address on the link, `ip/len` */
  readonly address: string;
  readonly asn: number;
  /** the border's end */
  readonly border: { readonly switch: string; readonly port: string; readonly address: string };
  /** the prefixes it announces (the attached Externals'); 0.0.0.0/0 by default */
  readonly prefixes: readonly string[];
  /** one address per prefix that answers pings, on the peer's loopback */
  readonly probes: readonly string[];
  /**
   * The External's communities seen from outside: the peer stamps `announce` (the External's
   * inboundCommunity) on what it sends, and accepts only routes carrying `accept` (its
   * outboundCommunity), so a border that forgets either loses the routes and the pings.
   */
  readonly communities?: { readonly announce?: string; readonly accept?: string };
}

export type LabLinkKind = 'fabric' | 'server' | 'trunk' | 'external';

export interface LabEnd {
  readonly node: string;
  readonly netns: string;
  readonly port: string;
}

export interface LabLink {
  readonly connection: string;
  readonly kind: LabLinkKind;
  readonly a: LabEnd;
  readonly b: LabEnd;
  /** initial MTU of both ends; the switch side gets its CONFIG_DB MTU from the shim */
  readonly mtu: number;
}

export interface LabPlan {
  readonly prefix: string;
  readonly switches: readonly LabSwitch[];
  readonly servers: readonly LabServer[];
  readonly peers: readonly LabPeer[];
  readonly links: readonly LabLink[];
  /** what the lab does differently from the wiring, in sentences for the person running it */
  readonly notes: readonly string[];
}

export interface LabPlanOptions {
  readonly prefix: string;
  /** the FabricPolicy's underlay MTU (fabric and trunk links) */
  readonly underlayMtu: number;
  /** switches already turned into FRR nodes for the lab (name -> the OS they run), see withStandIn */
  readonly standIns?: ReadonlyMap<string, string>;
}

/** MTU of host-facing links on the host side, as a host would have. */
export const HOST_MTU = 1500;

/** A problem with the wiring for the lab (not for Weft): names the object and what is wrong. */
export class LabPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabPlanError';
  }
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => compareText(a.name, b.name);

/** An address inside `prefix` for the peer to answer on: TEST-NET-3's first host when the prefix holds it, else the prefix's first host. */
export function probeAddress(prefix: string): string {
  const parsed = parseCidr(prefix);
  if (parsed === undefined) throw new LabPlanError(`External prefix ${prefix} is not a prefix`);
  const testNet = parseIpv4('203.0.113.1') ?? 0;
  const { network, length } = parsed.prefix;
  return formatIpv4(((testNet & maskOf(length)) >>> 0) === network ? testNet : firstHost(parsed.prefix));
}

interface Builder {
  readonly links: LabLink[];
  readonly serverPorts: Map<string, string[]>;
  readonly bonds: Map<string, LabBond[]>;
  readonly peers: LabPeer[];
}

function peerCommunities(externals: readonly { spec: { inboundCommunity?: string; outboundCommunity?: string } }[]): Pick<LabPeer, 'communities'> {
  const announce = externals.find((e) => e.spec.inboundCommunity !== undefined)?.spec.inboundCommunity;
  const accept = externals.find((e) => e.spec.outboundCommunity !== undefined)?.spec.outboundCommunity;
  if (announce === undefined && accept === undefined) return {};
  return { communities: { ...(announce === undefined ? {} : { announce }), ...(accept === undefined ? {} : { accept }) } };
}

function end(prefix: string, ref: string): LabEnd {
  const [node, port] = splitRef(ref);
  if (port.length > MAX_INTERFACE_NAME) throw new LabPlanError(`port ${ref} has a name longer than ${MAX_INTERFACE_NAME} bytes, which Linux cannot give an interface`);
  return { node, netns: nodeNetns(prefix, node), port };
}

function addConnection(c: Connection, set: ResourceSet, options: LabPlanOptions, b: Builder): void {
  const name = c.metadata.name;
  const spec = c.spec;
  const { prefix } = options;
  if (spec.fabric !== undefined) {
    b.links.push({ connection: name, kind: 'fabric', a: end(prefix, spec.fabric.spine), b: end(prefix, spec.fabric.leaf), mtu: options.underlayMtu });
  } else if (spec.trunk !== undefined) {
    const [first, second] = spec.trunk.links;
    // Stryker disable next-line ConditionalExpression: equivalent, a list with a second link has a first, so first !== undefined never decides
    if (first !== undefined && second !== undefined) b.links.push({ connection: name, kind: 'trunk', a: end(prefix, first), b: end(prefix, second), mtu: options.underlayMtu });
  } else if (spec.unbundled !== undefined) {
    const server = end(prefix, spec.unbundled.server);
    b.links.push({ connection: name, kind: 'server', a: end(prefix, spec.unbundled.switch), b: server, mtu: HOST_MTU });
    b.serverPorts.set(server.node, [...(b.serverPorts.get(server.node) ?? []), server.port]);
  } else if (spec.bundled !== undefined) {
    const server = spec.bundled.server;
    const ports: string[] = [];
    for (const link of spec.bundled.links) {
      const serverEnd = end(prefix, `${server}/${link.server}`);
      b.links.push({ connection: name, kind: 'server', a: end(prefix, link.switch), b: serverEnd, mtu: HOST_MTU });
      ports.push(link.server);
    }
    b.serverPorts.set(server, [...(b.serverPorts.get(server) ?? []), ...ports]);
    const bonds = b.bonds.get(server) ?? [];
    bonds.push({ name: `bond${bonds.length}`, connection: name, ports });
    b.bonds.set(server, bonds);
  } else if (spec.eslag !== undefined) {
    // a server bridged to two leaves in one VNI would loop flooded frames through the fabric: only
    // an Ethernet segment (a bond and zebra's DF filtering) stops that, and this kernel has no bonds
    throw new LabPlanError(`Connection ${name}: the lab cannot emulate an ESI-LAG (this kernel has no bonds, which zebra needs for an Ethernet segment; ADR 115); use a bundled connection to one leaf`);
  } else if (spec.external !== undefined) {
    const border = end(prefix, spec.external.switch);
    const link = parseCidr(spec.external.address);
    if (link === undefined) throw new LabPlanError(`Connection ${name}: ${spec.external.address} is not an address with a prefix length`);
    const externals = set.externalAttachments
      .filter((a) => a.spec.connection === name)
      .flatMap((a) => set.externals.filter((e) => e.metadata.name === a.spec.external && (e.metadata.namespace ?? 'default') === (a.metadata.namespace ?? 'default')));
    const prefixes = [...new Set(externals.flatMap((e) => e.spec.prefixes ?? ['0.0.0.0/0']))].sort();
    const peer: LabPeer = {
      name,
      netns: nodeNetns(prefix, name),
      port: 'eth0',
      address: `${spec.external.peer.ip}/${link.prefix.length}`,
      asn: spec.external.peer.asn,
      border: { switch: border.node, port: border.port, address: spec.external.address },
      prefixes: prefixes.length === 0 ? ['0.0.0.0/0'] : prefixes,
      probes: [...new Set((prefixes.length === 0 ? ['0.0.0.0/0'] : prefixes).map(probeAddress))],
      ...peerCommunities(externals),
    };
    b.peers.push(peer);
    b.links.push({ connection: name, kind: 'external', a: border, b: { node: name, netns: peer.netns, port: peer.port }, mtu: HOST_MTU });
  }
}

export function planLab(set: ResourceSet, options: LabPlanOptions): LabPlan {
  const notes: string[] = [];
  const switches: LabSwitch[] = set.switches
    .map((s): LabSwitch => {
      const base = { name: s.metadata.name, netns: nodeNetns(options.prefix, s.metadata.name), role: s.spec.role };
      if (s.spec.os === 'sonic') return { ...base, emulation: 'sonic' };
      if (s.spec.os === 'frr' && options.standIns?.get(s.metadata.name) !== 'vyos') return { ...base, emulation: 'frr' };
      notes.push(
        `${s.metadata.name} runs VyOS, which cannot run here: an FRR node compiled from the same intents (os: frr) stands in for it; its VyOS set commands are not applied`,
      );
      return { ...base, emulation: 'frr', standInFor: 'vyos' };
    })
    .sort(byName);
  const builder: Builder = { links: [], serverPorts: new Map(), bonds: new Map(), peers: [] };
  for (const c of [...set.connections].sort((x, y) => compareText(x.metadata.name, y.metadata.name))) addConnection(c, set, options, builder);
  const known = new Set([...switches.map((s) => s.name), ...set.servers.map((s) => s.metadata.name), ...builder.peers.map((p) => p.name)]);
  for (const link of builder.links) {
    for (const e of [link.a, link.b]) {
      if (!known.has(e.node)) throw new LabPlanError(`Connection ${link.connection} names ${e.node}, which is neither a Switch nor a Server`);
    }
  }
  const servers: LabServer[] = set.servers
    .map((s) => ({
      name: s.metadata.name,
      netns: nodeNetns(options.prefix, s.metadata.name),
      ports: [...(builder.serverPorts.get(s.metadata.name) ?? [])].sort(),
      bonds: builder.bonds.get(s.metadata.name) ?? [],
    }))
    .sort(byName);
  for (const server of servers) {
    for (const bond of server.bonds) {
      notes.push(`${server.name}: its LAG ${bond.connection} is a bridge ${bond.name} over ${bond.ports.join(', ')} (no bonding driver here); the switch forwards on one member at a time`);
    }
  }
  const names = new Map<string, string>();
  for (const node of [...switches.map((s) => s.netns), ...servers.map((s) => s.netns), ...builder.peers.map((p) => p.netns)]) {
    if (names.has(node)) throw new LabPlanError(`two lab nodes share the namespace name ${node}`);
    names.set(node, node);
  }
  // peers are named after their connections, which were taken in name order
  return { prefix: options.prefix, switches, servers, peers: builder.peers, links: builder.links, notes };
}
