// BGP sessions from `show bgp vrf all summary json` as `weft lab status` counts them: one per VRF
// and peer across address families (the worst state wins, the prefixes add up, the AS is the one
// any family knows), and nothing from entries that are not what vtysh prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBgpSummary } from './index.js';

test('a peer in two address families is one session: a state short of Established wins, prefixes add up, the AS comes from the family that knows it', () => {
  const summary = JSON.stringify({
    default: {
      ipv4Unicast: {
        peers: {
          Ethernet48: { state: 'Established', remoteAs: 65101, pfxRcd: 3 },
          Ethernet52: { state: 'Connect', remoteAs: 0 },
          Ethernet56: {},
        },
      },
      l2VpnEvpn: {
        peers: {
          Ethernet48: { state: 'Active', remoteAs: 0, pfxRcd: 2 },
          Ethernet52: { state: 'Established', remoteAs: 65102, pfxRcd: 4 },
        },
      },
    },
  });
  assert.deepEqual(parseBgpSummary(summary), [
    { vrf: 'default', peer: 'Ethernet48', state: 'Active', remoteAs: 65101, prefixesReceived: 5 },
    { vrf: 'default', peer: 'Ethernet52', state: 'Connect', remoteAs: 65102, prefixesReceived: 4 },
    { vrf: 'default', peer: 'Ethernet56', state: 'Unknown', prefixesReceived: 0 },
  ]);
});

test('a VRF or family that is no object, and peers that are no object, give no sessions', () => {
  assert.deepEqual(parseBgpSummary(JSON.stringify({ Vrf1: null, Vrf2: 'x', Vrf3: { ipv4Unicast: null, l2VpnEvpn: { peers: null }, other: { peers: ['a'] } } })), []);
  assert.deepEqual(parseBgpSummary('[1, 2]'), []);
});
