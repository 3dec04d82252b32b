// The order SONiC's managers need, as the groups of a plan show it: every table Weft writes at
// its rank, created least dependent first and deleted most dependent first, each interface
// table's name entry before its addresses, and a VRF's vni after the VXLAN map.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEFT_OWNED_CONFIGDB_TABLES } from '#render-sonic';
import { planConfigDb, weftOwnership, type Entries } from './index.js';

const OWNERSHIP = weftOwnership(WEFT_OWNED_CONFIGDB_TABLES);

const ENTRIES: Entries = {
  'DEVICE_METADATA|localhost': { hostname: 'leaf1' },
  'PORT|Ethernet0': { mtu: '9100' },
  'SAG|GLOBAL': { gateway_mac: '00:00:5e:00:01:01' },
  'PORTCHANNEL|PortChannel1': { mtu: '9100' },
  'PORTCHANNEL_MEMBER|PortChannel1|Ethernet4': { NULL: 'NULL' },
  'VRF|Vrf1': { vni: '10000' },
  'VLAN|Vlan10': { vlanid: '10' },
  'VLAN_MEMBER|Vlan10|Ethernet0': { tagging_mode: 'untagged' },
  'INTERFACE|Ethernet48': { NULL: 'NULL' },
  'INTERFACE|Ethernet48|10.1.0.1/31': { NULL: 'NULL' },
  'VLAN_INTERFACE|Vlan10': { vrf_name: 'Vrf1' },
  'VLAN_INTERFACE|Vlan10|10.10.0.1/24': { NULL: 'NULL' },
  'LOOPBACK_INTERFACE|Loopback0': { NULL: 'NULL' },
  'LOOPBACK_INTERFACE|Loopback0|10.0.0.1/32': { NULL: 'NULL' },
  'VLAN_SUB_INTERFACE|Ethernet0.100': { vrf_name: 'Vrf1' },
  'VLAN_SUB_INTERFACE|Ethernet0.100|192.0.2.1/31': { NULL: 'NULL' },
  'VXLAN_TUNNEL|vtep1': { src_ip: '10.0.0.1' },
  'VXLAN_EVPN_NVO|nvo1': { source_vtep: 'vtep1' },
  'VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan3000': { vlan: 'Vlan3000', vni: '10000' },
  'NTP_SERVER|192.0.2.123': { iburst: 'on' },
};

test('created least dependent first: each table at its rank, the VRF vni last but the tables Weft does not model', () => {
  assert.deepEqual(
    planConfigDb({ desired: ENTRIES, actual: {}, ownership: OWNERSHIP }).groups.map((g) => g.label),
    [
      'write DEVICE_METADATA, PORT, SAG',
      'write PORTCHANNEL',
      'write PORTCHANNEL_MEMBER',
      'write VRF',
      'write VLAN',
      'write INTERFACE, LOOPBACK_INTERFACE, VLAN_INTERFACE, VLAN_MEMBER, VLAN_SUB_INTERFACE',
      'write INTERFACE, LOOPBACK_INTERFACE, VLAN_INTERFACE, VLAN_SUB_INTERFACE',
      'write VXLAN_TUNNEL',
      'write VXLAN_EVPN_NVO',
      'write VXLAN_TUNNEL_MAP',
      'write VRF',
      'write NTP_SERVER',
    ],
  );
});

test('deleted most dependent first; the platform\'s shared entries only lose Weft\'s fields', () => {
  assert.deepEqual(
    planConfigDb({ desired: {}, actual: ENTRIES, ownership: OWNERSHIP, previous: ENTRIES }).groups.map((g) => g.label),
    [
      'remove NTP_SERVER',
      'remove VXLAN_TUNNEL_MAP',
      'remove VXLAN_EVPN_NVO',
      'remove VXLAN_TUNNEL',
      'remove INTERFACE, LOOPBACK_INTERFACE, VLAN_INTERFACE, VLAN_SUB_INTERFACE',
      'remove INTERFACE, LOOPBACK_INTERFACE, VLAN_INTERFACE, VLAN_MEMBER, VLAN_SUB_INTERFACE',
      'remove VLAN',
      'remove VRF',
      'remove PORTCHANNEL_MEMBER',
      'remove PORTCHANNEL',
      'remove SAG',
      // the platform's entries stay: only the fields Weft wrote go, as its writes at the base rank
      'write DEVICE_METADATA, PORT',
    ],
  );
});
