// Attachments the lab gives no address, each with the reason `weft lab` prints: a VPC, subnet or
// connection that does not exist, a connection that is not a server's, a subnet with no host
// left; and a subnet whose CIDR is not one is passed over without numbering anything in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, conn, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';
import { planLab, planServerAddresses } from './index.js';

const wiring = [
  ...smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 3 }),
  sw('border1', 'border'),
  conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
  conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
];

test('attachments to a missing VPC, subnet or connection, or to a connection that is not a server one, are skipped with the reason', () => {
  const set = resourceSet(
    wiring,
    vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }),
    attach('default', 'no-vpc', 'blue/a', 'server1--leaf1', true),
    attach('default', 'no-subnet', 'red/z', 'server1--leaf1', true),
    attach('default', 'no-conn', 'red/a', 'server9--leaf1', true),
    attach('default', 'on-fabric', 'red/a', 'spine1--leaf1', true),
    attach('default', 'on-border', 'red/a', 'border1--transit', true),
    attach('default', 'ok', 'red/a', 'server1--leaf1', true),
  );
  const { addresses, skipped } = planServerAddresses(set, planLab(set, { prefix: 'wl-', underlayMtu: 9100 }));
  assert.deepEqual(skipped, [
    { attachment: 'default/no-vpc', reason: 'its VPC, subnet or connection does not exist' },
    { attachment: 'default/no-subnet', reason: 'its VPC, subnet or connection does not exist' },
    { attachment: 'default/no-conn', reason: 'its VPC, subnet or connection does not exist' },
    { attachment: 'default/on-fabric', reason: 'connection spine1--leaf1 is not a server connection' },
    { attachment: 'default/on-border', reason: 'connection border1--transit is not a server connection' },
  ]);
  assert.deepEqual(
    addresses.map((a) => [a.attachment, a.ip]),
    [['default/ok', '10.5.1.2']],
  );
});

test('a subnet with no host left skips the attachments that do not fit, naming the CIDR', () => {
  // a /30 holds two hosts: the gateway and one server
  const set = resourceSet(
    wiring,
    vpc('default', 'tiny', 'acme', { p2p: '10.7.0.0/30' }),
    attach('default', 't1', 'tiny/p2p', 'server1--leaf1', true),
    attach('default', 't2', 'tiny/p2p', 'server2--leaf1', true),
    attach('default', 't3', 'tiny/p2p', 'server3--leaf1', true),
  );
  const { addresses, skipped } = planServerAddresses(set, planLab(set, { prefix: 'wl-', underlayMtu: 9100 }));
  assert.deepEqual(
    addresses.map((a) => [a.server, a.ip, a.gateway]),
    [['server1', '10.7.0.2', '10.7.0.1']],
  );
  assert.deepEqual(skipped, [
    { attachment: 'default/t2', reason: 'no free address left in 10.7.0.0/30' },
    { attachment: 'default/t3', reason: 'no free address left in 10.7.0.0/30' },
  ]);
});

test('a subnet whose CIDR does not parse numbers nothing and does not stop the others', () => {
  const set = resourceSet(
    wiring,
    vpc('default', 'red', 'acme', { bad: '10.5.1.0', good: '10.5.2.0/24' }),
    attach('default', 'b1', 'red/bad', 'server1--leaf1', true),
    attach('default', 'g2', 'red/good', 'server2--leaf1', true),
  );
  const { addresses, skipped } = planServerAddresses(set, planLab(set, { prefix: 'wl-', underlayMtu: 9100 }));
  assert.deepEqual(
    addresses.map((a) => [a.attachment, a.ip]),
    [['default/g2', '10.5.2.2']],
  );
  assert.deepEqual(skipped, []);
});
