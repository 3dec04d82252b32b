/**
 * The wiring, indexed and checked: which port belongs to which connection, which server sits
 * behind which switch port, the fabric links, the external links and the trunk domains.
 */
import { CONNECTION_TYPES, ESLAG_MAX_SWITCHES, type ConnectionType } from '#api';
import {
  DIAGNOSTIC_CODES as C,
  compareNatural,
  compareText,
  error,
  parseCidr,
  parseIpv4,
  prefixContains,
  isUsableHost,
  type Connection,
  type Diagnostic,
  type Server,
  type Switch,
} from '#domain';

export interface FabricLinkInfo {
  readonly connection: string;
  readonly spine: string;
  readonly spinePort: string;
  readonly leaf: string;
  readonly leafPort: string;
}

/** The links of a server connection that reach one switch. */
export interface ServerLeg {
  readonly switch: string;
  /** switch ports, sorted */
  readonly switchPorts: readonly string[];
  /** server ports, in the order of switchPorts */
  readonly serverPorts: readonly string[];
}

export interface ServerLinkInfo {
  readonly connection: string;
  readonly server: string;
  /** the switch of the first leg */
  readonly switch: string;
  /** switch ports of the first leg, sorted */
  readonly switchPorts: readonly string[];
  /** server ports of the first leg */
  readonly serverPorts: readonly string[];
  /** every switch the connection reaches, in natural order (one, but for an ESI-LAG) */
  readonly legs: readonly ServerLeg[];
  /** a LAG on each switch (bundled and eslag) */
  readonly bundled: boolean;
  /** an ESI-LAG's Ethernet segment, the same on each of its leaves */
  readonly segment?: EthernetSegmentInfo;
  /** the switch side's MTU, when the connection sets one */
  readonly mtu?: number;
  /** LACP fallback on the bundle */
  readonly fallback?: boolean;
}

export interface EthernetSegmentInfo {
  /** type-0 ESI, `00:` and nine bytes derived from the connection name */
  readonly esi: string;
  /** LACP system MAC every leaf's PortChannel presents, so the server sees one partner */
  readonly systemMac: string;
  /** the leaf preferred as designated forwarder, when the connection names one */
  readonly preferredForwarder?: string;
}

export interface ExternalLinkInfo {
  readonly connection: string;
  readonly switch: string;
  readonly port: string;
  readonly address: string;
  readonly peerIp: string;
  readonly peerAsn: number;
}

export interface TrunkInfo {
  readonly connection: string;
  readonly a: string;
  readonly aPort: string;
  readonly b: string;
  readonly bPort: string;
}

export interface FabricIndex {
  readonly switches: ReadonlyMap<string, Switch>;
  readonly servers: ReadonlyMap<string, Server>;
  readonly connections: ReadonlyMap<string, Connection>;
  /** sorted switch names */
  readonly switchNames: readonly string[];
  readonly fabricLinks: readonly FabricLinkInfo[];
  readonly serverLinks: ReadonlyMap<string, ServerLinkInfo>;
  readonly externalLinks: ReadonlyMap<string, ExternalLinkInfo>;
  readonly trunks: readonly TrunkInfo[];
  /** switch -> connections touching it (fabric, server, external, trunk), sorted */
  readonly connectionsBySwitch: ReadonlyMap<string, readonly string[]>;
}

export function connectionType(c: Connection): ConnectionType | undefined {
  const present = CONNECTION_TYPES.filter((t) => c.spec[t] !== undefined);
  return present.length === 1 ? present[0] : undefined;
}

function splitRef(ref: string): { device: string; port: string } {
  const slash = ref.indexOf('/');
  return { device: ref.slice(0, slash), port: ref.slice(slash + 1) };
}

interface Builder {
  readonly switches: Map<string, Switch>;
  readonly servers: Map<string, Server>;
  readonly portOwner: Map<string, string>;
  readonly portSets: Map<string, Set<string>>;
  readonly diagnostics: Diagnostic[];
  readonly bySwitch: Map<string, string[]>;
}

