/**
 * frr.conf for SONiC switches and FRR nodes, in FRR 8.4 syntax, each block closed the way FRR
 * writes it. Blocks come in dependency order: zebra's VRF-to-VNI map, interfaces, route filters
 * (defined before any session uses them), BGP, then ConfigTemplate output. Every list is sorted
 * here, so the same DeviceIntent always gives the same bytes.
 */
import type { BgpIntent, BgpNeighborIntent, DeviceIntent, EvpnMultihomingIntent, ExternalNeighborIntent, HostNeighborIntent, L2VniIntent, PortIntent, TemplateOutput, VrfIntent, VrfLeak } from '#domain';
import * as check from './checks.js';
import type { SortedItems } from '#domain';
import { FrrRenderError, compareIpv4, compareNatural, comparePrefix, freeText, sortedUnique } from './checks.js';

/** The peer group of every underlay session. */
const FABRIC_GROUP = 'fabric';
/** Seconds between router advertisements on unnumbered ports: BGP unnumbered learns the peer's link-local address from them. */
const RA_INTERVAL = 6;

export type Lines = readonly string[];

/** The whole frr.conf of a SONiC or FRR device; throws FrrRenderError on intent it cannot write safely. */
export function renderFrrConf(device: DeviceIntent): string {
  const { parts, templates } = frrParts(device);
  return frrTextOf(parts, templates);
}

/** A VRF's kept stanzas, and whether it gets a BGP instance. */
export interface VrfPart {
  readonly stanzas: VrfStanzas;
  readonly bgp: boolean;
}

/**
 * frr.conf in parts: the VRFs and the L2VNIs in the order they are written, between texts that
 * depend on the device only. A later render of the same switch splices the lists (splice.ts).
 */
export interface FrrParts {
  /** the header block */
  readonly head: string;
  /** interface blocks */
  readonly interfaces: readonly string[];
  /** VRFs by name, in natural order */
  readonly vrfs: SortedItems<string, VrfPart>;
  /** the default VRF's BGP block up to its L2VNIs, those in VNI order, and its end */
  readonly bgpHead: string;
  readonly l2vnis: SortedItems<number, string>;
  readonly bgpTail: string;
}

/** The parts of `device`'s frr.conf, and its ConfigTemplate blocks. */
export function frrParts(device: DeviceIntent): { parts: FrrParts; templates: readonly Lines[] } {
  if (device.os === 'vyos') throw new FrrRenderError(`${device.name} runs VyOS: its configuration is VyOS set commands, not frr.conf`);
  checkEvpnConsistency(device);
  checkNeighborInterfaces(device);
  checkLeakSources(device);
  const sorted = sortedVrfs(device.vrfs);
  // in the order the checks of each part ran when the file was one function: the same error wins
  const vrfs = { keys: sorted.map((vrf) => vrf.name), values: sorted.map((vrf) => ({ stanzas: vrfStanzas(device.bgp, vrf), bgp: vrfNeedsBgp(vrf, device.vrfs) })) };
  const templates = templateBlocks(device.templates);
  const head = blockText(headerLines(device, templates));
  const interfaces = [
    ...(device.os === 'frr' ? addressedInterfaceBlocks(device).map(blockText) : []),
    ...(device.evpnMultihoming === undefined
      ? memoised(unnumberedTexts, device.ports, () => unnumberedInterfaceBlocks(device.ports).map(blockText))
      : multihomingBlocks(device, device.evpnMultihoming).map(blockText)),
  ];
  const bgp = device.bgp;
  const bgpHead = blockText(defaultBgpHead(bgp, sortedFabricNeighbors(bgp.neighbors)));
  const l2vnis = bgp.evpn ? [...bgp.l2vnis].sort((a, b) => a.vni - b.vni) : [];
  return {
    parts: {
      head,
      interfaces,
      vrfs,
      bgpHead,
      l2vnis: { keys: l2vnis.map((l2vni) => l2vni.vni), values: l2vnis.map(l2VniText) },
      bgpTail: bgp.evpn ? ' exit-address-family\nexit' : 'exit',
    },
    templates,
  };
}

