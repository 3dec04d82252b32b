/**
 * The wiring, indexed and checked: which port belongs to which connection, which server sits
 * behind which switch port, the fabric links, the external links and the trunk domains.
 */
import type { ConnectionType } from '#api';
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

export interface ServerLinkInfo {
  readonly connection: string;
  readonly server: string;
  readonly switch: string;
  /** switch ports, sorted */
  readonly switchPorts: readonly string[];
  /** server ports, in the order given */
  readonly serverPorts: readonly string[];
  readonly bundled: boolean;
  /** the switch side's MTU, when the connection sets one */
  readonly mtu?: number;
  /** LACP fallback on the bundle */
  readonly fallback?: boolean;
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
  const present = (['fabric', 'unbundled', 'bundled', 'external', 'trunk'] as const).filter((t) => c.spec[t] !== undefined);
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
      const present = (['fabric', 'unbundled', 'bundled', 'external', 'trunk'] as const).filter((t) => c.spec[t] !== undefined);
      b.diagnostics.push(
        error(C.CONNECTION_TYPE, path('spec'), present.length === 0 ? 'needs one of fabric, unbundled, bundled, external, trunk' : `sets ${present.join(' and ')}; exactly one is allowed`),
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
        const ports: { device: string; port: string }[] = [];
        const serverPorts: string[] = [];
        spec.links.forEach((link, i) => {
          const used = usePort(b, name, link.switch, `spec.bundled.links[${i}].switch`, ['leaf']);
          if (used) ports.push(used);
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
          serverLinks.set(name, {
            connection: name,
            server: spec.server,
            switch: devices[0],
            switchPorts: ports.map((p) => p.port).sort(compareNatural),
            serverPorts,
            bundled: true,
            ...(spec.mtu === undefined ? {} : { mtu: spec.mtu }),
            ...(spec.fallback === undefined ? {} : { fallback: spec.fallback }),
          });
        }
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
