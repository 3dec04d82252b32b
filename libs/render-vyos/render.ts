/**
 * DeviceIntent -> VyOS `set` commands in current (1.4+/rolling) syntax, for border nodes. VyOS
 * owns its FRR, so this is VyOS CLI, never FRR text. Every list is sorted here as well, so the
 * output does not depend on the order the compiler happened to use.
 */
import type { BgpNeighborIntent, DeviceIntent, ExternalNeighborIntent, L2VniIntent, PortIntent, SubInterfaceIntent, VrfIntent } from '#domain';
import { renderInboundFilters } from './firewall.js';
import { VyosRenderError } from './errors.js';
import { assertAddressWord, assertEthernetName, assertHostName, assertInteger, assertVrfName } from './identifiers.js';
import { devicePolicies, leakRouteMapName, neighborExportListName, neighborExportMapName, neighborImportListName, neighborImportMapName, renderPolicies } from './policy.js';
import { compareNatural, sortedBy, sortedUnique, VyosScript } from './script.js';

/** IANA VXLAN port; VyOS would otherwise use the Linux default, 8472. */
const VXLAN_PORT = 4789;
/** Outer Ethernet, IPv4, UDP and VXLAN headers: the overlay must fit in the fabric MTU. */
const VXLAN_OVERHEAD = 50;

const MAX_ASN = 4294967294;
const MAX_VNI = 16777214;

function asn(value: number): number {
  return assertInteger('AS number', value, 1, MAX_ASN);
}

function vni(value: number): number {
  return assertInteger('VNI', value, 1, MAX_VNI);
}

/** Names derived from the VNI stay within Linux's 15 characters: `vxlan16777214` has 13. */
function vxlanName(l3vni: number): string {
  return `vxlan${vni(l3vni)}`;
}

function bridgeName(l3vni: number): string {
  return `br${vni(l3vni)}`;
}

function renderSystem(script: VyosScript, device: DeviceIntent): void {
  script.section('system');
  script.set(['system', 'host-name'], assertHostName(device.name));
}

/** Only routed ports exist on a border: fabric uplinks and links to external peers. */
function isRenderedPort(port: PortIntent): boolean {
  return port.kind === 'fabric' || port.kind === 'external';
}

/**
 * An unnumbered port gets no address: BGP unnumbered peers over the IPv6 link-local address,
 * which the kernel creates by default, and FRR sends the router advertisements itself.
 */
function renderEthernet(script: VyosScript, port: PortIntent): void {
  const base = ['interfaces', 'ethernet', assertEthernetName(port.name)];
  script.describe(base, port.description);
  if (!port.unnumbered) {
    for (const address of sortedUnique(port.addresses)) script.set([...base, 'address'], assertAddressWord(address));
  }
  script.set([...base, 'mtu'], assertInteger('MTU', port.mtu, 68, 16000));
  if (port.vrf !== undefined) script.set([...base, 'vrf'], assertVrfName(port.vrf));
}

/** A routed 802.1Q sub-interface: `interfaces ethernet eth1 vif 100`, Linux's `eth1.100`. */
function renderVif(script: VyosScript, sub: SubInterfaceIntent): void {
  const base = ['interfaces', 'ethernet', assertEthernetName(sub.port), 'vif', String(assertInteger('VLAN id', sub.vlan, 1, 4094))];
  script.describe(base, sub.description);
  for (const address of sortedUnique(sub.addresses)) script.set([...base, 'address'], assertAddressWord(address));
  script.set([...base, 'vrf'], assertVrfName(sub.vrf));
}

function renderInterfaces(script: VyosScript, device: DeviceIntent): void {
  script.section('interfaces');
  const subs = device.subInterfaces ?? [];
  for (const port of sortedBy(device.ports.filter(isRenderedPort), (item) => item.name)) {
    renderEthernet(script, port);
    for (const sub of sortedBy(subs.filter((item) => item.port === port.name), (item) => String(item.vlan).padStart(4, '0'))) renderVif(script, sub);
  }
  script.set(['interfaces', 'loopback', 'lo', 'address'], assertAddressWord(device.loopback));
}

