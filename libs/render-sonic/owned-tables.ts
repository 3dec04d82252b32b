/**
 * The CONFIG_DB tables Weft owns. A ConfigTemplate that writes one of them is rejected: Weft
 * would overwrite it, or worse, the two would fight over tenant isolation.
 */

/**
 * Every BGP_* table is owned too, although Weft never writes one: BGP goes through frr.conf,
 * and a BGP_* entry would make bgpcfgd or frrcfgd push a second, conflicting BGP config.
 * Listed: the tables SONiC's YANG models define and the ones only frrcfgd reads.
 */
const BGP_TABLES = [
  'BGP_AGGREGATE_ADDRESS',
  'BGP_ALLOWED_PREFIXES',
  'BGP_BBR',
  'BGP_DEVICE_GLOBAL',
  'BGP_GLOBALS',
  'BGP_GLOBALS_AF',
  'BGP_GLOBALS_AF_AGGREGATE_ADDR',
  'BGP_GLOBALS_AF_NETWORK',
  'BGP_GLOBALS_EVPN_RT',
  'BGP_GLOBALS_EVPN_VNI',
  'BGP_GLOBALS_EVPN_VNI_RT',
  'BGP_GLOBALS_LISTEN_PREFIX',
  'BGP_INTERNAL_NEIGHBOR',
  'BGP_MONITORS',
  'BGP_NEIGHBOR',
  'BGP_NEIGHBOR_AF',
  'BGP_PEER_GROUP',
  'BGP_PEER_GROUP_AF',
  'BGP_PEER_RANGE',
  'BGP_SENTINELS',
  'BGP_VOQ_CHASSIS_NEIGHBOR',
] as const;

export const WEFT_OWNED_CONFIGDB_TABLES: readonly string[] = [
  'BREAKOUT_CFG',
  'DEVICE_METADATA',
  'DHCPV4_RELAY',
  'EVPN_ETHERNET_SEGMENT',
  'EVPN_MH_GLOBAL',
  'INTERFACE',
  'LOOPBACK_INTERFACE',
  'PORT',
  'PORTCHANNEL',
  'PORTCHANNEL_MEMBER',
  'SAG',
  'VLAN',
  'VLAN_INTERFACE',
  'VLAN_MEMBER',
  'VLAN_SUB_INTERFACE',
  'VRF',
  'VXLAN_EVPN_NVO',
  'VXLAN_TUNNEL',
  'VXLAN_TUNNEL_MAP',
  ...BGP_TABLES,
];

const OWNED = new Set(WEFT_OWNED_CONFIGDB_TABLES);

/** True for the listed tables and for any other BGP_* table a newer SONiC may add. */
export function isWeftOwnedConfigDbTable(table: string): boolean {
  return OWNED.has(table) || table.startsWith('BGP_');
}

/** ACL tables are shared with the operator's own (control plane, mirroring): Weft's are named so. */
export const WEFT_ACL_PREFIX = 'WEFT_';

/**
 * True when Weft owns this CONFIG_DB entry: every entry of an owned table, and in the shared ACL
 * tables the entries of Weft's own ACLs (`ACL_TABLE|WEFT_*`, `ACL_RULE|WEFT_*|rule`). An agent
 * deletes only owned entries; a ConfigTemplate cannot write them.
 */
export function isWeftOwnedConfigDbKey(table: string, key: string): boolean {
  if (isWeftOwnedConfigDbTable(table)) return true;
  return (table === 'ACL_TABLE' || table === 'ACL_RULE') && key.startsWith(WEFT_ACL_PREFIX);
}