/** The file from its parts (and ConfigTemplate blocks, after everything Weft writes). */
export function frrTextOf(parts: FrrParts, templates: readonly Lines[] = []): string {
  const vrfs = parts.vrfs.values;
  const prefixLists = vrfs.map((vrf) => vrf.stanzas.prefixLists).filter((text) => text !== '');
  const blocks: string[] = [
    parts.head,
    ...vrfs.flatMap((vrf) => vrf.stanzas.vni),
    ...parts.interfaces,
    // every VRF's route filters are one block
    ...(prefixLists.length === 0 ? [] : [prefixLists.join('\n')]),
    ...vrfs.flatMap((vrf) => vrf.stanzas.routeMaps),
    [parts.bgpHead, ...parts.l2vnis.values, parts.bgpTail].join('\n'),
    // a VRF with no L3VNI, peers or leaks gets no BGP instance (it would be inert)
    ...vrfs.filter((vrf) => vrf.bgp).map((vrf) => vrf.stanzas.bgp),
  ];
  // template lines FRR already has from the blocks above are not written twice
  if (templates.length > 0) blocks.push(...withoutRepeatedStatements(blocks.map((text) => text.split('\n')), templates).map(blockText));
  // concatenated, not joined: the file shares the text of the stanzas a later render reuses
  let text = parts.head;
  for (let i = 1; i < blocks.length; i++) text += `\n!\n${blocks[i] as string}`;
  return `${text}\n!\n`;
}

function blockText(lines: Lines): string {
  return lines.join('\n');
}

/**
 * The stanzas of one VRF, kept by the VRF's intent: a device rebuilt with the same VrfIntent
 * object (the compiler reuses unchanged ones) does not render them again. Only the BGP block
 * reads more than the VRF: the device's AS number and router id, checked on reuse.
 */
export interface VrfStanzas {
  readonly asn: number;
  readonly routerId: string;
  /** `vrf ... vni ...`, when the VRF has an L3VNI */
  readonly vni: readonly string[];
  /** its prefix lists, '' when it has none */
  readonly prefixLists: string;
  readonly routeMaps: readonly string[];
  readonly bgp: string;
}

const vrfTexts = new WeakMap<VrfIntent, VrfStanzas>();
const unnumberedTexts = new WeakMap<readonly PortIntent[], readonly string[]>();
const l2VniTexts = new WeakMap<L2VniIntent, Lines>();
const l2VniBlocks = new WeakMap<L2VniIntent, string>();

function memoised<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  cache.set(key, value);
  return value;
}

export function vrfStanzas(bgp: BgpIntent, vrf: VrfIntent): VrfStanzas {
  const hit = vrfTexts.get(vrf);
  if (hit !== undefined && hit.asn === bgp.asn && hit.routerId === bgp.routerId) return hit;
  const stanzas: VrfStanzas = {
    asn: bgp.asn,
    routerId: bgp.routerId,
    vni: vrfVniBlocks([vrf]).map(blockText),
    prefixLists: prefixListBlocks([vrf]).map(blockText).join('\n'),
    routeMaps: [...leakRouteMapBlocks([vrf]), ...communityRouteMapBlocks([vrf])].map(blockText),
    bgp: blockText(vrfBgpBlock(bgp, vrf)),
  };
  vrfTexts.set(vrf, stanzas);
  return stanzas;
}

/** The default syslog level, unless a ConfigTemplate sets its own (FRR keeps one `log syslog`). */
const DEFAULT_SYSLOG = 'log syslog informational';

function headerLines(device: DeviceIntent, templates: readonly Lines[]): Lines {
  const description = freeText(device.description ?? '');
  const about = description === '' ? check.hostname(device.name) : `${check.hostname(device.name)} (${description})`;
  const templateSetsSyslog = templates.some((lines) => topLevelStatements(lines).some((line) => /^log\s+syslog(\s|$)/.test(line)));
  return [
    'frr version 8.4',
    'frr defaults datacenter',
    `hostname ${check.hostname(device.name)}`,
    ...(templateSetsSyslog ? [] : [DEFAULT_SYSLOG]),
    'service integrated-vtysh-config',
    '!',
    `! Generated by Weft for ${about}. Do not edit: Weft rewrites this file.`,
  ];
}

function sortedVrfs(vrfs: readonly VrfIntent[]): VrfIntent[] {
  return [...vrfs].sort((a, b) => compareNatural(a.name, b.name));
}

/**
 * zebra must know which VRF an L3VNI routes for, or it treats the VNI as an L2VNI; the VPC's
 * static routes (staticd) sit in the same block, as FRR shows them.
 */
