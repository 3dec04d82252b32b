// Which VXLAN devices the lab flaps because zebra did not take them up, case by case: only up
// devices with a VNI are judged, and only once zebra lists any VNI at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stuckVnis, vtepsWithoutRouterMac, type DesiredLink } from './index.js';

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

test('a VTEP has its router MAC only from a neighbour zebra installed (extern_learn) with an address', () => {
  const routes = JSON.stringify([
    { dst: '10.2.0.0/16', gateway: '10.0.0.3', dev: 'Vlan3000' },
    { dst: '10.3.0.0/16', nexthops: [{ gateway: '10.0.0.4', dev: 'Vlan3000' }, { gateway: '10.0.0.5', dev: 'Vlan3000' }] },
  ]);
  const neighbours = JSON.stringify([
    { dst: '10.0.0.3', lladdr: '02:00:00:00:00:03', extern_learn: null },
    { dst: '10.0.0.4', lladdr: '02:00:00:00:00:04' },
    { dst: '10.0.0.5', extern_learn: null },
  ]);
  assert.deepEqual(vtepsWithoutRouterMac(routes, neighbours, 'Vlan3000'), ['10.0.0.4', '10.0.0.5']);
});
