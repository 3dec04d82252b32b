/**
 * One function per group of CONFIG_DB tables. Each reads the DeviceIntent and returns only its
 * own tables; field names and values follow SONiC's YANG models (shared/sonic-yang).
 */
import type { AclRuleIntent, DeviceIntent, DeviceRole, PortIntent, VlanIntent, VrfIntent } from '#domain';
import type { ConfigDb, ConfigDbEntry, ConfigDbTable } from './config-db.js';
import { frozenEntry, frozenTables, memoByIdentity } from './memo.js';
import { WEFT_ACL_PREFIX } from './owned-tables.js';
import { hasDhcpRelay } from './dhcp-relay.js';
import { portHardwareFields } from './port-hardware.js';

/** DEVICE_METADATA.type: SONiC's vocabulary has no border; a border leaf is still a leaf. */
const DEVICE_TYPE: Record<DeviceRole, string> = {
  leaf: 'LeafRouter',
  spine: 'SpineRouter',
  border: 'LeafRouter',
};

/** Lanes per port when nothing narrower is implied, and the speed each lane carries. */
const LANES_PER_PORT = 4;
const MEGABITS_PER_LANE = 25_000;

/** SONiC limits descriptions to 255 characters, and VLAN / PortChannel ones cannot be empty. */
function descriptionField(text: string | undefined): ConfigDbEntry {
  return text === undefined || text === '' ? {} : { description: text.slice(0, 255) };
}

export function deviceMetadataTables(device: DeviceIntent): ConfigDb {
  return {
    DEVICE_METADATA: {
      localhost: {
        hostname: device.name,
        mac: device.mac,
        bgp_asn: String(device.asn),
        type: DEVICE_TYPE[device.role],
        // Weft ships one frr.conf; only split-unified boots a single saved frr.conf untouched.
        docker_routing_config_mode: 'split-unified',
        // bgpcfgd, not frrcfgd: with no BGP_* tables written, bgpcfgd adds no BGP of its own.
        frr_mgmt_framework_config: 'false',
        // dhcp4relay, which reads DHCPV4_RELAY (link selection, source interface), not the VLAN's dhcp_servers
        ...(hasDhcpRelay(device) ? { has_sonic_dhcpv4_relay: 'true' } : {}),
      },
    },
  };
}

function portNumber(name: string): number {
  const match = /^Ethernet(0|[1-9][0-9]*)$/.exec(name);
  if (match?.[1] === undefined) throw new Error(`SONiC port "${name}" is not named Ethernet<N>`);
  return Number(match[1]);
}

/**
 * Platform-neutral lanes, following SONiC's naming convention: EthernetN starts at lane N+1
 * and owns the lanes up to the next port's number (4 at most, as in a 4-lane QSFP cage), so
 * no two ports share a lane. On real hardware the platform's own PORT lanes and speed apply.
 */
function portLanes(numbers: readonly number[]): Map<number, number[]> {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const lanes = new Map<number, number[]>();
  sorted.forEach((start, index) => {
    const next = sorted[index + 1];
    const count = next === undefined ? LANES_PER_PORT : Math.min(LANES_PER_PORT, next - start);
    lanes.set(start, Array.from({ length: count }, (_, lane) => start + 1 + lane));
  });
  return lanes;
}

export function portTables(device: DeviceIntent): ConfigDb {
  return portTablesOf(device.ports);
}

/** By the port list: a switch rebuilt with the same ports renders them once. */
const portTablesOf = memoByIdentity((ports: readonly PortIntent[]): ConfigDb => {
  const lanes = portLanes(ports.map((port) => portNumber(port.name)));
  const table: ConfigDbTable = {};
  for (const port of ports) {
    const portLaneList = lanes.get(portNumber(port.name)) as number[];
    table[port.name] = {
      admin_status: 'up',
      lanes: portLaneList.join(','),
      speed: String(portLaneList.length * MEGABITS_PER_LANE),
      mtu: String(port.mtu),
      ...descriptionField(port.description),
      ...portHardwareFields(port.hardware),
    };
  }
  return frozenTables({ PORT: table });
});

export function portChannelTables(device: DeviceIntent): ConfigDb {
  return portChannelTablesOf(device.portChannels);
}