function vrfVniBlocks(vrfs: readonly VrfIntent[]): Lines[] {
  return sortedVrfs(vrfs).flatMap((vrf) => {
    const routes = staticRouteLines(vrf);
    if (vrf.l3vni === undefined && routes.length === 0) return [];
    return [[`vrf ${check.vrfName(vrf.name)}`, ...(vrf.l3vni === undefined ? [] : [` vni ${check.vni(vrf.l3vni)}`]), ...routes, 'exit-vrf']];
  });
}

function staticRouteLines(vrf: VrfIntent): Lines {
  const routes = [...(vrf.staticRoutes ?? [])].sort((a, b) => comparePrefix(check.ipv4Prefix(a.prefix), check.ipv4Prefix(b.prefix)));
  return routes.flatMap((route) =>
    sortedUnique(route.nextHops.map((hop) => check.ipv4Address(hop)), compareIpv4).map((hop) => ` ip route ${route.prefix} ${hop}`),
  );
}

/**
 * On a plain FRR node nothing else sets addresses (SONiC has CONFIG_DB, VyOS its own CLI), so
 * zebra sets the loopback and the numbered ports. VRF and VXLAN devices are the host's (its
 * agent or the lab creates them); zebra only addresses interfaces that exist.
 */
function addressedInterfaceBlocks(device: DeviceIntent): Lines[] {
  const loopback: Lines = ['interface lo', ` ip address ${check.interfaceAddress(device.loopback)}`, 'exit'];
  const ports = [...device.ports]
    .filter((port) => port.addresses.length > 0)
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((port) => [
      `interface ${check.interfaceName(port.name)}${port.vrf === undefined ? '' : ` vrf ${check.vrfName(port.vrf)}`}`,
      ...descriptionLine(' description', port.description),
      ...[...port.addresses].sort(compareNatural).map((address) => ` ip address ${check.interfaceAddress(address)}`),
      'exit',
    ]);
  // Linux names an 802.1Q sub-interface `<port>.<vlan>`; the host creates it, zebra addresses it
  const subInterfaces = [...(device.subInterfaces ?? [])]
    .sort((a, b) => compareNatural(a.port, b.port) || a.vlan - b.vlan)
    .map((sub) => [
      `interface ${check.interfaceName(`${sub.port}.${check.vlan(sub.vlan)}`)} vrf ${check.vrfName(sub.vrf)}`,
      ...descriptionLine(' description', sub.description),
      ...[...sub.addresses].sort(compareNatural).map((address) => ` ip address ${check.interfaceAddress(address)}`),
      'exit',
    ]);
  return [loopback, ...ports, ...subInterfaces];
}

function unnumberedInterfaceBlocks(ports: readonly PortIntent[]): Lines[] {
  return [...ports]
    .filter((port) => port.unnumbered)
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((port) => [
      `interface ${check.interfaceName(port.name)}`,
      ...descriptionLine(' description', port.description),
      ` ipv6 nd ra-interval ${RA_INTERVAL}`,
      ' no ipv6 nd suppress-ra',
      'exit',
    ]);
}

/** zebra's EVPN multihoming timers when nothing sets them (FRR 8.4). */
const FRR_MH_DEFAULTS = { startupDelay: 180, macHoldtime: 1080, neighHoldtime: 1080 } as const;

/**
 * EVPN multihoming (zebra): the global timers, each ESI-LAG PortChannel as an Ethernet segment
 * (the ESI and LACP system MAC its other leaves share, the DF preference), and the fabric ports
 * as uplinks, so the segments go down (protodown) when every uplink is down and the server sends
 * its traffic to the other leaves. Unnumbered ports keep their RA lines.
 */