export function indexFabric(
  switches: readonly Switch[],
  servers: readonly Server[],
  connections: readonly Connection[],
): { fabric: FabricIndex; diagnostics: Diagnostic[] } {
  const b: Builder = {
    switches: new Map(switches.map((s) => [s.metadata.name, s])),
    servers: new Map(servers.map((s) => [s.metadata.name, s])),
    portOwner: new Map(),
    portSets: new Map(switches.filter((s) => s.spec.ports !== undefined).map((s) => [s.metadata.name, new Set(s.spec.ports)])),
    diagnostics: [],
    bySwitch: new Map(),
  };
  b.diagnostics.push(...checkSwitches(switches));
  for (const s of servers) {
    if (b.switches.has(s.metadata.name)) {
      b.diagnostics.push(error(C.DUPLICATE_NAME, `Server ${s.metadata.name}`, 'a Switch has the same name; device names are unique across switches and servers'));
    }
  }
  const fabricLinks: FabricLinkInfo[] = [];
  const serverLinks = new Map<string, ServerLinkInfo>();
  const externalLinks = new Map<string, ExternalLinkInfo>();
  const trunks: TrunkInfo[] = [];
  const sorted = [...connections].sort((x, y) => compareText(x.metadata.name, y.metadata.name));
  for (const c of sorted) {
    const name = c.metadata.name;
    const path = (field: string): string => `Connection ${name} ${field}`;
    const type = connectionType(c);
    if (type === undefined) {
      const present = CONNECTION_TYPES.filter((t) => c.spec[t] !== undefined);
      b.diagnostics.push(
        error(C.CONNECTION_TYPE, path('spec'), present.length === 0 ? `needs one of ${CONNECTION_TYPES.join(', ')}` : `sets ${present.join(' and ')}; exactly one is allowed`),
      );
      continue;
    }
    const before = b.diagnostics.length;
    switch (type) {
      case 'fabric': {
        const spec = c.spec.fabric;
        if (spec === undefined) break;
        const spine = usePort(b, name, spec.spine, 'spec.fabric.spine', ['spine']);
        const leaf = usePort(b, name, spec.leaf, 'spec.fabric.leaf', ['leaf', 'border']);
        if (spine && leaf && b.diagnostics.length === before) {
          fabricLinks.push({ connection: name, spine: spine.device, spinePort: spine.port, leaf: leaf.device, leafPort: leaf.port });
        }
        break;
      }
      case 'unbundled': {
        const spec = c.spec.unbundled;
        if (spec === undefined) break;
        const server = useServerPort(b, name, spec.server, 'spec.unbundled.server');
        const sw = usePort(b, name, spec.switch, 'spec.unbundled.switch', ['leaf']);
        if (server && sw && b.diagnostics.length === before) {
          serverLinks.set(name, {
            connection: name,
            server: server.device,
            switch: sw.device,
            switchPorts: [sw.port],
            serverPorts: [server.port],
            legs: [{ switch: sw.device, switchPorts: [sw.port], serverPorts: [server.port] }],
            bundled: false,
            ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }),
          });
        }
        break;
      }
      case 'bundled': {
        const spec = c.spec.bundled;
        if (spec === undefined) break;
        if (!b.servers.has(spec.server)) {
          b.diagnostics.push(error(C.UNKNOWN_DEVICE, path('spec.bundled.server'), `no Server named ${JSON.stringify(spec.server)}`));
        }
        const ports: { device: string; port: string; server: string }[] = [];
        const serverPorts: string[] = [];
        spec.links.forEach((link, i) => {
          const used = usePort(b, name, link.switch, `spec.bundled.links[${i}].switch`, ['leaf']);
          if (used) ports.push({ ...used, server: link.server });
          if (serverPorts.includes(link.server)) {
            b.diagnostics.push(error(C.PORT_IN_USE, path(`spec.bundled.links[${i}].server`), `server port ${link.server} is listed twice`));
          } else claim(b, name, `${spec.server}/${link.server}`, path(`spec.bundled.links[${i}].server`));
          serverPorts.push(link.server);
        });
        const devices = [...new Set(ports.map((p) => p.device))];
        if (devices.length > 1) {
          b.diagnostics.push(
            error(C.CONNECTION_ROLE, path('spec.bundled.links'), `a bundle goes to one switch; these links go to ${devices.join(' and ')}`, 'use one bundled connection per switch'),
          );
        }
        if (b.diagnostics.length === before && devices[0] !== undefined) {
          const leg = legsOf(ports)[0];
          if (leg === undefined) break;
          serverLinks.set(name, {
            connection: name,
            server: spec.server,
            ...leg,
            legs: [leg],
            bundled: true,
            ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }),
            ...(spec.fallback === undefined ? {} : { fallback: spec.fallback }),
          });
        }
        break;
      }
      case 'eslag': {
        const link = indexEslag(b, c);
        if (link !== undefined && b.diagnostics.length === before) serverLinks.set(name, link);
        break;
      }
      case 'external': {
        const spec = c.spec.external;
        if (spec === undefined) break;
        const sw = usePort(b, name, spec.switch, 'spec.external.switch', ['border']);
        const cidr = parseCidr(spec.address);
        const peer = parseIpv4(spec.peer.ip);
        if (cidr !== undefined && peer !== undefined) {
          if (!isUsableHost(cidr.prefix, cidr.address)) {
            b.diagnostics.push(error(C.BAD_ADDRESS, path('spec.external.address'), `${spec.address} is not a host address of its prefix`));
          }
          if (!prefixContains(cidr.prefix, peer)) {
            b.diagnostics.push(error(C.BAD_ADDRESS, path('spec.external.peer.ip'), `${spec.peer.ip} is outside ${spec.address}`));
          } else if (peer === cidr.address) {
            b.diagnostics.push(error(C.BAD_ADDRESS, path('spec.external.peer.ip'), `${spec.peer.ip} is the border's own address`));
          }
        }
        if (sw && b.diagnostics.length === before) {
          externalLinks.set(name, { connection: name, switch: sw.device, port: sw.port, address: spec.address, peerIp: spec.peer.ip, peerAsn: spec.peer.asn });
        }
        break;
      }
      case 'trunk': {
        const spec = c.spec.trunk;
        if (spec === undefined) break;
        const [first, second] = spec.links;
        if (first === undefined || second === undefined) break;
        const a = usePort(b, name, first, 'spec.trunk.links[0]', ['leaf']);
        const z = usePort(b, name, second, 'spec.trunk.links[1]', ['leaf']);
        if (a && z && a.device === z.device) {
          b.diagnostics.push(error(C.CONNECTION_ROLE, path('spec.trunk.links'), `both ends are on ${a.device}; a trunk joins two switches`));
        }
        if (a && z && b.diagnostics.length === before) trunks.push({ connection: name, a: a.device, aPort: a.port, b: z.device, bPort: z.port });
        break;
      }
    }
  }
  b.diagnostics.push(...checkSegments(serverLinks));
  const connectionsBySwitch = new Map<string, readonly string[]>();
  for (const [sw, list] of b.bySwitch) connectionsBySwitch.set(sw, [...new Set(list)].sort(compareText));
  return {
    fabric: {
      switches: b.switches,
      servers: b.servers,
      connections: new Map(connections.map((c) => [c.metadata.name, c])),
      switchNames: [...b.switches.keys()].sort(compareNatural),
      fabricLinks,
      serverLinks,
      externalLinks,
      trunks,
      connectionsBySwitch,
    },
    diagnostics: b.diagnostics,
  };
}

