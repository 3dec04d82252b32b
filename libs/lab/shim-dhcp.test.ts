// DHCPV4_RELAY in the lab (pure): a relay per VRF namespace for the SVIs that relay to Weft's DHCP
// service, with the switch's Loopback0 as giaddr and the VRF's service namespace; the dhcrelay
// command line SONiC's dhcp4relay stands for; what the lab does not run is said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredState, dhcrelayArgs, planDhcpRelays, type RedisHash, type ShimSwitch } from './index.js';

const SW: ShimSwitch = { name: 'leaf1', prefix: 'wt-', netns: 'wt-leaf1', ports: new Map() };

function hashes(extra: Record<string, RedisHash> = {}): Map<string, RedisHash> {
  const base: Record<string, RedisHash> = {
      'DEVICE_METADATA|localhost': { bgp_asn: '65101' },
      'LOOPBACK_INTERFACE|Loopback0|10.0.0.2/32': {},
      'VRF|Vrf1': { vni: '10000' },
      'VRF|Vrf2': { vni: '20000' },
      'VLAN|Vlan1001': { vlanid: '1001' },
      'VLAN|Vlan1002': { vlanid: '1002' },
      'VLAN|Vlan1003': { vlanid: '1003' },
      'VLAN_INTERFACE|Vlan1001': { vrf_name: 'Vrf1' },
      'VLAN_INTERFACE|Vlan1001|10.10.1.1/24': {},
      'VLAN_INTERFACE|Vlan1002': { vrf_name: 'Vrf1' },
      'VLAN_INTERFACE|Vlan1002|10.10.2.1/24': {},
      'VLAN_INTERFACE|Vlan1003': { vrf_name: 'Vrf2' },
      'VLAN_INTERFACE|Vlan1003|10.10.1.1/24': {},
      'DHCPV4_RELAY|Vlan1001': { 'dhcpv4_servers@': '100.127.0.1', source_interface: 'Loopback0', link_selection: 'enable', server_id_override: 'enable', vrf_selection: 'enable' },
      'DHCPV4_RELAY|Vlan1002': { 'dhcpv4_servers@': '100.127.0.1', source_interface: 'Loopback0', link_selection: 'enable' },
      'DHCPV4_RELAY|Vlan1003': { 'dhcpv4_servers@': '100.127.0.2', source_interface: 'Loopback0', link_selection: 'enable' },
  };
  return new Map(Object.entries({ ...base, ...extra }));
}

test("one relay per VRF namespace, over the SVIs relaying to Weft's service, giaddr from Loopback0", () => {
  const db = hashes();
  const plan = planDhcpRelays('wt-', db, desiredState(SW, db, new Set()));
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.relays, [
    { netns: 'wt-leaf1@Vrf1', vrf: 'Vrf1', vlans: ['Vlan1001', 'Vlan1002'], servers: ['100.127.0.1'], giaddr: '10.0.0.2', serviceNetns: 'wt-_dhcp@Vrf1', leg: 'dhcp0' },
    { netns: 'wt-leaf1@Vrf2', vrf: 'Vrf2', vlans: ['Vlan1003'], servers: ['100.127.0.2'], giaddr: '10.0.0.2', serviceNetns: 'wt-_dhcp@Vrf2', leg: 'dhcp0' },
  ]);
  assert.deepEqual(dhcrelayArgs(plan.relays[0] ?? assert.fail()), ['-4', '-d', '--no-pid', '-id', 'Vlan1001', '-id', 'Vlan1002', '-iu', 'dhcp0', '-U', 'dhcp0', '100.127.0.1']);
});

test('a relay to the tenant\'s own servers, or one without servers, is named as not run', () => {
  const db = hashes({ 'DHCPV4_RELAY|Vlan1002': { 'dhcpv4_servers@': '192.0.2.67' }, 'DHCPV4_RELAY|Vlan1003': { 'dhcpv4_servers@': 'not-an-address' } });
  const plan = planDhcpRelays('wt-', db, desiredState(SW, db, new Set()));
  assert.deepEqual(plan.relays.map((r) => [r.netns, r.vlans]), [['wt-leaf1@Vrf1', ['Vlan1001']]]);
  assert.deepEqual(plan.problems, [
    "DHCPV4_RELAY|Vlan1002: a relay without link selection from Loopback0 (to the tenant's servers) is not run in the lab",
    'DHCPV4_RELAY|Vlan1003: no IPv4 dhcpv4_servers',
  ]);
});

test('no Loopback0 address: no relay, and the reason', () => {
  const db = hashes();
  db.delete('LOOPBACK_INTERFACE|Loopback0|10.0.0.2/32');
  const plan = planDhcpRelays('wt-', db, desiredState(SW, db, new Set()));
  assert.deepEqual(plan.relays, []);
  assert.equal(plan.problems.length, 3);
  assert.match(plan.problems[0] ?? '', /no Loopback0 address for giaddr/);
});