/** The L3VNI of a VRF: a VXLAN device from the loopback, in a bridge that belongs to the VRF. */
function renderL3Vni(script: VyosScript, device: DeviceIntent, vrf: VrfIntent, l3vni: number): void {
  if (device.vtep === undefined) throw new VyosRenderError(`VRF ${vrf.name} of ${device.name} has L3VNI ${l3vni} but the device has no VTEP`);
  const mtu = assertInteger('VXLAN MTU', device.mtu - VXLAN_OVERHEAD, 1200, 16000);
  const vxlan = ['interfaces', 'vxlan', vxlanName(l3vni)];
  script.set([...vxlan, 'description'], `L3VNI of ${vrf.name}`);
  script.set([...vxlan, 'vni'], l3vni);
  script.set([...vxlan, 'source-address'], assertAddressWord(device.vtep.sourceIp));
  script.set([...vxlan, 'port'], VXLAN_PORT);
  script.set([...vxlan, 'mtu'], mtu);
  script.set([...vxlan, 'parameters', 'nolearning']);
  const bridge = ['interfaces', 'bridge', bridgeName(l3vni)];
  script.set([...bridge, 'description'], `L3VNI of ${vrf.name}`);
  script.set([...bridge, 'member', 'interface', vxlanName(l3vni)]);
  script.set([...bridge, 'mtu'], mtu);
  script.set([...bridge, 'vrf'], vrf.name);
}

function renderVrf(script: VyosScript, device: DeviceIntent, vrf: VrfIntent): void {
  const base = ['vrf', 'name', assertVrfName(vrf.name)];
  script.set([...base, 'table'], assertInteger('VRF table', vrf.tableId, 100, 65535));
  if (vrf.l3vni !== undefined) script.set([...base, 'vni'], vni(vrf.l3vni));
  script.describe(base, vrf.description);
  if (vrf.l3vni !== undefined) renderL3Vni(script, device, vrf, vrf.l3vni);
  for (const route of sortedBy(vrf.staticRoutes ?? [], (item) => item.prefix)) {
    for (const hop of sortedUnique(route.nextHops)) script.set([...base, 'protocols', 'static', 'route', assertAddressWord(route.prefix), 'next-hop', assertAddressWord(hop)]);
  }
}

function renderVrfs(script: VyosScript, device: DeviceIntent): void {
  if (device.vrfs.length === 0) return;
  script.section('VRFs and their L3VNIs');
  for (const vrf of sortedBy(device.vrfs, (item) => item.name)) renderVrf(script, device, vrf);
}

function remoteAs(value: number | 'external'): string | number {
  return value === 'external' ? value : asn(value);
}

/** The session's peer: its address, or else its port. */
function neighborPeer(neighbor: BgpNeighborIntent): string {
  if (neighbor.address !== undefined) return assertAddressWord(neighbor.address);
  if (neighbor.interface !== undefined) return assertEthernetName(neighbor.interface);
  throw new VyosRenderError(`BGP neighbour ${JSON.stringify(neighbor.description)} has neither an address nor an interface`);
}

/** Numbered sessions first, by address, then unnumbered ones, by port. */
function neighborKey(neighbor: BgpNeighborIntent): string {
  return `${neighbor.address === undefined ? 1 : 0} ${neighborPeer(neighbor)}`;
}