const portChannelTablesOf = memoByIdentity((list: DeviceIntent['portChannels']): ConfigDb => {
  const portChannels: ConfigDbTable = {};
  const members: ConfigDbTable = {};
  for (const portChannel of list) {
    portChannels[portChannel.name] = {
      admin_status: 'up',
      mtu: String(portChannel.mtu),
      min_links: '1',
      lacp_key: 'auto',
      ...(portChannel.fallback === true ? { fallback: 'true' } : {}),
      ...(portChannel.systemMac === undefined ? {} : { system_mac: portChannel.systemMac }),
      ...descriptionField(portChannel.description),
    };
    for (const member of portChannel.members) members[`${portChannel.name}|${member}`] = {};
  }
  return frozenTables({ PORTCHANNEL: portChannels, PORTCHANNEL_MEMBER: members });
});

/**
 * EVPN multihoming (sonic-evpn): each ESI-LAG PortChannel is an Ethernet segment with the
 * operator-configured (type 0) ESI every leaf shares, and the global timers.
 */
export function evpnMultihomingTables(device: DeviceIntent): ConfigDb {
  const segments: ConfigDbTable = {};
  for (const portChannel of device.portChannels) {
    const segment = portChannel.ethernetSegment;
    if (segment === undefined) continue;
    segments[portChannel.name] = {
      esi: segment.esi,
      type: 'TYPE_0_OPERATOR_CONFIGURED',
      ...(segment.dfPreference === undefined ? {} : { df_pref: String(segment.dfPreference) }),
    };
  }
  const mh = device.evpnMultihoming;
  if (mh === undefined) {
    const first = Object.keys(segments)[0];
    if (first !== undefined) throw new Error(`${device.name}: ${first} is an Ethernet segment but the device has no EVPN multihoming settings`);
    return {};
  }
  return {
    EVPN_ETHERNET_SEGMENT: segments,
    EVPN_MH_GLOBAL: {
      default: { startup_delay: String(mh.startupDelay), mac_holdtime: String(mh.macHoldtime), neigh_holdtime: String(mh.neighHoldtime) },
    },
  };
}

export function vlanTables(device: DeviceIntent): ConfigDb {
  const vlans: ConfigDbTable = {};
  const members: ConfigDbTable = {};
  for (const vlan of device.vlans) {
    const entries = vlanEntries(vlan, device.mtu);
    vlans[vlan.name] = entries.vlan;
    for (const [key, entry] of entries.members) members[key] = entry;
  }
  return { VLAN: vlans, VLAN_MEMBER: members };
}

interface VlanEntries {
  /** the device MTU they were made with: a VLAN without its own MTU takes it */
  readonly deviceMtu: number;
  readonly vlan: ConfigDbEntry;
  readonly members: readonly (readonly [string, ConfigDbEntry])[];
}

const vlanEntryCache = new WeakMap<VlanIntent, VlanEntries>();

function vlanEntries(vlan: VlanIntent, deviceMtu: number): VlanEntries {
  const hit = vlanEntryCache.get(vlan);
  if (hit?.deviceMtu === deviceMtu) return hit;
  const entries: VlanEntries = {
    deviceMtu,
    vlan: frozenEntry({ vlanid: String(vlan.id), admin_status: 'up', mtu: String(vlan.mtu ?? deviceMtu), ...descriptionField(vlan.description) }),
    members: vlan.members.map((member) => [`${vlan.name}|${member.interface}`, frozenEntry({ tagging_mode: member.tagged ? 'tagged' : 'untagged' })] as const),
  };
  vlanEntryCache.set(vlan, entries);
  return entries;
}

function usesAnycastGateway(vlan: VlanIntent): boolean {
  return vlan.svi?.anycastGateway === true;
}

/** SVIs: the name entry binds the VRF (and the anycast gateway), the prefix entry holds the address. */
export function vlanInterfaceTables(device: DeviceIntent): ConfigDb {
  const table: ConfigDbTable = {};
  for (const vlan of device.vlans) for (const [key, entry] of sviEntries(vlan)) table[key] = entry;
  return { VLAN_INTERFACE: table };
}

const sviEntries = memoByIdentity((vlan: VlanIntent): readonly (readonly [string, ConfigDbEntry])[] => {
  if (vlan.svi === undefined) return [];
  const binding = [vlan.name, frozenEntry({ vrf_name: vlan.svi.vrf, ...(usesAnycastGateway(vlan) ? { static_anycast_gateway: 'true' } : {}) })] as const;
  return vlan.svi.address === undefined ? [binding] : [binding, [`${vlan.name}|${vlan.svi.address}`, frozenEntry({})]];
});

