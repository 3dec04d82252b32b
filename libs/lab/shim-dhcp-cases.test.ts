// The service addresses a relay forwards to: only dotted IPv4 addresses, each byte 0..255, with
// nothing before or after; a relay left with none is a problem naming its VLAN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredState, planDhcpRelays, type RedisHash, type ShimSwitch } from './index.js';

const SW: ShimSwitch = { name: 'leaf1', prefix: 'wt-', netns: 'wt-leaf1', ports: new Map() };

test('dhcpv4_servers that are not plain IPv4 addresses are dropped', () => {
  const db = new Map<string, RedisHash>(
    Object.entries<RedisHash>({
      'DEVICE_METADATA|localhost': { bgp_asn: '65101' },
      'LOOPBACK_INTERFACE|Loopback0|10.0.0.2/32': {},
      'VRF|Vrf1': { vni: '10000' },
      'VLAN|Vlan1001': { vlanid: '1001' },
      'VLAN_INTERFACE|Vlan1001': { vrf_name: 'Vrf1' },
      'VLAN|Vlan1002': { vlanid: '1002' },
      'VLAN_INTERFACE|Vlan1002': { vrf_name: 'Vrf1' },
      'DHCPV4_RELAY|Vlan1001': {
        'dhcpv4_servers@': '100.127.0.1,x100.127.0.2,100.127.0.3x,100.127.0.256,250.255.249.199,9.0.10.1,240.241.249.9,199.100.0.1,fd00::1',
        source_interface: 'Loopback0',
        link_selection: 'enable',
      },
      'DHCPV4_RELAY|Vlan1002': { 'dhcpv4_servers@': '256.1.1.1,1.2.3,259.1.1.1,299.1.1.1,1.1.1.259,1.1.1.299,a.b.c.d,1..2.3,1234.1.1.1,1.2.3.4.5,1.2.3.4 5,2a0.1.1.1,1.2a0.1.1,1.1.1.2a0', source_interface: 'Loopback0', link_selection: 'enable' },
    }),
  );
  const plan = planDhcpRelays('wt-', db, desiredState(SW, db, new Set()));
  assert.deepEqual(plan.problems, ['DHCPV4_RELAY|Vlan1002: no IPv4 dhcpv4_servers']);
  assert.deepEqual(
    plan.relays.map((r) => r.servers),
    [['100.127.0.1', '199.100.0.1', '240.241.249.9', '250.255.249.199', '9.0.10.1']],
  );
});

test('relays the lab does not run: no link selection, not from Loopback0, an SVI in no VRF, or a VLAN with no bridge', () => {
  const relay = { 'dhcpv4_servers@': '100.127.0.1', source_interface: 'Loopback0', link_selection: 'enable' };
  const db = new Map<string, RedisHash>(
    Object.entries<RedisHash>({
      'DEVICE_METADATA|localhost': { bgp_asn: '65101' },
      'LOOPBACK_INTERFACE|Loopback0|10.0.0.2/32': {},
      'VRF|Vrf1': { vni: '10000' },
      'VLAN|Vlan1001': { vlanid: '1001' },
      'VLAN_INTERFACE|Vlan1001': { vrf_name: 'Vrf1' },
      'VLAN|Vlan1002': { vlanid: '1002' },
      'VLAN_INTERFACE|Vlan1002': { vrf_name: 'Vrf1' },
      'VLAN|Vlan1003': { vlanid: '1003' },
      'VLAN|Vlan1004': { vlanid: '1004' },
      'VLAN_INTERFACE|Vlan1004': { vrf_name: 'Vrf1' },
      'DHCPV4_RELAY|Vlan1001': { ...relay, link_selection: 'disable' },
      'DHCPV4_RELAY|Vlan1002': { ...relay, source_interface: 'Ethernet0' },
      'DHCPV4_RELAY|Vlan1003': relay,
      'DHCPV4_RELAY|Vlan1004': relay,
      'DHCPV4_RELAY|Vlan1005': relay,
      'VLAN_INTERFACE|Vlan1006': { vrf_name: 'Vrf1' },
      'DHCPV4_RELAY|Vlan1006': relay,
    }),
  );
  const plan = planDhcpRelays('wt-', db, desiredState(SW, db, new Set()));
  assert.deepEqual(plan.problems, [
    'DHCPV4_RELAY|Vlan1001: a relay without link selection from Loopback0 (to the tenant\'s servers) is not run in the lab',
    'DHCPV4_RELAY|Vlan1002: a relay without link selection from Loopback0 (to the tenant\'s servers) is not run in the lab',
    'DHCPV4_RELAY|Vlan1003: its VLAN interface is in no VRF the lab made yet',
    'DHCPV4_RELAY|Vlan1005: its VLAN interface is in no VRF the lab made yet',
    'DHCPV4_RELAY|Vlan1006: its VLAN interface is in no VRF the lab made yet',
  ]);
  assert.deepEqual(
    plan.relays.map((r) => [r.netns, r.vlans]),
    [['wt-leaf1@Vrf1', ['Vlan1004']]],
  );
});