/** Links grouped by switch, switches and ports in natural order. */
function legsOf(links: readonly { device: string; port: string; server: string }[]): ServerLeg[] {
  const bySwitch = new Map<string, { port: string; server: string }[]>();
  for (const l of links) bySwitch.set(l.device, [...(bySwitch.get(l.device) ?? []), { port: l.port, server: l.server }]);
  return [...bySwitch].sort(([x], [y]) => compareNatural(x, y)).map(([sw, ports]) => {
    const list = [...ports].sort((x, y) => compareNatural(x.port, y.port));
    return { switch: sw, switchPorts: list.map((l) => l.port), serverPorts: list.map((l) => l.server) };
  });
}

/** An ESI-LAG: one server, its links on 2-4 leaves, one Ethernet segment. */
function indexEslag(b: Builder, c: Connection): ServerLinkInfo | undefined {
  const spec = c.spec.eslag;
  if (spec === undefined) return undefined;
  const name = c.metadata.name;
  const path = (field: string): string => `Connection ${name} ${field}`;
  const before = b.diagnostics.length;
  if (!b.servers.has(spec.server)) b.diagnostics.push(error(C.UNKNOWN_DEVICE, path('spec.eslag.server'), `no Server named ${JSON.stringify(spec.server)}`));
  const links: { device: string; port: string; server: string }[] = [];
  const serverPorts = new Set<string>();
  spec.links.forEach((link, i) => {
    const used = usePort(b, name, link.switch, `spec.eslag.links[${i}].switch`, ['leaf']);
    if (used) links.push({ ...used, server: link.server });
    if (serverPorts.has(link.server)) {
      b.diagnostics.push(error(C.PORT_IN_USE, path(`spec.eslag.links[${i}].server`), `server port ${link.server} is listed twice`));
    } else claim(b, name, `${spec.server}/${link.server}`, path(`spec.eslag.links[${i}].server`));
    serverPorts.add(link.server);
  });
  const legs = legsOf(links);
  if (b.diagnostics.length > before) return undefined;
  const switches = legs.map((l) => l.switch);
  if (switches.length < 2 || switches.length > ESLAG_MAX_SWITCHES) {
    b.diagnostics.push(
      error(
        C.ESLAG_SWITCHES,
        path('spec.eslag.links'),
        `an ESI-LAG spans 2 to ${ESLAG_MAX_SWITCHES} leaves; these links reach ${switches.length}: ${switches.join(', ')}`,
        switches.length < 2 ? 'use a bundled connection for a LAG to one leaf' : `split the server's links into connections of at most ${ESLAG_MAX_SWITCHES} leaves`,
      ),
    );
  }
  const notSonic = switches.filter((sw) => b.switches.get(sw)?.spec.os !== 'sonic');
  if (notSonic.length > 0) {
    b.diagnostics.push(error(C.ESLAG_SWITCHES, path('spec.eslag.links'), `EVPN multihoming is programmed through SONiC; ${notSonic.join(', ')} ${notSonic.length === 1 ? 'is' : 'are'} not os: sonic`));
  }
  if (spec.preferredForwarder !== undefined && !switches.includes(spec.preferredForwarder)) {
    b.diagnostics.push(
      error(C.ESLAG_FORWARDER, path('spec.eslag.preferredForwarder'), `${spec.preferredForwarder} is not one of the connection's leaves (${switches.join(', ')})`),
    );
  }
  const first = legs[0];
  if (b.diagnostics.length > before || first === undefined) return undefined;
  return {
    connection: name,
    server: spec.server,
    ...first,
    legs,
    bundled: true,
    segment: { ...ethernetSegment(name), ...(spec.preferredForwarder === undefined ? {} : { preferredForwarder: spec.preferredForwarder }) },
    ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }),
    ...(spec.fallback === undefined ? {} : { fallback: spec.fallback }),
  };
}

