// How the shim's operations read in its log, one line each, and the leftovers of VLANs that
// CONFIG_DB no longer has: deleted where the switch keeps the namespace, left to go with a VRF
// namespace that goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOp, planShim, type DesiredState, type ObservedLink, type ObservedState } from './index.js';

test('every operation reads as one log line naming its namespace and device', () => {
  const pair = { a: { node: 'leaf1', netns: 'wl-leaf1@Vrf1', name: 'Ethernet60.1000' }, b: { node: 'server4', netns: 'wl-server4', name: 'eth0.1000' }, mtu: 9100 };
  assert.deepEqual(
    [
      describeOp({ op: 'vrf-add', vrf: 'Vrf1', netns: 'wl-leaf1@Vrf1' }),
      describeOp({ op: 'vrf-del', vrf: 'Vrf2', netns: 'wl-leaf1@Vrf2' }),
      describeOp({ op: 'bridge-add', netns: 'wl-leaf1@Vrf1', name: 'Vlan1000' }),
      describeOp({ op: 'vxlan-add', underlay: 'wl-leaf1', netns: 'wl-leaf1@Vrf1', name: 'vtep-1000', vni: 10000, local: '10.0.0.11' }),
      describeOp({ op: 'veth-add', pair }),
      describeOp({ op: 'link-move', name: 'Ethernet0', from: 'wl-leaf1', to: 'wl-leaf1@Vrf1' }),
      describeOp({ op: 'link-del', netns: 'wl-leaf1', name: 'Vlan1001' }),
      describeOp({ op: 'addr-add', netns: 'wl-leaf1', name: 'lo', address: '10.0.0.11/32' }),
      describeOp({ op: 'addr-del', netns: 'wl-leaf1@Vrf1', name: 'Vlan1000', address: '10.1.1.1/24' }),
      describeOp({ op: 'acl-set', netns: 'wl-leaf1', ruleset: 'table bridge weft_acl {}' }),
      describeOp({ op: 'acl-del', netns: 'wl-leaf1@Vrf1' }),
    ],
    [
      'vrf-add Vrf1 (wl-leaf1@Vrf1)',
      'vrf-del Vrf2 (wl-leaf1@Vrf2)',
      'bridge-add wl-leaf1@Vrf1/Vlan1000',
      'vxlan-add wl-leaf1@Vrf1/vtep-1000 vni 10000 local 10.0.0.11',
      'veth-add wl-leaf1@Vrf1/Ethernet60.1000 <-> wl-server4/eth0.1000',
      'link-move Ethernet0 wl-leaf1 -> wl-leaf1@Vrf1',
      'link-del wl-leaf1/Vlan1001',
      'addr-add wl-leaf1/lo 10.0.0.11/32',
      'addr-del wl-leaf1@Vrf1/Vlan1000 10.1.1.1/24',
      'acl-set wl-leaf1',
      'acl-del wl-leaf1@Vrf1',
    ],
  );
});

test('a link-set line lists only what changes: MTU, MAC, bridge or none, learning on or off, up or down', () => {
  assert.equal(describeOp({ op: 'link-set', netns: 'wl-leaf1', name: 'Ethernet0', mtu: 9100, mac: '02:aa:bb:cc:dd:ee', master: 'Vlan1000', learning: true, up: true }), 'link-set wl-leaf1/Ethernet0 mtu 9100 address 02:aa:bb:cc:dd:ee master Vlan1000 learning on up');
  assert.equal(describeOp({ op: 'link-set', netns: 'wl-leaf1', name: 'vtep-1000', master: null, learning: false, up: false }), 'link-set wl-leaf1/vtep-1000 nomaster learning off down');
  assert.equal(describeOp({ op: 'link-set', netns: 'wl-leaf1', name: 'Ethernet4' }), 'link-set wl-leaf1/Ethernet4 ');
});

const link = (netns: string, name: string, kind: ObservedLink['kind']): ObservedLink => ({ name, netns, kind, up: true, carrier: true, mtu: 9100, mac: '02:00:00:00:00:01', addresses: [] });

test('leftover VLAN bridges and VXLANs are deleted in the switch namespace and kept VRFs; a VRF that goes takes its own along', () => {
  const desired: DesiredState = { vrfs: [{ vrf: 'Vrf1', netns: 'wl-leaf1@Vrf1' }], links: [], loopback: [], acls: new Map(), subLinks: [], problems: [] };
  const observed: ObservedState = {
    vrfs: [
      { vrf: 'Vrf1', netns: 'wl-leaf1@Vrf1' },
      { vrf: 'Vrf2', netns: 'wl-leaf1@Vrf2' },
    ],
    links: [
      link('wl-leaf1', 'Vlan1001', 'bridge'),
      link('wl-leaf1', 'Ethernet0', 'veth'),
      link('wl-leaf1@Vrf1', 'vtep-1001', 'vxlan'),
      link('wl-leaf1@Vrf2', 'Vlan1002', 'bridge'),
      link('wl-server1', 'Vlan1003', 'bridge'),
    ],
    loopback: [],
    acls: new Map(),
  };
  assert.deepEqual(planShim(desired, observed, 'wl-leaf1').map(describeOp), ['link-del wl-leaf1/Vlan1001', 'link-del wl-leaf1@Vrf1/vtep-1001', 'vrf-del Vrf2 (wl-leaf1@Vrf2)']);
});