function multihomingBlocks(device: DeviceIntent, mh: EvpnMultihomingIntent): Lines[] {
  // FRR leaves its defaults out of the running configuration: writing one would be a difference for ever
  const globals: Lines = [
    ['startup-delay', check.integer(mh.startupDelay, 0, 3600, 'startup-delay'), FRR_MH_DEFAULTS.startupDelay],
    ['mac-holdtime', check.integer(mh.macHoldtime, 0, 86400, 'mac-holdtime'), FRR_MH_DEFAULTS.macHoldtime],
    ['neigh-holdtime', check.integer(mh.neighHoldtime, 0, 86400, 'neigh-holdtime'), FRR_MH_DEFAULTS.neighHoldtime],
  ].flatMap(([name, value, fallback]) => (value === fallback ? [] : [`evpn mh ${String(name)} ${String(value)}`]));
  const ports = [...device.ports]
    .filter((port) => port.unnumbered || port.kind === 'fabric')
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((port) => [
      `interface ${check.interfaceName(port.name)}`,
      ...descriptionLine(' description', port.description),
      ...(port.kind === 'fabric' ? [' evpn mh uplink'] : []),
      ...(port.unnumbered ? [` ipv6 nd ra-interval ${RA_INTERVAL}`, ' no ipv6 nd suppress-ra'] : []),
      'exit',
    ]);
  const segments = [...device.portChannels]
    .filter((pc) => pc.ethernetSegment !== undefined)
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((pc) => {
      const segment = pc.ethernetSegment;
      if (segment === undefined || pc.systemMac === undefined) throw new FrrRenderError(`${pc.name} of ${device.name} is an Ethernet segment without a system MAC`);
      return [
        `interface ${check.interfaceName(pc.name)}`,
        ...descriptionLine(' description', pc.description),
        ` evpn mh es-id ${check.esi(segment.esi)}`,
        ` evpn mh es-sys-mac ${check.mac(pc.systemMac)}`,
        ...(segment.dfPreference === undefined ? [] : [` evpn mh es-df-pref ${check.integer(segment.dfPreference, 1, 65535, 'es-df-pref')}`]),
        'exit',
      ];
    });
  return [...(globals.length === 0 ? [] : [globals]), ...ports, ...segments];
}

function descriptionLine(prefix: string, text: string): Lines {
  const cleaned = freeText(text);
  return cleaned === '' ? [] : [`${prefix} ${cleaned}`];
}

// Route filters. Every list ends with an explicit `deny any`: what is not listed never passes,
// and an empty list still exists, so a session or a leak filtered by it passes nothing.

function leakPrefixListName(leak: VrfLeak): string {
  return `weft-leak-${check.policyName(leak.policyName)}`;
}

function neighborPrefixListName(neighbor: ExternalNeighborIntent, direction: 'in' | 'out'): string {
  return `weft-${check.policyName(neighbor.policyName)}-${direction}`;
}

/** The route map a VRF imports leaked routes through; FRR takes one per address family. */
function importRouteMapName(vrf: VrfIntent): string {
  return `weft-import-${check.vrfName(vrf.name)}`;
}

function prefixListLines(name: string, prefixes: readonly string[], orLonger: boolean): Lines {
  const sorted = sortedUnique(prefixes.map((prefix) => check.ipv4Prefix(prefix)), comparePrefix);
  const entries = sorted.map((prefix) => (orLonger && !prefix.endsWith('/32') ? `permit ${prefix} le 32` : `permit ${prefix}`));
  return [...entries, 'deny any'].map((entry, index) => `ip prefix-list ${name} seq ${(index + 1) * 5} ${entry}`);
}

function sortedLeaks(vrf: VrfIntent): VrfLeak[] {
  return [...vrf.leaks].sort((a, b) => compareNatural(a.fromVrf, b.fromVrf) || compareNatural(a.policyName, b.policyName));
}

function sortedHostNeighbors(vrf: VrfIntent): HostNeighborIntent[] {
  return [...(vrf.hostNeighbors ?? [])].sort((a, b) => compareNatural(a.interface, b.interface));
}

function hostPrefixListName(neighbor: HostNeighborIntent, direction: 'in' | 'out'): string {
  return `weft-${check.policyName(neighbor.policyName)}-${direction}`;
}

/** In: prefixes inside the subnet, no shorter than allowed. Out: the default route only. */
function hostPrefixListLines(neighbor: HostNeighborIntent): Lines[] {
  const prefix = check.ipv4Prefix(neighbor.prefix);
  const length = Number(prefix.split('/')[1]);
  const min = check.integer(neighbor.minPrefixLen, length, 32, 'host BGP prefix length');
  const inName = hostPrefixListName(neighbor, 'in');
  const outName = hostPrefixListName(neighbor, 'out');
  return [
    [`ip prefix-list ${inName} seq 5 permit ${prefix} ${min === length ? 'le 32' : `ge ${min}`}`, `ip prefix-list ${inName} seq 10 deny any`],
    [`ip prefix-list ${outName} seq 5 permit 0.0.0.0/0`, `ip prefix-list ${outName} seq 10 deny any`],
  ];
}

