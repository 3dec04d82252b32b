// The order of what the Agent reports from FRR is the same on every machine: the default VRF
// first, then the others by name as text (uppercase before lowercase, as bytes); peers and remote
// VTEPs in natural order, so eth2 comes before eth10 and 10.0.0.9 before 10.0.0.10. Before, the
// order came from the machine's locale (localeCompare), and eth10 came before eth2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bgpNeighborsFrom, remoteVtepsFrom } from './index.js';

const peer = { remoteAs: 65100, state: 'Established' };

test('sessions list the default VRF first, the other VRFs as text, and peers in natural order', () => {
  const summary = {
    'vrf-b': { ipv4Unicast: { peers: { eth3: peer } } },
    Vrf10: { ipv4Unicast: { peers: { eth4: peer } } },
    'Vrf-a': { ipv4Unicast: { peers: { eth5: peer } } },
    default: { ipv4Unicast: { peers: { eth10: peer, eth2: peer, eth1: peer } } },
  };
  assert.deepEqual(
    bgpNeighborsFrom(summary).map((n) => `${n.vrf} ${n.peer}`),
    ['default eth1', 'default eth2', 'default eth10', 'Vrf-a eth5', 'Vrf10 eth4', 'vrf-b eth3'],
  );
});

test('remote VTEPs list in natural order: 10.0.0.9 before 10.0.0.10', () => {
  const vnis = [{ vni: 100, remoteVteps: ['10.0.0.10', '10.0.0.9', '10.0.1.1'] }];
  assert.deepEqual(
    remoteVtepsFrom(vnis).map((v) => v.ip),
    ['10.0.0.9', '10.0.0.10', '10.0.1.1'],
  );
});
