// The addresses the lab hands out where the wiring or the subnet has a say: a subnet's own
// gateway is left to the switch and never taken, and a server with two LAGs holds each
// attachment's address on the bridge of its own LAG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attach, conn, resourceSet, server, smallFabric, vpc } from '../../test/support/builders.js';
import { planLab, planServerAddresses } from './index.js';

const options = { prefix: 'wl-', underlayMtu: 9100 };

test('a subnet with its own gateway: the hosts start at the first address, and the gateway is the one given', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
    vpc('default', 'red', 'acme', { a: { cidr: '10.5.1.0/24', gateway: '10.5.1.254' } }),
    attach('default', 'r1', 'red/a', 'server1--leaf1', true),
  );
  const { addresses } = planServerAddresses(set, planLab(set, options));
  assert.deepEqual(
    addresses.map((a) => [a.attachment, a.device, a.ip, a.prefixLength, a.gateway]),
    [['default/r1', 'eth0', '10.5.1.1', 24, '10.5.1.254']],
  );
});

test('a server with two LAGs: each attachment is on the bridge of its own LAG', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 0 }),
    server('server9'),
    conn.bundled('server9--a', 'server9', [
      ['eth0', 'leaf1/Ethernet8'],
      ['eth1', 'leaf1/Ethernet12'],
    ]),
    conn.bundled('server9--b', 'server9', [
      ['eth2', 'leaf1/Ethernet16'],
      ['eth3', 'leaf1/Ethernet20'],
    ]),
    vpc('default', 'red', 'acme', { a: '10.5.1.0/24', b: '10.5.2.0/24' }),
    attach('default', 'on-a', 'red/a', 'server9--a', true),
    attach('default', 'on-b', 'red/b', 'server9--b', true),
  );
  const { addresses } = planServerAddresses(set, planLab(set, options));
  assert.deepEqual(
    addresses.map((a) => [a.attachment, a.device, a.ip]),
    [
      ['default/on-a', 'bond0', '10.5.1.2'],
      ['default/on-b', 'bond1', '10.5.2.2'],
    ],
  );
});

test('addresses go out by server, then by attachment, whatever order the attachments are listed in', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
    conn.unbundled('server1--leaf1-b', 'server1/eth1', 'leaf1/Ethernet40'),
    vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }),
    attach('default', 's2', 'red/a', 'server2--leaf1', true),
    attach('default', 'z1', 'red/a', 'server1--leaf1', true),
    attach('default', 'a1', 'red/a', 'server1--leaf1-b', true),
  );
  const { addresses } = planServerAddresses(set, planLab(set, options));
  assert.deepEqual(
    addresses.map((a) => [a.attachment, a.server, a.device, a.ip]),
    [
      ['default/a1', 'server1', 'eth1', '10.5.1.2'],
      ['default/z1', 'server1', 'eth0', '10.5.1.3'],
      ['default/s2', 'server2', 'eth0', '10.5.1.4'],
    ],
  );
});

test('a subnet whose DHCP range Weft does not serve: hosts are numbered around the range', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 4 }),
    vpc('default', 'red', 'acme', { a: { cidr: '10.5.1.0/24', dhcp: { start: '10.5.1.5', end: '10.5.1.9' } } }),
    ...[1, 2, 3, 4].map((n) => attach('default', `r${n}`, 'red/a', `server${n}--leaf1`, true)),
  );
  const { addresses, dhcp } = planServerAddresses(set, planLab(set, options));
  assert.deepEqual([addresses.map((a) => a.ip), dhcp], [['10.5.1.2', '10.5.1.3', '10.5.1.4', '10.5.1.10'], []]);
});

test('a held address is kept when it is a host of the same subnet, same length; text that is no address is passed over; one address is kept once', () => {
  const set = resourceSet(
    smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 3 }),
    vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }),
    attach('default', 'r1', 'red/a', 'server1--leaf1', true),
    attach('default', 'r2', 'red/a', 'server2--leaf1', true),
    attach('default', 'r3', 'red/a', 'server3--leaf1', true),
  );
  const held = new Map([
    ['server1|eth0', ['garbage', '10.5.1.7/25', '10.5.1.8/24']],
    ['server2|eth0', ['10.5.1.8/24']],
    ['server3|eth0', ['10.5.1.9/25']],
  ]);
  const { addresses } = planServerAddresses(set, planLab(set, options), () => undefined, held);
  assert.deepEqual(
    addresses.map((a) => [a.server, a.ip]),
    [
      ['server1', '10.5.1.8'],
      ['server2', '10.5.1.2'],
      ['server3', '10.5.1.3'],
    ],
  );
});