/** SAG|GLOBAL only when an SVI uses it: the YANG requires it for static_anycast_gateway. */
export function anycastGatewayTables(device: DeviceIntent): ConfigDb {
  const user = device.vlans.find(usesAnycastGateway);
  if (user === undefined) return {};
  if (device.anycastGatewayMac === undefined) {
    throw new Error(`${device.name}: ${user.name} uses the anycast gateway but the device has no anycastGatewayMac`);
  }
  return { SAG: { GLOBAL: { gateway_mac: device.anycastGatewayMac } } };
}

export function vrfTables(device: DeviceIntent): ConfigDb {
  const table: ConfigDbTable = {};
  for (const vrf of device.vrfs) table[vrf.name] = vrfEntry(vrf);
  return { VRF: table };
}

const vrfEntry = memoByIdentity((vrf: VrfIntent): ConfigDbEntry => frozenEntry(vrf.l3vni === undefined ? {} : { vni: String(vrf.l3vni) }));

/** One tunnel from the loopback, one NVO, and a map for every VLAN with a VNI (L2VNIs and L3VNI transit VLANs). */
export function vxlanTables(device: DeviceIntent): ConfigDb {
  const mapped = device.vlans.filter((vlan) => vlan.vni !== undefined);
  const vtep = device.vtep;
  if (vtep === undefined) {
    const first = mapped[0];
    if (first !== undefined) throw new Error(`${device.name}: ${first.name} maps to VNI ${String(first.vni)} but the device has no VTEP`);
    return {};
  }
  const maps: ConfigDbTable = {};
  for (const vlan of mapped) {
    const [key, entry] = tunnelMapEntry(vlan, vtep.name);
    maps[key] = entry;
  }
  return {
    VXLAN_TUNNEL: { [vtep.name]: { src_ip: vtep.sourceIp } },
    VXLAN_EVPN_NVO: { [vtep.nvo]: { source_vtep: vtep.name } },
    VXLAN_TUNNEL_MAP: maps,
  };
}

const tunnelMapCache = new WeakMap<VlanIntent, { readonly vtep: string; readonly key: string; readonly entry: ConfigDbEntry }>();

function tunnelMapEntry(vlan: VlanIntent, vtep: string): readonly [string, ConfigDbEntry] {
  const hit = tunnelMapCache.get(vlan);
  if (hit?.vtep === vtep) return [hit.key, hit.entry];
  const vni = String(vlan.vni);
  const made = { vtep, key: `${vtep}|map_${vni}_${vlan.name}`, entry: frozenEntry({ vlan: vlan.name, vni }) };
  tunnelMapCache.set(vlan, made);
  return [made.key, made.entry];
}

function isRoutedPort(port: PortIntent): boolean {
  return port.portChannel === undefined && (port.unnumbered || port.addresses.length > 0);
}

/** Routed ports: unnumbered ones run BGP over their IPv6 link-local address only. */
export function routedPortTables(device: DeviceIntent): ConfigDb {
  return routedPortTablesOf(device.ports);
}

const routedPortTablesOf = memoByIdentity((ports: readonly PortIntent[]): ConfigDb => {
  const table: ConfigDbTable = {};
  for (const port of ports.filter(isRoutedPort)) {
    table[port.name] = {
      ...(port.vrf === undefined ? {} : { vrf_name: port.vrf }),
      ...(port.unnumbered ? { ipv6_use_link_local_only: 'enable' } : {}),
    };
    for (const address of port.addresses) table[`${port.name}|${address}`] = {};
  }
  return frozenTables({ INTERFACE: table });
});

export function loopbackTables(device: DeviceIntent): ConfigDb {
  return { LOOPBACK_INTERFACE: { Loopback0: {}, [`Loopback0|${device.loopback}`]: {} } };
}

/** SONiC: the higher PRIORITY matches first; rules keep the intent's order below this. */
const ACL_TOP_PRIORITY = 9999;

/**
 * Peering permits as L3 ACL tables bound to server-facing ports (ingress). The intent's rules
 * are first-match; PRIORITY counts down from ACL_TOP_PRIORITY in that order.
 */
