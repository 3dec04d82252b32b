// What of FRR's BGP summary reaches the Agent status: only fields of the right kind and range,
// either name of the received-prefix count, and the default VRF before every other VRF name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBgpSummary } from './index.js';

test('remote AS from 1 to 4294967294, received prefixes from 0, a non-empty uptime; anything else is left out', () => {
  const peers = {
    a: { state: 'Established', remoteAs: 4294967294, pfxRcd: 0, peerUptime: '00:00:01' },
    b: { state: 'Established', remoteAs: 4294967295, pfxRcd: -1, peerUptime: '' },
    c: { state: 'Established', remoteAs: 1, pfxRcd: 1.5 },
    d: { state: 'Established', remoteAs: 65000.5, pfxRcd: '3', peerUptime: 5 },
    e: { state: 'Established', remoteAs: '65000', prefixReceivedCount: 7 },
  };
  assert.deepEqual(parseBgpSummary({ default: { peers } }), [
    { peer: 'a', vrf: 'default', state: 'Established', remoteAs: 4294967294, prefixesReceived: 0, uptime: '00:00:01' },
    { peer: 'b', vrf: 'default', state: 'Established' },
    { peer: 'c', vrf: 'default', state: 'Established', remoteAs: 1 },
    { peer: 'd', vrf: 'default', state: 'Established' },
    { peer: 'e', vrf: 'default', state: 'Established', prefixesReceived: 7 },
  ]);
});

test('the default VRF comes before VRFs whose names sort early; what is not a summary or a peer is skipped', () => {
  const summary = {
    Blue: { peers: { '192.0.2.1': { state: 'Idle' } } },
    A: null,
    B: 5,
    default: {
      // an address family FRR prints without peers (no neighbours configured in it)
      ipv4Multicast: { routerId: '10.0.0.21' },
      failedPeers: 0,
      l2VpnEvpn: { peers: { eth1: { state: 'Established' }, junk: 'x' } },
    },
  };
  assert.deepEqual(parseBgpSummary(summary), [
    { peer: 'eth1', vrf: 'default', state: 'Established' },
    { peer: '192.0.2.1', vrf: 'Blue', state: 'Idle' },
  ]);
  assert.throws(() => parseBgpSummary(null), { name: 'TypeError', message: 'a BGP summary must be a JSON object keyed by VRF' });
});