function sortedExternalNeighbors(vrf: VrfIntent): ExternalNeighborIntent[] {
  return [...vrf.neighbors].sort((a, b) => compareIpv4(check.ipv4Address(a.address), check.ipv4Address(b.address)));
}

function prefixListBlocks(vrfs: readonly VrfIntent[]): Lines[] {
  const lists = sortedVrfs(vrfs).flatMap((vrf) => [
    ...sortedLeaks(vrf).map((leak) => prefixListLines(leakPrefixListName(leak), leak.prefixes, leak.orLonger === true)),
    ...sortedExternalNeighbors(vrf).flatMap((neighbor) => [
      prefixListLines(neighborPrefixListName(neighbor, 'in'), neighbor.prefixesIn, true),
      prefixListLines(neighborPrefixListName(neighbor, 'out'), neighbor.prefixesOut, false),
      ...(neighbor.communityIn === undefined ? [] : [[`bgp community-list standard ${communityListName(neighbor)} seq 5 permit ${check.community(neighbor.communityIn)}`]]),
    ]),
    ...sortedHostNeighbors(vrf).flatMap(hostPrefixListLines),
  ]);
  return lists.length === 0 ? [] : [lists.flat()];
}

// Communities on an external session: a route map per direction, beside the prefix lists.

function communityListName(neighbor: ExternalNeighborIntent): string {
  return `weft-${check.policyName(neighbor.policyName)}-in-community`;
}

function neighborRouteMapName(neighbor: ExternalNeighborIntent, direction: 'in' | 'out'): string {
  return `weft-${check.policyName(neighbor.policyName)}-${direction}`;
}

/** Inbound: only routes carrying the community pass. Outbound: every route gets it added. */
function communityRouteMapBlocks(vrfs: readonly VrfIntent[]): Lines[] {
  return sortedVrfs(vrfs).flatMap((vrf) =>
    sortedExternalNeighbors(vrf).flatMap((neighbor) => [
      ...(neighbor.communityIn === undefined
        ? []
        : [[`route-map ${neighborRouteMapName(neighbor, 'in')} permit 10`, ` match community ${communityListName(neighbor)}`, 'exit']]),
      ...(neighbor.communityOut === undefined
        ? []
        : [[`route-map ${neighborRouteMapName(neighbor, 'out')} permit 10`, ` set community ${check.community(neighbor.communityOut)} additive`, 'exit']]),
    ]),
  );
}

/**
 * One entry per leak: a route enters only when it comes from the peered VRF and its prefix is
 * in that leak's list. Anything else falls off the end of the route map and is denied.
 */
function leakRouteMapBlocks(vrfs: readonly VrfIntent[]): Lines[] {
  return sortedVrfs(vrfs).flatMap((vrf) =>
    sortedLeaks(vrf).map((leak, index) => [
      `route-map ${importRouteMapName(vrf)} permit ${(index + 1) * 10}`,
      ` match ip address prefix-list ${leakPrefixListName(leak)}`,
      ` match source-vrf ${check.vrfName(leak.fromVrf)}`,
      'exit',
    ]),
  );
}

// BGP in the default VRF: the underlay, and the EVPN overlay riding on it.

/** Unnumbered sessions first, by interface, then numbered ones by address: the order FRR writes them in. */
function sortedFabricNeighbors(neighbors: readonly BgpNeighborIntent[]): BgpNeighborIntent[] {
  const unnumbered = neighbors.filter((neighbor) => neighbor.interface !== undefined);
  const numbered = neighbors.filter((neighbor) => neighbor.interface === undefined);
  return [
    ...unnumbered.sort((a, b) => compareNatural(neighborKey(a), neighborKey(b))),
    ...numbered.sort((a, b) => compareIpv4(neighborKey(a), neighborKey(b))),
  ];
}

/** The interface of an unnumbered session or the address of a numbered one. */
function neighborKey(neighbor: BgpNeighborIntent): string {
  if (neighbor.interface !== undefined && neighbor.address === undefined) return check.interfaceName(neighbor.interface);
  if (neighbor.address !== undefined && neighbor.interface === undefined) return check.ipv4Address(neighbor.address);
  throw new FrrRenderError(`BGP neighbour ${JSON.stringify(neighbor.description)} needs exactly one of interface and address`);
}

