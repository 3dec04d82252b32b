// DHCP relays in the lab: listed by namespace whatever order CONFIG_DB's VLANs come in, and a
// relay for an SVI the lab has not put into a VRF namespace is not run, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredState, planDhcpRelays, type RedisHash, type ShimSwitch } from './index.js';

const SW: ShimSwitch = { name: 'leaf1', prefix: 'wt-', netns: 'wt-leaf1', ports: new Map() };
const relay = { 'dhcpv4_servers@': '100.127.0.1', source_interface: 'Loopback0', link_selection: 'enable' };

function plan(entries: Record<string, RedisHash>) {
  const hashes = new Map<string, RedisHash>(
    Object.entries<RedisHash>({
      'DEVICE_METADATA|localhost': { bgp_asn: '65101' },
      'LOOPBACK_INTERFACE|Loopback0|10.0.0.2/32': {},
      'VRF|VrfA': { vni: '10000' },
      'VRF|VrfB': { vni: '20000' },
      ...entries,
    }),
  );
  return planDhcpRelays('wt-', hashes, desiredState(SW, hashes, new Set()));
}

test('relays are listed by namespace, not in the order of their VLANs', () => {
  const result = plan({
    'VLAN|Vlan1001': { vlanid: '1001' },
    'VLAN|Vlan1002': { vlanid: '1002' },
    'VLAN_INTERFACE|Vlan1001': { vrf_name: 'VrfB' },
    'VLAN_INTERFACE|Vlan1002': { vrf_name: 'VrfA' },
    'DHCPV4_RELAY|Vlan1001': relay,
    'DHCPV4_RELAY|Vlan1002': relay,
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(
    result.relays.map((r) => [r.netns, r.vlans, r.giaddr]),
    [
      ['wt-leaf1@VrfA', ['Vlan1002'], '10.0.0.2'],
      ['wt-leaf1@VrfB', ['Vlan1001'], '10.0.0.2'],
    ],
  );
});

test('a relay on an SVI in no VRF, or on a VLAN the lab has no bridge for, is not run and says why', () => {
  const result = plan({
    'VLAN|Vlan1001': { vlanid: '1001' },
    'VLAN_INTERFACE|Vlan1001': {},
    'VLAN_INTERFACE|Vlan1009': { vrf_name: 'VrfA' },
    'DHCPV4_RELAY|Vlan1001': relay,
    'DHCPV4_RELAY|Vlan1009': relay,
  });
  assert.deepEqual(result.relays, []);
  assert.deepEqual(result.problems, ['DHCPV4_RELAY|Vlan1001: its VLAN interface is in no VRF the lab made yet', 'DHCPV4_RELAY|Vlan1009: its VLAN interface is in no VRF the lab made yet']);
});