function renderFabricNeighbor(script: VyosScript, neighbor: BgpNeighborIntent): void {
  // checked here too: sorting never calls neighborKey for a lone session
  const peer = neighborPeer(neighbor);
  const base = ['protocols', 'bgp', 'neighbor', peer];
  if (neighbor.address !== undefined) script.set([...base, 'remote-as'], remoteAs(neighbor.remoteAs));
  else script.set([...base, 'interface', 'v6only', 'remote-as'], remoteAs(neighbor.remoteAs));
  script.describe(base, neighbor.description);
  script.set([...base, 'address-family', 'ipv4-unicast']);
  if (neighbor.evpn) script.set([...base, 'address-family', 'l2vpn-evpn']);
}

function renderRouteTargets(script: VyosScript, base: readonly string[], routeTargets: { readonly import: readonly string[]; readonly export: readonly string[] }): void {
  for (const target of sortedUnique(routeTargets.import)) script.set([...base, 'route-target', 'import'], target);
  for (const target of sortedUnique(routeTargets.export)) script.set([...base, 'route-target', 'export'], target);
}

function renderL2Vni(script: VyosScript, l2vni: L2VniIntent): void {
  const base = ['protocols', 'bgp', 'address-family', 'l2vpn-evpn', 'vni', String(vni(l2vni.vni))];
  script.set([...base, 'rd'], l2vni.rd);
  renderRouteTargets(script, base, l2vni.routeTargets);
}

function renderGlobalBgp(script: VyosScript, device: DeviceIntent): void {
  const { bgp } = device;
  script.section('BGP: underlay and EVPN overlay');
  script.set(['protocols', 'bgp', 'system-as'], asn(bgp.asn));
  script.set(['protocols', 'bgp', 'parameters', 'router-id'], bgp.routerId);
  script.set(['protocols', 'bgp', 'parameters', 'bestpath', 'as-path', 'multipath-relax']);
  for (const neighbor of sortedBy(bgp.neighbors, neighborKey)) renderFabricNeighbor(script, neighbor);
  const ipv4 = ['protocols', 'bgp', 'address-family', 'ipv4-unicast'];
  for (const network of sortedUnique(bgp.networks)) script.set([...ipv4, 'network', assertAddressWord(network)]);
  script.set([...ipv4, 'maximum-paths', 'ebgp'], assertInteger('maximum-paths', bgp.maximumPaths, 1, 256));
  if (bgp.advertiseAllVni) script.set(['protocols', 'bgp', 'address-family', 'l2vpn-evpn', 'advertise-all-vni']);
  // VyOS refuses to commit a per-VNI rd or route target without advertise-all-vni.
  if (bgp.l2vnis.length > 0 && !bgp.advertiseAllVni) throw new VyosRenderError(`${device.name} has L2VNIs but does not advertise all VNIs`);
  for (const l2vni of sortedBy(bgp.l2vnis, (item) => String(item.vni))) renderL2Vni(script, l2vni);
}

function renderExternalNeighbor(script: VyosScript, vrfBgp: readonly string[], neighbor: ExternalNeighborIntent): void {
  const base = [...vrfBgp, 'neighbor', assertAddressWord(neighbor.address)];
  script.set([...base, 'remote-as'], asn(neighbor.asn));
  script.describe(base, neighbor.description);
  const family = [...base, 'address-family', 'ipv4-unicast'];
  script.set([...family, 'prefix-list', 'import'], neighborImportListName(neighbor));
  script.set([...family, 'prefix-list', 'export'], neighborExportListName(neighbor));
  const importMap = neighborImportMapName(neighbor);
  const exportMap = neighborExportMapName(neighbor);
  if (importMap !== undefined) script.set([...family, 'route-map', 'import'], importMap);
  if (exportMap !== undefined) script.set([...family, 'route-map', 'export'], exportMap);
  // The fabric's ASNs are private: the outside world sees tenant routes as the border's own.
  script.set([...family, 'remove-private-as', 'all']);
}

