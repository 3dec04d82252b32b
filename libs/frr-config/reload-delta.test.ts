// The small readings of frr.conf and frr-reload's delta the agent decides on: is there a change,
// which hostname does the config set, the netns line each VRF needs, a `no` line that goes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configDelta, hostnameOf, isEmptyDelta, lineText, withNetnsVrfs } from './index.js';

const LINE = { context: ['router bgp 65101'], command: 'neighbor fabric description spines' };

test('a delta is empty only with nothing to delete and nothing to add', () => {
  assert.equal(isEmptyDelta({ deletes: [], adds: [] }), true);
  assert.equal(isEmptyDelta({ deletes: [LINE], adds: [] }), false);
  assert.equal(isEmptyDelta({ deletes: [], adds: [LINE] }), false);
});

test('the hostname a config sets is its own top-level line, trailing blanks left out', () => {
  assert.equal(hostnameOf('frr version 8.4\nhostname leaf1\n!\n'), 'leaf1');
  assert.equal(hostnameOf('frr version 8.4\nhostname leaf1  \n'), 'leaf1');
  assert.equal(hostnameOf('router bgp 65101\n neighbor x description was hostname spine1\nhostname leaf1\n'), 'leaf1');
  assert.equal(hostnameOf('hostname leaf 1\n'), undefined);
  assert.equal(hostnameOf('frr version 8.4\n'), undefined);
});

test('the netns line goes into a vrf block that ends the config', () => {
  assert.equal(withNetnsVrfs('vrf Vrf1\n vni 10000\nexit-vrf\nvrf Vrf2\n vni 10002'), 'vrf Vrf1\n netns /run/netns/Vrf1\n vni 10000\nexit-vrf\nvrf Vrf2\n netns /run/netns/Vrf2\n vni 10002');
  assert.equal(withNetnsVrfs('vrf Vrf2\n netns /run/netns/Vrf2'), 'vrf Vrf2\n netns /run/netns/Vrf2');
});

test('a `no` line that leaves the config is deleted as the setting it turned off', () => {
  const before = 'router bgp 65101\n no bgp ebgp-requires-policy\n bgp router-id 10.0.0.2\nexit\n';
  const after = 'router bgp 65101\n bgp router-id 10.0.0.2\nexit\n';
  const delta = configDelta(before, after);
  assert.deepEqual(delta.deletes.map(lineText), ['router bgp 65101 / bgp ebgp-requires-policy']);
  assert.deepEqual(delta.adds, []);
});
