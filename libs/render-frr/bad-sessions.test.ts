// Device intents frr.conf cannot take, said in full: a session on a port the switch lacks, a
// VyOS router handed to the FRR renderer, and what a leak or session names wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceIntent } from '#domain';
import { BORDER_VYOS, LEAF_EVPN, SPINE } from '#testing';
import { FrrRenderError, renderFrrConf } from './index.js';

const failure = (device: DeviceIntent): string => {
  try {
    renderFrrConf(device);
  } catch (error) {
    assert.ok(error instanceof FrrRenderError, String(error));
    return error.message;
  }
  return 'rendered';
};

test('a session on a port the switch does not have names the port and the switch', () => {
  const neighbors = [...LEAF_EVPN.bgp.neighbors, { interface: 'Ethernet99', remoteAs: 'external' as const, description: 'spine9', evpn: true }];
  assert.equal(failure({ ...LEAF_EVPN, bgp: { ...LEAF_EVPN.bgp, neighbors } }), 'BGP neighbour interface Ethernet99 of leaf1 is not one of its ports');
});

test('a VyOS router is not rendered as frr.conf; a session needs exactly one peer; a leak names its source', () => {
  assert.equal(failure(BORDER_VYOS), 'border1 runs VyOS: its configuration is VyOS set commands, not frr.conf');
  const both = { ...SPINE, bgp: { ...SPINE.bgp, neighbors: [{ interface: 'Ethernet0', address: '10.0.0.1', remoteAs: 'external' as const, description: 'x', evpn: true }] } };
  assert.equal(failure(both), 'BGP neighbour "x" needs exactly one of interface and address');
  const leak: DeviceIntent = { ...LEAF_EVPN, vrfs: LEAF_EVPN.vrfs.map((vrf, i) => (i === 0 ? { ...vrf, leaks: [{ fromVrf: 'Vrf7', prefixes: [], policyName: 'p' }] } : vrf)) };
  const first = LEAF_EVPN.vrfs[0]?.name ?? '';
  assert.equal(failure(leak), `VRF ${first} of leaf1 leaks from Vrf7, which is not another VRF of the device`);
});
