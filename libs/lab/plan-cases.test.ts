// The lab's topology where order and the Externals' communities decide what the person running
// the lab sees: nodes listed by name whatever order the wiring gives, and an outside peer that
// stamps and accepts the communities of whichever attached External has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { External } from '#domain';
import { conn, external, externalAttach, resourceSet, server, sw } from '../../test/support/builders.js';
import { LabPlanError, planLab } from './index.js';

const options = { prefix: 'wl-', underlayMtu: 9100 };

const withCommunities = (name: string, communities: { inboundCommunity?: string; outboundCommunity?: string }): External => {
  const base = external('default', name);
  return { ...base, spec: { ...base.spec, ...communities } };
};

test('switches, servers and outside peers are listed by name, whatever order the wiring gives', () => {
  const plan = planLab(
    resourceSet(
      sw('spine2', 'spine'),
      sw('border1', 'border'),
      sw('leaf1', 'leaf'),
      sw('spine1', 'spine'),
      server('server2'),
      server('server1'),
      conn.external('border1--z', 'border1/Ethernet16', '198.51.100.6/30', '198.51.100.5', 64501),
      conn.external('border1--a', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
    ),
    options,
  );
  assert.deepEqual(
    [plan.switches.map((s) => s.name), plan.servers.map((s) => s.name), plan.peers.map((p) => p.name)],
    [
      ['border1', 'leaf1', 'spine1', 'spine2'],
      ['server1', 'server2'],
      ['border1--a', 'border1--z'],
    ],
  );
});

test('an outside peer takes each community from the first attached External that has one', () => {
  const plan = planLab(
    resourceSet(
      sw('border1', 'border'),
      conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'a-plain'),
      withCommunities('b-in', { inboundCommunity: '64500:100' }),
      withCommunities('c-out', { outboundCommunity: '64500:200' }),
      withCommunities('d-both', { inboundCommunity: '64500:300', outboundCommunity: '64500:400' }),
      externalAttach('default', 'a', 'a-plain', 'border1--transit'),
      externalAttach('default', 'b', 'b-in', 'border1--transit'),
      externalAttach('default', 'c', 'c-out', 'border1--transit'),
      externalAttach('default', 'd', 'd-both', 'border1--transit'),
    ),
    options,
  );
  assert.deepEqual(plan.peers[0]?.communities, { announce: '64500:100', accept: '64500:200' });
});

test('an outside peer with only an inbound, or only an outbound, community has just that one', () => {
  const peerOf = (communities: { inboundCommunity?: string; outboundCommunity?: string }) =>
    planLab(
      resourceSet(
        sw('border1', 'border'),
        conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
        withCommunities('transit', communities),
        externalAttach('default', 'transit--border1', 'transit', 'border1--transit'),
      ),
      options,
    ).peers[0];
  assert.deepEqual(peerOf({ inboundCommunity: '64500:100' })?.communities, { announce: '64500:100' });
  assert.deepEqual(peerOf({ outboundCommunity: '64500:200' })?.communities, { accept: '64500:200' });
  assert.equal(peerOf({}) !== undefined && 'communities' in peerOf({})!, false);
});

test('a port name of 15 bytes, the most Linux allows, is taken as it is', () => {
  const plan = planLab(resourceSet(sw('spine1', 'spine'), sw('leaf1', 'leaf'), conn.fabric('spine1--leaf1', 'spine1/Ethernet1234567', 'leaf1/Ethernet48')), options);
  assert.deepEqual(
    plan.links.map((l) => [l.a.port, l.b.port]),
    [['Ethernet1234567', 'Ethernet48']],
  );
});

test('a server\'s ports gather from all its connections, and each link is a veth pair of its kind with the host MTU', () => {
  const plan = planLab(
    resourceSet(
      sw('spine1', 'spine'),
      sw('leaf1', 'leaf'),
      sw('leaf2', 'leaf'),
      server('server1'),
      conn.fabric('spine1--leaf1', 'spine1/Ethernet0', 'leaf1/Ethernet48'),
      conn.unbundled('server1--leaf1', 'server1/eth0', 'leaf1/Ethernet0'),
      conn.unbundled('server1--leaf2', 'server1/eth3', 'leaf2/Ethernet0'),
      conn.bundled('server1--lag', 'server1', [
        ['eth1', 'leaf1/Ethernet4'],
        ['eth2', 'leaf1/Ethernet8'],
      ]),
    ),
    options,
  );
  assert.deepEqual(plan.servers, [
    { name: 'server1', netns: 'wl-server1', ports: ['eth0', 'eth1', 'eth2', 'eth3'], bonds: [{ name: 'bond0', connection: 'server1--lag', ports: ['eth1', 'eth2'] }] },
  ]);
  assert.deepEqual(
    plan.links.map((l) => `${l.connection} ${l.kind} ${l.a.node}/${l.a.port} ${l.b.node}/${l.b.port} ${l.mtu}`),
    [
      'server1--lag server leaf1/Ethernet4 server1/eth1 1500',
      'server1--lag server leaf1/Ethernet8 server1/eth2 1500',
      'server1--leaf1 server leaf1/Ethernet0 server1/eth0 1500',
      'server1--leaf2 server leaf2/Ethernet0 server1/eth3 1500',
      'spine1--leaf1 fabric spine1/Ethernet0 leaf1/Ethernet48 9100',
    ],
  );
});

test('a connection of no kind the lab knows is left out of the topology', () => {
  const plan = planLab(resourceSet(sw('leaf1', 'leaf'), { ...conn.trunk('leaf1--odd', 'leaf1/Ethernet0', 'leaf1/Ethernet4'), spec: {} }), options);
  assert.deepEqual([plan.links, plan.peers], [[], []]);
});

test('a server whose only connection is unbundled has that one port; wiring errors are LabPlanErrors', () => {
  const plan = planLab(resourceSet(sw('leaf1', 'leaf'), server('server2'), conn.unbundled('server2--leaf1', 'server2/eth0', 'leaf1/Ethernet4')), options);
  assert.deepEqual(plan.servers, [{ name: 'server2', netns: 'wl-server2', ports: ['eth0'], bonds: [] }]);
  assert.throws(
    () => planLab(resourceSet(sw('leaf1', 'leaf'), conn.unbundled('server9--leaf1', 'server9/eth0', 'leaf1/Ethernet4')), options),
    (e: unknown) => e instanceof LabPlanError && e.name === 'LabPlanError' && e.message === 'Connection server9--leaf1 names server9, which is neither a Switch nor a Server',
  );
});

test('an external connection is a link of kind external from the border port to the peer\'s eth0, with the host MTU', () => {
  const plan = planLab(resourceSet(sw('border1', 'border'), conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500)), options);
  assert.deepEqual(plan.links, [
    { connection: 'border1--transit', kind: 'external', a: { node: 'border1', netns: 'wl-border1', port: 'Ethernet12' }, b: { node: 'border1--transit', netns: 'wl-border1--transit', port: 'eth0' }, mtu: 1500 },
  ]);
});

test('a switch that runs VyOS is stood in for by an FRR node, and the notes say so', () => {
  const plan = planLab(resourceSet(sw('border1', 'border', 'vyos')), options);
  assert.deepEqual(plan.switches, [{ name: 'border1', netns: 'wl-border1', role: 'border', emulation: 'frr', standInFor: 'vyos' }]);
  assert.deepEqual(plan.notes, ['border1 runs VyOS, which cannot run here: an FRR node compiled from the same intents (os: frr) stands in for it; its VyOS set commands are not applied']);
});