/** FNV-1a, 64 bits, of a text's UTF-16 code units: stable across runs and machines. */
function fnv64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

function hexBytes(value: bigint, count: number): string[] {
  return Array.from({ length: count }, (_, i) => ((value >> BigInt(8 * (count - 1 - i))) & 0xffn).toString(16).padStart(2, '0'));
}

/**
 * The ESI and LACP system MAC of an ESI-LAG, from its name alone: every leaf computes the same,
 * and a recompile never moves them. Type 0 (operator configured): `00` and nine bytes of hash.
 * The MAC is locally administered and unicast (`02:` and five bytes).
 */
export function ethernetSegment(connection: string): { esi: string; systemMac: string } {
  const a = fnv64(`weft/eslag/esi/${connection}`);
  const z = fnv64(`weft/eslag/mac/${connection}`);
  const esiBytes: string[] = [...hexBytes(a, 8), ...hexBytes(z >> 56n, 1)];
  const allZero = !esiBytes.some((x) => x !== '00');
  // the all-zero value is reserved; a hash of zero is as unlikely as any other, but never used
  // Stryker disable next-line StringLiteral: equivalent, no connection name is known to hash to nine zero bytes
  if (allZero) esiBytes[8] = '01';
  return { esi: ['00', ...esiBytes].join(':'), systemMac: ['02', ...hexBytes(z, 5)].join(':') };
}