function remoteAs(value: number | 'external'): string {
  return value === 'external' ? 'external' : String(check.asn(value));
}

/**
 * The peer group carries `remote-as external` when every session is external; a numbered
 * session with a fixed AS needs its own remote-as, and FRR drops a member's remote-as when the
 * group has one, so then each member says its own.
 */
function fabricNeighborLines(neighbors: readonly BgpNeighborIntent[]): Lines {
  if (neighbors.length === 0) return [];
  const groupRemoteAs = neighbors.every((neighbor) => neighbor.remoteAs === 'external');
  const lines = [` neighbor ${FABRIC_GROUP} peer-group`, ...(groupRemoteAs ? [` neighbor ${FABRIC_GROUP} remote-as external`] : [])];
  for (const neighbor of neighbors) {
    const key = neighborKey(neighbor);
    const ownRemoteAs = groupRemoteAs ? [] : [` neighbor ${key} remote-as ${remoteAs(neighbor.remoteAs)}`];
    const membership = neighbor.interface === undefined ? [...ownRemoteAs, ` neighbor ${key} peer-group ${FABRIC_GROUP}`] : [` neighbor ${key} interface peer-group ${FABRIC_GROUP}`, ...ownRemoteAs];
    lines.push(...membership, ...descriptionLine(` neighbor ${key} description`, neighbor.description));
  }
  return lines;
}

function ipv4UnicastLines(bgp: BgpIntent): Lines {
  const networks = sortedUnique(bgp.networks.map((network) => check.ipv4Prefix(network)), comparePrefix);
  return [' address-family ipv4 unicast', ...networks.map((network) => `  network ${network}`), `  maximum-paths ${check.maximumPaths(bgp.maximumPaths)}`, ' exit-address-family'];
}

function routeTargetLines(indent: string, targets: { readonly import: readonly string[]; readonly export: readonly string[] }): Lines {
  const sorted = (values: readonly string[]): string[] => sortedUnique(values.map((value) => check.routeTag(value, 'route target')), compareNatural);
  return [...sorted(targets.import).map((target) => `${indent}route-target import ${target}`), ...sorted(targets.export).map((target) => `${indent}route-target export ${target}`)];
}

function l2VniLines(l2vni: L2VniIntent): Lines {
  return memoised(l2VniTexts, l2vni, () => [`  vni ${check.vni(l2vni.vni)}`, `   rd ${check.routeTag(l2vni.rd, 'route distinguisher')}`, ...routeTargetLines('   ', l2vni.routeTargets), '  exit-vni']);
}

/** The group is activated when every session carries EVPN; otherwise only the sessions that do. */
function evpnActivationLines(neighbors: readonly BgpNeighborIntent[]): Lines {
  const evpnNeighbors = neighbors.filter((neighbor) => neighbor.evpn);
  if (evpnNeighbors.length === 0) return [];
  if (evpnNeighbors.length === neighbors.length) return [`  neighbor ${FABRIC_GROUP} activate`];
  return evpnNeighbors.map((neighbor) => `  neighbor ${neighborKey(neighbor)} activate`);
}

/** An L2VNI's stanza in the EVPN address family, kept by its intent. */
export function l2VniText(l2vni: L2VniIntent): string {
  return memoised(l2VniBlocks, l2vni, () => blockText(l2VniLines(l2vni)));
}

function checkEvpnConsistency(device: DeviceIntent): void {
  if (device.bgp.evpn) return;
  const evpnUse = [
    device.bgp.advertiseAllVni ? 'advertise-all-vni' : undefined,
    device.bgp.l2vnis.length > 0 ? 'L2VNIs' : undefined,
    device.bgp.neighbors.some((neighbor) => neighbor.evpn) ? 'EVPN neighbours' : undefined,
    device.vrfs.some((vrf) => vrf.l3vni !== undefined) ? 'L3VNIs' : undefined,
  ].filter((use) => use !== undefined);
  if (evpnUse.length > 0) throw new FrrRenderError(`${device.name} has ${evpnUse.join(', ')} but no l2vpn evpn address family (bgp.evpn is false)`);
}

function checkNeighborInterfaces(device: DeviceIntent): void {
  const known = new Set([...device.ports.map((port) => port.name), ...device.portChannels.map((portChannel) => portChannel.name)]);
  for (const neighbor of device.bgp.neighbors) {
    if (neighbor.interface !== undefined && !known.has(neighbor.interface)) {
      throw new FrrRenderError(`BGP neighbour interface ${neighbor.interface} of ${device.name} is not one of its ports`);
    }
  }
}