function renderLeaks(script: VyosScript, device: DeviceIntent, vrf: VrfIntent, family: readonly string[]): void {
  if (vrf.leaks.length === 0) return;
  const known = new Set(device.vrfs.map((item) => item.name));
  const sources = sortedUnique(vrf.leaks.map((leak) => leak.fromVrf));
  for (const source of sources) {
    if (source === vrf.name || !known.has(source)) throw new VyosRenderError(`VRF ${vrf.name} of ${device.name} leaks from ${source}, which is not another VRF of the device`);
    script.set([...family, 'import', 'vrf'], assertVrfName(source));
  }
  // FRR's `import vrf route-map M`. VyOS refuses `route-map vpn import` beside `import vrf` at
  // commit (T7157), and FRR would take it as a VPN filter, so every route would leak unfiltered.
  script.set([...family, 'route-map', 'vrf', 'import'], leakRouteMapName(vrf));
}

/** Per VRF: its connected routes and leaks, EVPN type-5 through the L3VNI, and external peers. */
function renderVrfBgp(script: VyosScript, device: DeviceIntent, vrf: VrfIntent): void {
  const vrfBgp = ['vrf', 'name', assertVrfName(vrf.name), 'protocols', 'bgp'];
  script.set([...vrfBgp, 'system-as'], asn(device.bgp.asn));
  script.set([...vrfBgp, 'parameters', 'router-id'], device.bgp.routerId);
  const ipv4 = [...vrfBgp, 'address-family', 'ipv4-unicast'];
  script.set([...ipv4, 'redistribute', 'connected']);
  if ((vrf.staticRoutes ?? []).length > 0) script.set([...ipv4, 'redistribute', 'static']);
  renderLeaks(script, device, vrf, ipv4);
  if (vrf.l3vni !== undefined) {
    const evpn = [...vrfBgp, 'address-family', 'l2vpn-evpn'];
    script.set([...evpn, 'advertise', 'ipv4', 'unicast']);
    script.set([...evpn, 'rd'], vrf.rd);
    renderRouteTargets(script, evpn, vrf.routeTargets);
  }
  for (const neighbor of sortedBy(vrf.neighbors, (item) => item.address)) renderExternalNeighbor(script, vrfBgp, neighbor);
}

function renderVrfsBgp(script: VyosScript, device: DeviceIntent): void {
  if (device.vrfs.length === 0) return;
  script.section('BGP per VRF');
  for (const vrf of sortedBy(device.vrfs, (item) => item.name)) renderVrfBgp(script, device, vrf);
}

function renderPolicySection(script: VyosScript, device: DeviceIntent): void {
  const policies = devicePolicies(device);
  if (policies.prefixLists.length === 0 && policies.routeMaps.length === 0 && (policies.communityMaps ?? []).length === 0) return;
  script.section('route policy (prefix lists and route maps named weft-*)');
  renderPolicies(script, policies);
}

/** ConfigTemplate output, already rendered and checked by the template library, by template name. */
function renderTemplates(script: VyosScript, device: DeviceIntent): void {
  const templates = device.templates.filter((template) => template.target === 'vyos');
  const ordered = [...templates].sort((left, right) => compareNatural(left.template, right.template) || compareNatural(left.text, right.text));
  for (const template of ordered) {
    script.section(`ConfigTemplate ${template.template}`);
    script.appendVerbatim(template.text);
  }
}

/** The device's `vyos.set`: deterministic `set` commands, one per line, with `#` section headers. */
export function renderVyosSet(device: DeviceIntent): string {
  if (device.os !== 'vyos') throw new VyosRenderError(`${device.name} runs ${device.os}, not VyOS: it has no vyos.set`);
  const script = new VyosScript();
  script.section(`Weft: VyOS configuration of ${device.name} (${device.role}), generated; do not edit by hand`);
  renderSystem(script, device);
  renderInterfaces(script, device);
  renderVrfs(script, device);
  renderInboundFilters(script, device);
  renderPolicySection(script, device);
  renderGlobalBgp(script, device);
  renderVrfsBgp(script, device);
  renderTemplates(script, device);
  return script.text();
}