/** Two ESI-LAGs with one ESI would be one segment to every leaf. */
export function checkSegments(links: ReadonlyMap<string, ServerLinkInfo>): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const link of links.values()) {
    if (link.segment === undefined) continue;
    const other = seen.get(link.segment.esi);
    if (other !== undefined) out.push(error(C.ESLAG_ESI, `Connection ${link.connection} metadata.name`, `its ESI ${link.segment.esi} is also Connection ${other}'s`, 'rename one of the two connections'));
    else seen.set(link.segment.esi, link.connection);
  }
  return out;
}

function claim(b: Builder, connection: string, ref: string, path: string): boolean {
  const owner = b.portOwner.get(ref);
  if (owner === connection) {
    b.diagnostics.push(error(C.PORT_IN_USE, path, `port ${ref} is listed twice in this connection`));
    return false;
  }
  if (owner !== undefined) {
    b.diagnostics.push(error(C.PORT_IN_USE, path, `port ${ref} is already used by Connection ${owner}`, 'a port belongs to at most one connection'));
    return false;
  }
  b.portOwner.set(ref, connection);
  return true;
}

/** Port names each OS can configure (the renderers refuse others; better to say so here). */
const PORT_NAMING: Readonly<Partial<Record<Switch['spec']['os'], { pattern: RegExp; description: string }>>> = {
  sonic: { pattern: /^Ethernet(0|[1-9][0-9]*)$/, description: 'Ethernet<N>' },
  vyos: { pattern: /^(?=.{1,15}$)((eth|lan)[0-9]+|(eno|ens|enp|enx)[A-Za-z0-9]+)$/, description: 'ethN, lanN or enoX/ensX/enpX/enxX' },
};

function usePort(
  b: Builder,
  connection: string,
  ref: string,
  field: string,
  roles: readonly string[],
): { device: string; port: string } | undefined {
  const path = `Connection ${connection} ${field}`;
  const { device, port } = splitRef(ref);
  const sw = b.switches.get(device);
  if (sw === undefined) {
    const what = b.servers.has(device) ? `${device} is a Server; a Switch is needed here` : `no Switch named ${JSON.stringify(device)}`;
    b.diagnostics.push(error(C.UNKNOWN_DEVICE, path, what));
    return undefined;
  }
  if (!roles.includes(sw.spec.role)) {
    b.diagnostics.push(error(C.CONNECTION_ROLE, path, `${device} is a ${sw.spec.role}; this end must be a ${roles.join(' or ')}`));
    return undefined;
  }
  const naming = PORT_NAMING[sw.spec.os];
  if (naming !== undefined && !naming.pattern.test(port)) {
    b.diagnostics.push(error(C.BAD_PORT_REF, path, `${device} runs ${sw.spec.os}, whose ports are named ${naming.description}; got ${JSON.stringify(port)}`));
    return undefined;
  }
  const ports = b.portSets.get(device);
  if (ports !== undefined && !ports.has(port)) {
    b.diagnostics.push(error(C.UNKNOWN_PORT, path, `${device} has no port ${JSON.stringify(port)}`, `Switch ${device} spec.ports lists the ports connections may use`));
    return undefined;
  }
  if (!claim(b, connection, ref, path)) return undefined;
  const list = b.bySwitch.get(device) ?? [];
  list.push(connection);
  b.bySwitch.set(device, list);
  return { device, port };
}

function useServerPort(b: Builder, connection: string, ref: string, field: string): { device: string; port: string } | undefined {
  const path = `Connection ${connection} ${field}`;
  const { device, port } = splitRef(ref);
  if (!b.servers.has(device)) {
    const what = b.switches.has(device) ? `${device} is a Switch; a Server is needed here` : `no Server named ${JSON.stringify(device)}`;
    b.diagnostics.push(error(C.UNKNOWN_DEVICE, path, what));
    return undefined;
  }
  if (!claim(b, connection, ref, path)) return undefined;
  return { device, port };
}