/** A leak from a VRF the device does not have would make FRR create an empty one and import nothing. */
function checkLeakSources(device: DeviceIntent): void {
  const known = new Set(device.vrfs.map((vrf) => vrf.name));
  for (const vrf of device.vrfs) {
    for (const leak of vrf.leaks) {
      if (!known.has(leak.fromVrf) || leak.fromVrf === vrf.name) {
        throw new FrrRenderError(`VRF ${vrf.name} of ${device.name} leaks from ${leak.fromVrf}, which is not another VRF of the device`);
      }
    }
  }
}

/** The default VRF's BGP block up to its L2VNIs (see FrrParts). */
function defaultBgpHead(bgp: BgpIntent, neighbors: readonly BgpNeighborIntent[]): Lines {
  return [
    `router bgp ${check.asn(bgp.asn)}`,
    ` bgp router-id ${check.ipv4Address(bgp.routerId)}`,
    ' no bgp ebgp-requires-policy',
    ' bgp bestpath as-path multipath-relax',
    ...fabricNeighborLines(neighbors),
    ' !',
    ...ipv4UnicastLines(bgp),
    ...(bgp.evpn ? [' !', ' address-family l2vpn evpn', ...evpnActivationLines(neighbors), ...(bgp.advertiseAllVni ? ['  advertise-all-vni'] : [])] : []),
  ];
}

// BGP per VRF: tenant routes, leaks between peered VPCs, type-5 routes, external peers.

function externalNeighborLines(neighbor: ExternalNeighborIntent): Lines {
  const address = check.ipv4Address(neighbor.address);
  return [` neighbor ${address} remote-as ${check.asn(neighbor.asn)}`, ...descriptionLine(` neighbor ${address} description`, neighbor.description)];
}

function externalNeighborAddressFamilyLines(neighbor: ExternalNeighborIntent): Lines {
  const address = check.ipv4Address(neighbor.address);
  // no `neighbor X activate`: IPv4 unicast is active by default (`bgp default ipv4-unicast`), and
  // FRR never shows the line, so it would stay a difference against the running config for ever
  return [
    `  neighbor ${address} prefix-list ${neighborPrefixListName(neighbor, 'in')} in`,
    `  neighbor ${address} prefix-list ${neighborPrefixListName(neighbor, 'out')} out`,
    ...(neighbor.communityIn === undefined ? [] : [`  neighbor ${address} route-map ${neighborRouteMapName(neighbor, 'in')} in`]),
    ...(neighbor.communityOut === undefined ? [] : [`  neighbor ${address} route-map ${neighborRouteMapName(neighbor, 'out')} out`]),
    // The fabric's ASNs are private: the outside world sees tenant routes as the border's own.
    `  neighbor ${address} remove-private-AS all`,
  ];
}

/**
 * A server of a host BGP subnet: an unnumbered session on its port (IPv6 link-local, any AS but
 * ours), IPv4 routes over it with an IPv6 next hop (extended next hop, negotiated by FRR for
 * interface peers). It gets the default route and nothing else; it may announce only prefixes
 * inside its subnet, and more of them than its limit cut the session (retried after 5 minutes).
 */
function hostNeighborLines(neighbor: HostNeighborIntent): Lines {
  const port = check.interfaceName(neighbor.interface);
  return [` neighbor ${port} interface remote-as external`, ...descriptionLine(` neighbor ${port} description`, neighbor.description)];
}

/** How long a server cut for announcing too much waits before its session is tried again. */
const HOST_RESTART_MINUTES = 5;

function hostNeighborAddressFamilyLines(neighbor: HostNeighborIntent): Lines {
  const port = check.interfaceName(neighbor.interface);
  return [
    `  neighbor ${port} default-originate`,
    `  neighbor ${port} prefix-list ${hostPrefixListName(neighbor, 'in')} in`,
    `  neighbor ${port} prefix-list ${hostPrefixListName(neighbor, 'out')} out`,
    `  neighbor ${port} maximum-prefix ${check.integer(neighbor.maxPrefixes, 1, 4294967295, 'maximum-prefix')} restart ${HOST_RESTART_MINUTES}`,
  ];
}

