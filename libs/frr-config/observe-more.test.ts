// FRR's JSON read into the Agent's status in the cases the other tests do not meet: a session's
// prefixes added up over its families, sessions of several VRFs, a VTEP shared by several VNIs,
// older FRR's numRemoteVteps list, and interfaces asked for by name that zebra does not show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bgpNeighborsFrom, interfacesFrom, remoteVtepsFrom } from './index.js';

test('a session\'s prefixes are added up over its families; sessions sort by VRF (as text: default before Vrf2), then peer', () => {
  const summary = {
    Vrf2: { ipv4Unicast: { peers: { '192.0.2.9': { remoteAs: 64500, state: 'Active' } } } },
    default: {
      ipv4Unicast: { peers: { eth2: { remoteAs: 65100, state: 'Established', pfxRcd: 2, peerUptime: '00:01:00' }, eth1: { remoteAs: 0, state: 'Idle' } } },
      l2VpnEvpn: { peers: { eth2: { remoteAs: 0, state: 'Established', pfxRcd: 5, peerUptime: '00:01:01' } } },
    },
  };
  assert.deepEqual(bgpNeighborsFrom(summary), [
    { peer: 'eth1', vrf: 'default', state: 'Idle', families: [{ family: 'ipv4Unicast', state: 'Idle' }] },
    {
      peer: 'eth2',
      vrf: 'default',
      remoteAs: 65100,
      state: 'Established',
      prefixesReceived: 7,
      uptime: '00:01:01',
      families: [
        { family: 'ipv4Unicast', state: 'Established', prefixesReceived: 2 },
        { family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 5 },
      ],
    },
    { peer: '192.0.2.9', vrf: 'Vrf2', remoteAs: 64500, state: 'Active', families: [{ family: 'ipv4Unicast', state: 'Active' }] },
  ]);
  assert.deepEqual(bgpNeighborsFrom({ default: 'x', Vrf1: { ipv4Unicast: { peers: { a: 5 } }, l2VpnEvpn: 3 } }), []);
});

test('a VTEP shared by several VNIs lists them in order; older FRR\'s numRemoteVteps list is read too', () => {
  const vnis = [
    { vni: 300, remoteVteps: ['10.0.0.9', '10.0.0.3'] },
    { vni: 100, numRemoteVteps: ['10.0.0.3'] },
    { remoteVteps: ['10.0.0.4'] },
  ];
  assert.deepEqual(remoteVtepsFrom(vnis), [
    { ip: '10.0.0.3', vnis: [100, 300] },
    { ip: '10.0.0.4', vnis: [] },
    { ip: '10.0.0.9', vnis: [300] },
  ]);
});

test('an interface asked for by name that zebra does not show is absent', () => {
  assert.deepEqual(interfacesFrom({ eth0: { administrativeStatus: 'up', operationalStatus: 'up' } }, ['eth1', 'eth0']), [
    { name: 'eth1', admin: 'unknown', oper: 'absent' },
    { name: 'eth0', admin: 'up', oper: 'up' },
  ]);
});