function checkSwitches(switches: readonly Switch[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const asns = new Map<number, string>();
  const routerIds = new Map<string, string>();
  for (const s of [...switches].sort((x, y) => compareNatural(x.metadata.name, y.metadata.name))) {
    const name = s.metadata.name;
    if (s.spec.os === 'vyos' && s.spec.role !== 'border') {
      out.push(error(C.BORDER_OS, `Switch ${name} spec.os`, `vyos runs border nodes only; ${name} is a ${s.spec.role}`, 'use os: sonic for spines and leaves'));
    }
    if (s.spec.os === 'frr' && s.spec.role === 'leaf') {
      out.push(error(C.BORDER_OS, `Switch ${name} spec.os`, 'a leaf needs sonic (VLANs, VXLAN and server ports are programmed through CONFIG_DB)', 'use os: sonic, or role: border'));
    }
    if (s.spec.asn !== undefined && s.spec.role !== 'spine') {
      const other = asns.get(s.spec.asn);
      if (other !== undefined) out.push(error(C.DUPLICATE_ASN, `Switch ${name} spec.asn`, `AS ${s.spec.asn} is already used by ${other}; leaves and borders need their own AS number`));
      else asns.set(s.spec.asn, name);
    }
    if (s.spec.routerId !== undefined) {
      const other = routerIds.get(s.spec.routerId);
      if (other !== undefined) out.push(error(C.DUPLICATE_ROUTER_ID, `Switch ${name} spec.routerId`, `${s.spec.routerId} is already the router id of ${other}`));
      else routerIds.set(s.spec.routerId, name);
    }
  }
  return out;
}

/**
 * Trunk domains: the switches joined by trunk connections, each with a loop-free tree (BFS from
 * the lowest-named switch, neighbours in name order), so a VLAN is carried along one path only.
 */
export interface TrunkDomain {
  readonly id: string;
  readonly switches: readonly string[];
  /** child -> parent in the tree, with the trunk used */
  readonly parent: ReadonlyMap<string, { readonly switch: string; readonly trunk: TrunkInfo }>;
  readonly depth: ReadonlyMap<string, number>;
}

export function trunkDomains(fabric: FabricIndex): ReadonlyMap<string, TrunkDomain> {
  const adjacency = new Map<string, { other: string; trunk: TrunkInfo }[]>();
  for (const t of fabric.trunks) {
    adjacency.set(t.a, [...(adjacency.get(t.a) ?? []), { other: t.b, trunk: t }]);
    adjacency.set(t.b, [...(adjacency.get(t.b) ?? []), { other: t.a, trunk: t }]);
  }
  for (const list of adjacency.values()) list.sort((x, y) => compareNatural(x.other, y.other) || compareText(x.trunk.connection, y.trunk.connection));
  const bySwitch = new Map<string, TrunkDomain>();
  for (const root of [...adjacency.keys()].sort(compareNatural)) {
    if (bySwitch.has(root)) continue;
    const parent = new Map<string, { switch: string; trunk: TrunkInfo }>();
    const depth = new Map<string, number>([[root, 0]]);
    const order = [root];
    for (let i = 0; i < order.length; i++) {
      const current = order[i] as string;
      // Stryker disable next-line ArrayDeclaration: equivalent, every switch in `order` has trunks in `adjacency`
      for (const { other, trunk } of adjacency.get(current) ?? []) {
        if (depth.has(other)) continue;
        depth.set(other, (depth.get(current) ?? 0) + 1);
        parent.set(other, { switch: current, trunk });
        order.push(other);
      }
    }
    const domain: TrunkDomain = { id: root, switches: [...order].sort(compareNatural), parent, depth };
    for (const s of order) bySwitch.set(s, domain);
  }
  return bySwitch;
}

/** The edges of the tree that join `members` (a Steiner subtree of the domain's tree). */
export function treeEdges(domain: TrunkDomain, members: readonly string[]): TrunkInfo[] {
  const edges = new Map<string, TrunkInfo>();
  const sorted = [...new Set(members)].sort(compareNatural);
  const first = sorted[0];
  if (first === undefined) return [];
  for (const m of sorted.slice(1)) {
    let x = first;
    let y = m;
    while (x !== y) {
      const dx = domain.depth.get(x) ?? 0;
      const dy = domain.depth.get(y) ?? 0;
      if (dx >= dy) {
        const p = domain.parent.get(x);
        if (p === undefined) break;
        edges.set(p.trunk.connection, p.trunk);
        x = p.switch;
      } else {
        const p = domain.parent.get(y);
        if (p === undefined) break;
        edges.set(p.trunk.connection, p.trunk);
        y = p.switch;
      }
    }
  }
  return [...edges.values()].sort((a, b) => compareText(a.connection, b.connection));
}
