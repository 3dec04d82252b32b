// The lab's repairs of zebra 8.4 with netns VRFs, on the states the main routing tests leave
// out: an L3VNI that is up but lacks its VXLAN or SVI, zebra output with escaped quotes, leaked
// routes in several VRFs, and leak links with one end gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakedRoutes, planLeaks, splitJsonValues, stuckVnis, type DesiredLink } from './index.js';

const vxlan = (name: string, vni: number): DesiredLink => ({ name, netns: 'wl-leaf1@Vrf1', kind: 'vxlan', up: true, addresses: [], vxlan: { vni, local: '10.0.0.2' } });

test('an L3VNI that is up but has no VXLAN interface or no SVI is stuck; one with both is not', () => {
  const detail = JSON.stringify([
    { vni: 10000, type: 'L3', vxlanIntf: 'None', sviIntf: 'Vlan3000', state: 'Up' },
    { vni: 10001, type: 'L3', vxlanIntf: 'vtep1-3001', sviIntf: 'None', state: 'Up' },
    { vni: 10002, type: 'L3', vxlanIntf: 'vtep1-3002', sviIntf: 'Vlan3002', state: 'Up' },
    { vni: 10003, type: 'L3' },
  ]);
  assert.deepEqual(stuckVnis([vxlan('vtep1-3000', 10000), vxlan('vtep1-3001', 10001), vxlan('vtep1-3002', 10002), vxlan('vtep1-3003', 10003)], detail), [
    { vni: 10000, netns: 'wl-leaf1@Vrf1', device: 'vtep1-3000', reason: 'L3VNI Up, SVI Vlan3000' },
    { vni: 10001, netns: 'wl-leaf1@Vrf1', device: 'vtep1-3001', reason: 'L3VNI Up, SVI None' },
    { vni: 10003, netns: 'wl-leaf1@Vrf1', device: 'vtep1-3003', reason: 'L3VNI unknown, SVI unknown' },
  ]);
});

test('JSON values are split at their ends, not at brackets or quotes inside escaped strings; a broken one is skipped', () => {
  const text = '{"desc":"peer \\"spine1}\\" \\\\"}\n[{"note":"a ] in text"}]\n{"b":1}';
  assert.deepEqual(splitJsonValues(text), [{ desc: 'peer "spine1}" \\' }, [{ note: 'a ] in text' }], { b: 1 }]);
  assert.deepEqual(splitJsonValues('{broken: 1}\n{"b":2}'), [{ b: 2 }], 'a broken chunk is skipped');
});

test('leaked routes of several VRFs come sorted by VRF and prefix; a route with no next hops is none', () => {
  const show = JSON.stringify({
    '10.20.0.0/16': [{ prefix: '10.20.0.0/16', vrfName: 'Vrf9', protocol: 'bgp', selected: true, nexthops: [{ vrf: 'Vrf1', active: true }] }],
    '10.10.0.0/16': [{ prefix: '10.10.0.0/16', vrfName: 'Vrf9', protocol: 'bgp', selected: true, nexthops: [{ vrf: 'Vrf1', active: true }] }],
    '10.30.0.0/16': [{ prefix: '10.30.0.0/16', vrfName: 'Vrf9', protocol: 'bgp', selected: true }],
  });
  const other = JSON.stringify({ '10.1.0.0/16': [{ prefix: '10.1.0.0/16', vrfName: 'Vrf1', protocol: 'bgp', selected: true, nexthops: [{ vrf: 'Vrf9', active: true }] }] });
  assert.deepEqual(leakedRoutes(`${show}\n${other}`), [
    { vrf: 'Vrf1', prefix: '10.1.0.0/16', via: 'Vrf9' },
    { vrf: 'Vrf9', prefix: '10.10.0.0/16', via: 'Vrf1' },
    { vrf: 'Vrf9', prefix: '10.20.0.0/16', via: 'Vrf1' },
  ]);
});

test('a leak link with one end missing is made again; a stale link whose far end is gone is deleted from the end that is left', () => {
  const wanted = [{ vrf: 'Vrf1', prefix: '10.2.0.0/16', via: 'Vrf2' }];
  // Vrf2's end is gone: the pair is made again
  assert.deepEqual(
    planLeaks(wanted, new Map([['Vrf1', ['lk-Vrf2']]]), [{ vrf: 'Vrf1', prefix: '10.2.0.0/16', device: 'lk-Vrf2' }]).map((o) => o.op),
    ['leak-link-add'],
  );
  assert.deepEqual(
    planLeaks(wanted, new Map([['Vrf2', ['lk-Vrf1']]]), [{ vrf: 'Vrf1', prefix: '10.2.0.0/16', device: 'lk-Vrf2' }]).map((o) => o.op),
    ['leak-link-add'],
  );
  assert.deepEqual(planLeaks(wanted, new Map([['Vrf1', ['lk-Vrf2']], ['Vrf2', ['lk-Vrf1']]]), [{ vrf: 'Vrf1', prefix: '10.2.0.0/16', device: 'lk-Vrf2' }]), []);
  // nothing wanted: Vrf7's end of a pair with Vrf3 whose other end is gone is deleted, though Vrf7 sorts after Vrf3
  assert.deepEqual(planLeaks([], new Map([['Vrf7', ['lk-Vrf3']]]), []), [{ op: 'leak-link-del', vrf: 'Vrf7', device: 'lk-Vrf3' }]);
});