export function aclTables(device: DeviceIntent): ConfigDb {
  const tables: ConfigDbTable = {};
  const rules: ConfigDbTable = {};
  for (const acl of device.acls ?? []) {
    if (!acl.name.startsWith(WEFT_ACL_PREFIX)) throw new Error(`${device.name}: ACL ${acl.name} does not start with ${WEFT_ACL_PREFIX}`);
    if (acl.rules.length > ACL_TOP_PRIORITY) throw new Error(`${device.name}: ACL ${acl.name} has more than ${ACL_TOP_PRIORITY} rules`);
    tables[acl.name] = { type: 'L3', stage: 'ingress', ports: [...acl.ports], ...(acl.description === '' ? {} : { policy_desc: acl.description.slice(0, 255) }) };
    acl.rules.forEach((rule, index) => {
      rules[`${acl.name}|${rule.name}`] = {
        PRIORITY: String(ACL_TOP_PRIORITY - index),
        PACKET_ACTION: rule.action === 'forward' ? 'FORWARD' : 'DROP',
        ...(rule.source === undefined ? {} : { SRC_IP: rule.source }),
        ...(rule.destination === undefined ? {} : { DST_IP: rule.destination }),
        ...(rule.protocol === undefined && rule.destinationPorts === undefined && rule.vlan === undefined ? {} : inboundMatchFields(rule)),
      };
    });
  }
  return { ACL_TABLE: tables, ACL_RULE: rules };
}

const IP_PROTOCOLS = { icmp: 1, tcp: 6, udp: 17 } as const;

/** The match fields only an external attachment's inbound filter uses (ADR 104). */
function inboundMatchFields(rule: AclRuleIntent): ConfigDbEntry {
  return {
    ...(rule.protocol === undefined ? {} : { IP_PROTOCOL: String(IP_PROTOCOLS[rule.protocol]) }),
    ...destinationPortFields(rule.destinationPorts),
    ...(rule.vlan === undefined ? {} : { VLAN_ID: String(rule.vlan) }),
  };
}

/** One port as L4_DST_PORT, a range as L4_DST_PORT_RANGE (`low-high`; the YANG takes no 0). */
function destinationPortFields(ports: AclRuleIntent['destinationPorts']): ConfigDbEntry {
  if (ports === undefined) return {};
  return ports.from === ports.to ? { L4_DST_PORT: String(ports.from) } : { L4_DST_PORT_RANGE: `${ports.from}-${ports.to}` };
}

/** SONiC's YANG allows 15 characters: `Ethernet120.4094` is 16, so the short form `Eth120.4094` with its vlan field. */
export function subInterfaceName(port: string, vlan: number): string {
  return `Eth${portNumber(port)}.${vlan}`;
}

/** Routed 802.1Q sub-interfaces (external attachments on a VLAN), bound to their VRF. */
export function subInterfaceTables(device: DeviceIntent): ConfigDb {
  const table: ConfigDbTable = {};
  for (const sub of device.subInterfaces ?? []) {
    const name = subInterfaceName(sub.port, sub.vlan);
    table[name] = { admin_status: 'up', vlan: String(sub.vlan), vrf_name: sub.vrf };
    for (const address of sub.addresses) table[`${name}|${address}`] = {};
  }
  return { VLAN_SUB_INTERFACE: table };
}

/** A CONFIG_DB entry as its table, key and fields. */
export type ConfigDbRow = readonly [table: string, key: string, entry: ConfigDbEntry];

/**
 * The entries a VLAN adds to the file, as vlanTables, vlanInterfaceTables and vxlanTables make
 * them (the same kept objects): what a later render of its switch removes or adds when only the
 * VLAN changes.
 */
export function vlanRows(vlan: VlanIntent, device: DeviceIntent): ConfigDbRow[] {
  const entries = vlanEntries(vlan, device.mtu);
  const rows: ConfigDbRow[] = [['VLAN', vlan.name, entries.vlan]];
  for (const [key, entry] of entries.members) rows.push(['VLAN_MEMBER', key, entry]);
  for (const [key, entry] of sviEntries(vlan)) rows.push(['VLAN_INTERFACE', key, entry]);
  if (vlan.vni !== undefined && device.vtep !== undefined) rows.push(['VXLAN_TUNNEL_MAP', ...tunnelMapEntry(vlan, device.vtep.name)]);
  return rows;
}

/** The entries a VRF adds to the file (vrfTables). */
export function vrfRows(vrf: VrfIntent): ConfigDbRow[] {
  return [['VRF', vrf.name, vrfEntry(vrf)]];
}

export { usesAnycastGateway };
