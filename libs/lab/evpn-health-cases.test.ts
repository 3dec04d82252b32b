// Which VXLAN devices the lab flaps because zebra did not take them up, case by case: only up
// devices with a VNI are judged, and only once zebra lists any VNI at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { macsZebraMissed, stuckVnis, vtepsWithoutRouterMac, type DesiredLink } from './index.js';

const vxlan = (name: string, vni: number, up = true): DesiredLink => ({ name, netns: 'wl-leaf1@Vrf1', kind: 'vxlan', up, addresses: [], vxlan: { vni, local: '10.0.0.2' } });
const zebra = JSON.stringify([{ vni: 10000, type: 'L2', state: 'Up' }]);

test('a device that is down, or has no VNI, is not judged; one up that zebra lacks is stuck', () => {
  const noVni: DesiredLink = { name: 'vtep1-3009', netns: 'wl-leaf1@Vrf1', kind: 'vxlan', up: true, addresses: [] };
  assert.deepEqual(stuckVnis([vxlan('vtep1-3001', 10001, false), noVni, vxlan('vtep1-3002', 10002), vxlan('vtep1-1000', 10000)], zebra), [
    { vni: 10002, netns: 'wl-leaf1@Vrf1', device: 'vtep1-3002', reason: 'zebra has no such VNI' },
  ]);
});

test('zebra output with no VNI numbers, or that is no list, is nothing to judge yet', () => {
  assert.deepEqual(stuckVnis([vxlan('vtep1-3002', 10002)], JSON.stringify([{ type: 'L3', state: 'Down' }])), []);
  assert.deepEqual(stuckVnis([vxlan('vtep1-3002', 10002)], JSON.stringify({ vni: 10000 })), []);
});

test('a VTEP (a next hop on the SVI, by address) has its router MAC only from a neighbour zebra installed (extern_learn) with an address', () => {
  const routes = JSON.stringify([
    { dst: '10.2.0.0/16', gateway: '10.0.0.3', dev: 'Vlan3000' },
    { dst: '10.4.0.0/16', gateway: '10.0.0.7', dev: 'Vlan3000' },
    { dst: '10.3.0.0/16', nexthops: [{ gateway: '10.0.0.5', dev: 'Vlan3000' }, { gateway: '10.0.0.4', dev: 'Vlan3000' }, { gateway: '10.0.0.6', dev: 'eth0' }] },
  ]);
  const neighbours = JSON.stringify([
    { dst: '10.0.0.3', lladdr: '02:00:00:00:00:03', extern_learn: null },
    { dst: '10.0.0.4', lladdr: '02:00:00:00:00:04' },
    { dst: '10.0.0.5', extern_learn: null },
  ]);
  assert.deepEqual(vtepsWithoutRouterMac(routes, neighbours, 'Vlan3000'), ['10.0.0.4', '10.0.0.5', '10.0.0.7']);
});

test('bridge MACs zebra missed: all learnt ones when zebra shows nothing, or nothing for this VNI', () => {
  const fdb = JSON.stringify([
    { mac: '02:aa:00:00:00:01', ifname: 'Ethernet0', master: 'Vlan1000', state: '', flags: [] },
    { mac: '02:aa:00:00:00:02', ifname: 'Ethernet4', master: 'Vlan1000', state: '' },
  ]);
  const missed = [
    { mac: '02:aa:00:00:00:01', port: 'Ethernet0', bridge: 'Vlan1000' },
    { mac: '02:aa:00:00:00:02', port: 'Ethernet4', bridge: 'Vlan1000' },
  ];
  assert.deepEqual(macsZebraMissed(fdb, '', 'Vlan1000', 10000), missed);
  assert.deepEqual(macsZebraMissed(fdb, JSON.stringify({ 10001: { macs: { '02:aa:00:00:00:01': {} } } }), 'Vlan1000', 10000), missed);
  assert.deepEqual(macsZebraMissed(fdb, JSON.stringify({ 10000: {} }), 'Vlan1000', 10000), missed);
  assert.deepEqual(macsZebraMissed(fdb, JSON.stringify({ 10000: { macs: { '02:AA:00:00:00:01': {} } } }), 'Vlan1000', 10000), missed.slice(1));
});

test('only entries the bridge learnt on a port count: not another bridge\'s, its own (self), zebra\'s (extern_learn), static ones, or ones without MAC or port', () => {
  const fdb = JSON.stringify([
    { mac: '02:aa:00:00:00:01', ifname: 'Ethernet0', master: 'Vlan1000', state: '' },
    { mac: '02:aa:00:00:00:02', ifname: 'Ethernet4', master: 'Vlan1001', state: '' },
    { mac: '02:aa:00:00:00:03', ifname: 'Vlan1000', master: 'Vlan1000', state: '', flags: ['self'] },
    { mac: '02:aa:00:00:00:04', ifname: 'vtep1-1000', master: 'Vlan1000', state: '', flags: ['extern_learn'] },
    { mac: '02:aa:00:00:00:05', ifname: 'Ethernet8', master: 'Vlan1000', state: 'permanent' },
    { ifname: 'Ethernet12', master: 'Vlan1000', state: '' },
    { mac: '02:aa:00:00:00:07', master: 'Vlan1000', state: '' },
  ]);
  assert.deepEqual(macsZebraMissed(fdb, '', 'Vlan1000', 10000), [{ mac: '02:aa:00:00:00:01', port: 'Ethernet0', bridge: 'Vlan1000' }]);
});
