/**
 * The order SONiC's managers need: a thing is created before anything that refers to it, and
 * deleted after. vrfmgrd, intfmgrd and vxlanmgrd wait (or give up) when a reference is missing
 * (reference/sonic-configdb.md §2): VRF before the interfaces bound to it, VLAN before its members
 * and SVI, VXLAN_TUNNEL before its NVO and maps, the map before the VRF's `vni`.
 */
import { keyParts, tableOf } from './entries.js';

/** Ranks, lowest created first and deleted last. */
export const RANK = {
  /** DEVICE_METADATA, PORT, SAG: referenced, refer to nothing Weft makes */
  base: 0,
  portChannel: 1,
  portChannelMember: 2,
  /** the VRF without its `vni` */
  vrf: 3,
  vlan: 4,
  /** VLAN_MEMBER and the name entries of INTERFACE, VLAN_INTERFACE, LOOPBACK_INTERFACE, VLAN_SUB_INTERFACE */
  interface: 5,
  /** the address entries `VLAN_INTERFACE|Vlan1000|10.1.0.1/24` */
  interfaceAddress: 6,
  vxlanTunnel: 7,
  vxlanNvo: 8,
  vxlanMap: 9,
  /** `VRF|VrfN` `vni`: only once its VXLAN_TUNNEL_MAP exists (vrfmgrd) */
  vrfVni: 10,
  /** tables Weft does not model (templates' NTP_SERVER, DHCP_RELAY, BGP_*): they may refer to any of the above */
  other: 11,
} as const;

export type Rank = (typeof RANK)[keyof typeof RANK];

const INTERFACE_TABLES = new Set(['INTERFACE', 'VLAN_INTERFACE', 'LOOPBACK_INTERFACE', 'VLAN_SUB_INTERFACE']);

const TABLE_RANK: Readonly<Record<string, Rank>> = {
  DEVICE_METADATA: RANK.base,
  PORT: RANK.base,
  SAG: RANK.base,
  PORTCHANNEL: RANK.portChannel,
  PORTCHANNEL_MEMBER: RANK.portChannelMember,
  VRF: RANK.vrf,
  VLAN: RANK.vlan,
  VLAN_MEMBER: RANK.interface,
  VXLAN_TUNNEL: RANK.vxlanTunnel,
  VXLAN_EVPN_NVO: RANK.vxlanNvo,
  VXLAN_TUNNEL_MAP: RANK.vxlanMap,
};

/** Interface tables whose name entry carries `vrf_name`: an address entry is `TABLE|name|prefix`. */
export function isInterfaceTable(table: string): boolean {
  return INTERFACE_TABLES.has(table);
}

export function keyRank(key: string): Rank {
  const table = tableOf(key);
  if (isInterfaceTable(table)) return keyParts(key).length > 1 ? RANK.interfaceAddress : RANK.interface;
  return TABLE_RANK[table] ?? RANK.other;
}

/** Fields set after everything else and removed before: VRF `vni`. */
export function lateFieldRank(key: string, field: string): Rank | undefined {
  return tableOf(key) === 'VRF' && field === 'vni' ? RANK.vrfVni : undefined;
}

/** Fields whose change intfmgrd refuses in place: the entry and its addresses are re-created. */
export function isRebindField(key: string, field: string): boolean {
  return field === 'vrf_name' && isInterfaceTable(tableOf(key)) && keyParts(key).length === 1;
}
