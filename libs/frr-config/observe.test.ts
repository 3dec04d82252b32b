// FRR's JSON read into the Agent's status where a field is missing or malformed: what the
// status then says, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bgpNeighborsFrom, evpnMacsFrom, interfacesFrom, localVnisFrom, remoteVtepsFrom } from './index.js';

test('a BGP session without a state is Unknown until a family says it; its AS stays from the family that had it', () => {
  const summary = {
    default: {
      ipv4Unicast: { peers: { '10.0.0.2': { remoteAs: 65100 }, '10.0.0.3': { remoteAs: 65100, state: 'Established', pfxRcd: 2 }, '10.0.0.4': { remoteAs: 65100 } } },
      l2VpnEvpn: { peers: { '10.0.0.2': { state: 'Established', pfxRcd: 3 }, '10.0.0.3': {} } },
    },
  };
  assert.deepEqual(bgpNeighborsFrom(summary), [
    {
      peer: '10.0.0.2',
      vrf: 'default',
      remoteAs: 65100,
      state: 'Established',
      prefixesReceived: 3,
      families: [
        { family: 'ipv4Unicast', state: 'Unknown' },
        { family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 3 },
      ],
    },
    {
      peer: '10.0.0.3',
      vrf: 'default',
      remoteAs: 65100,
      state: 'Established',
      prefixesReceived: 2,
      families: [
        { family: 'ipv4Unicast', state: 'Established', prefixesReceived: 2 },
        { family: 'l2VpnEvpn', state: 'Unknown' },
      ],
    },
    { peer: '10.0.0.4', vrf: 'default', remoteAs: 65100, state: 'Unknown', families: [{ family: 'ipv4Unicast', state: 'Unknown' }] },
  ]);
});

test('a remote VTEP entry that is not an address is left out', () => {
  assert.deepEqual(remoteVtepsFrom({ '100': { vni: 100, remoteVteps: ['10.0.0.3', { ip: '' }, 7, null] } }), [{ ip: '10.0.0.3', vnis: [100] }]);
  assert.deepEqual(remoteVtepsFrom('not json'), []);
  assert.deepEqual(localVnisFrom([{ vni: 7, type: 'L2', state: 'Up', remoteVteps: ['10.0.0.3', { ip: 5 }, null] }]), [{ vni: 7, type: 'L2', state: 'Up', remoteVteps: ['10.0.0.3'] }]);
});

test('interfaces zebra shows without their status read as unknown and down; garbage as none', () => {
  assert.deepEqual(interfacesFrom({ eth0: {}, eth1: { administrativeStatus: 'up', operationalStatus: 'up' } }), [
    { name: 'eth0', admin: 'unknown', oper: 'down' },
    { name: 'eth1', admin: 'up', oper: 'up' },
  ]);
  assert.deepEqual(interfacesFrom(null, ['eth0']), []);
});

test('MACs of one VNI are ordered by address, a MAC without a type is unknown', () => {
  const byVni = { '10003': { macs: { 'aa:00:00:00:00:03': { type: 'remote', remoteVtep: '10.0.0.5' }, 'aa:00:00:00:00:01': { remoteVtep: '10.0.0.5' }, 'aa:00:00:00:00:02': { type: 'remote', remoteVtep: '10.0.0.5' } } } };
  assert.deepEqual(evpnMacsFrom(byVni, 10), {
    macs: [
      { mac: 'aa:00:00:00:00:01', vni: 10003, type: 'unknown', remoteVtep: '10.0.0.5' },
      { mac: 'aa:00:00:00:00:02', vni: 10003, type: 'remote', remoteVtep: '10.0.0.5' },
      { mac: 'aa:00:00:00:00:03', vni: 10003, type: 'remote', remoteVtep: '10.0.0.5' },
    ],
    omitted: 0,
  });
});
