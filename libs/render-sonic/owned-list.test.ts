// The CONFIG_DB tables Weft owns are a contract with the agent and with template authors: the
// list as it is, and where the shared ACL tables draw the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWeftOwnedConfigDbKey, isWeftOwnedConfigDbTable, WEFT_ACL_PREFIX, WEFT_OWNED_CONFIGDB_TABLES } from './index.js';

test('the owned tables, exactly', () => {
  assert.deepEqual(WEFT_OWNED_CONFIGDB_TABLES, [
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
  ]);
  for (const table of WEFT_OWNED_CONFIGDB_TABLES) assert.equal(isWeftOwnedConfigDbTable(table), true, table);
  assert.equal(isWeftOwnedConfigDbTable('BGP'), false);
  assert.equal(isWeftOwnedConfigDbTable('MY_BGP_TABLE'), false);
});

test('in ACL_TABLE and ACL_RULE, only Weft\'s WEFT_ entries are Weft\'s; other tables\' WEFT_ keys are not', () => {
  assert.equal(WEFT_ACL_PREFIX, 'WEFT_');
  assert.equal(isWeftOwnedConfigDbKey('ACL_TABLE', 'WEFT_VRF1'), true);
  assert.equal(isWeftOwnedConfigDbKey('ACL_RULE', 'WEFT_VRF1|DENY_1'), true);
  assert.equal(isWeftOwnedConfigDbKey('ACL_TABLE', 'SSH_ONLY'), false);
  assert.equal(isWeftOwnedConfigDbKey('ACL_RULE', 'weft_x|R'), false);
  assert.equal(isWeftOwnedConfigDbKey('ACL_TABLE_TYPE', 'WEFT_L3'), false);
  assert.equal(isWeftOwnedConfigDbKey('NTP_SERVER', 'WEFT_1'), false);
  assert.equal(isWeftOwnedConfigDbKey('VLAN', 'Vlan10'), true);
});