function leakImportLines(vrf: VrfIntent): Lines {
  const leaks = sortedLeaks(vrf);
  if (leaks.length === 0) return [];
  const fromVrfs = sortedUnique(leaks.map((leak) => check.vrfName(leak.fromVrf)), compareNatural);
  return [`  import vrf route-map ${importRouteMapName(vrf)}`, ...fromVrfs.map((fromVrf) => `  import vrf ${fromVrf}`)];
}

function vrfEvpnLines(vrf: VrfIntent): Lines {
  if (vrf.l3vni === undefined) return [];
  return [
    ' !',
    ' address-family l2vpn evpn',
    '  advertise ipv4 unicast',
    `  rd ${check.routeTag(vrf.rd, 'route distinguisher')}`,
    ...routeTargetLines('  ', vrf.routeTargets),
    ' exit-address-family',
  ];
}

/**
 * A VRF's BGP instance does work only when it has an L3VNI (type-5 routes), external peers,
 * leaks to import, or is itself the source of another VRF's leak (its connected routes must
 * be in BGP to be leaked). Otherwise (an L2VNI-only or plain-VLAN VPC) the block would be
 * inert: no neighbours, nothing exported, nothing imported.
 */
export function vrfNeedsBgp(vrf: VrfIntent, vrfs: readonly VrfIntent[]): boolean {
  if (vrf.l3vni !== undefined || vrf.neighbors.length > 0 || vrf.leaks.length > 0 || (vrf.hostNeighbors ?? []).length > 0) return true;
  return vrfs.some((other) => other.leaks.some((leak) => leak.fromVrf === vrf.name));
}

function vrfBgpBlock(bgp: BgpIntent, vrf: VrfIntent): Lines {
  const neighbors = sortedExternalNeighbors(vrf);
  const hosts = sortedHostNeighbors(vrf);
  return [
    `router bgp ${check.asn(bgp.asn)} vrf ${check.vrfName(vrf.name)}`,
    ` bgp router-id ${check.ipv4Address(bgp.routerId)}`,
    ...neighbors.flatMap((neighbor) => externalNeighborLines(neighbor)),
    ...hosts.flatMap(hostNeighborLines),
    ' !',
    ' address-family ipv4 unicast',
    '  redistribute connected',
    ...((vrf.staticRoutes ?? []).length === 0 ? [] : ['  redistribute static']),
    ...neighbors.flatMap((neighbor) => externalNeighborAddressFamilyLines(neighbor)),
    ...hosts.flatMap(hostNeighborAddressFamilyLines),
    ...leakImportLines(vrf),
    ' exit-address-family',
    ...vrfEvpnLines(vrf),
    'exit',
  ];
}

/**
 * The statements of a block that stand alone at the top level: unindented lines with no
 * indented line after them (those open a block, such as `bfd`) or before them (those close
 * one), and not a block's end (`exit`, `exit-vrf`, `end`).
 */
function topLevelStatements(lines: Lines): string[] {
  const indented = (line: string | undefined): boolean => line !== undefined && /^\s/.test(line);
  return lines.filter(
    (line, index) => line !== '' && !/^[\s!#]/.test(line) && !/^(exit|end|quit)\b/.test(line) && !indented(lines[index + 1]) && !indented(lines[index - 1]),
  );
}

/**
 * Template blocks without the top-level statements the file already has (FRR keeps one copy,
 * so a second one would show as a difference against the running configuration for ever).
 */
function withoutRepeatedStatements(blocks: readonly Lines[], templates: readonly Lines[]): Lines[] {
  const seen = new Set(blocks.flatMap((lines) => topLevelStatements(lines)));
  return templates.map((lines) => {
    const single = new Set(topLevelStatements(lines));
    return lines.filter((line) => {
      if (!single.has(line)) return true;
      if (seen.has(line)) return false;
      seen.add(line);
      return true;
    });
  });
}

/** ConfigTemplate output, already checked by the template library; each under a comment naming it. */
function templateBlocks(templates: readonly TemplateOutput[]): Lines[] {
  return templates
    .filter((template) => template.target === 'frr')
    .sort((a, b) => compareNatural(a.template, b.template) || compareNatural(a.text, b.text))
    .map((template) => [
      `! ConfigTemplate ${check.resourceName(template.template)}`,
      ...templateLines(template.text),
    ]);
}

/** The template's lines with line endings normalised and trailing blank lines dropped. */
function templateLines(text: string): Lines {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
