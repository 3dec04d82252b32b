// What the intents promise between VPCs of several namespaces: a peering finds its VPCs by name
// in its own namespace only, and without a permit list lets through exactly those VPCs' subnet
// pairs; a peering naming a VPC that is not there promises nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { external, externalAttach, externalPeering, peering, resourceSet, vpc } from '../../test/support/builders.js';
import { expectedReachability, routeEndpoint, type LabPeer, type ServerAddress } from './index.js';

const host = (server: string, vpcKey: string, subnet: string, ip: string, cidr: string): ServerAddress => ({
  server,
  device: 'eth0',
  vpc: vpcKey,
  tenant: 'acme',
  subnet,
  cidr,
  ip,
  prefixLength: 24,
  gateway: ip.replace(/\.\d+$/, '.1'),
  attachment: `${server}-att`,
});

const set = resourceSet(
  // the same VPC names in the default namespace, with other subnets, listed first
  vpc('default', 'red', 'acme', { web: '10.9.1.0/24' }),
  vpc('default', 'blue', 'acme', { db: '10.9.2.0/24' }),
  vpc('globex', 'red', 'globex', { x: '10.1.1.0/24' }),
  vpc('globex', 'blue', 'globex', { y: '10.1.2.0/24' }),
  peering('globex', 'blue--red', ['blue', 'red']),
  peering('default', 'red--ghost', ['red', 'ghost']),
  peering('default', 'ghost--blue', ['ghost', 'blue']),
);
const addresses = [
  host('server1', 'globex/blue', 'y', '10.1.2.2', '10.1.2.0/24'),
  host('server2', 'globex/red', 'x', '10.1.1.2', '10.1.1.0/24'),
  host('server3', 'default/red', 'web', '10.9.1.2', '10.9.1.0/24'),
];

test('a peering without a permit list, in a namespace whose VPC names another namespace also has: its own VPCs\' subnets pass, both ways', () => {
  const probes = expectedReachability(set, addresses, []);
  const said = (from: string, to: string): string => {
    const p = probes.find((x) => x.from.node === from && x.to.node === to);
    return `${String(p?.expect)} (${p?.reason ?? 'no probe'})`;
  };
  assert.deepEqual(
    [said('server1', 'server2'), said('server2', 'server1'), said('server3', 'server2'), said('server1', 'server3')],
    ['true (peered, pair permitted)', 'true (peered, pair permitted)', 'false (different VPCs, not peered)', 'false (different VPCs, not peered)'],
  );
});

const peerOn = (connection: string, probes: string[]): LabPeer => ({
  name: connection,
  netns: `wl-${connection}`,
  port: 'eth0',
  address: '198.51.100.1/30',
  asn: 64500,
  border: { switch: 'border1', port: 'Ethernet12', address: '198.51.100.2/30' },
  prefixes: ['0.0.0.0/0'],
  probes,
});

const outside = resourceSet(
  vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
  // the same External name in another namespace, with other prefixes, listed first
  external('globex', 'transit', ['198.18.0.0/15']),
  external('default', 'narrow', ['198.18.0.0/15']),
  external('default', 'transit'),
  external('default', 'pair', ['198.18.0.0/15', '203.0.113.0/24']),
  externalAttach('default', 'transit--c1', 'transit', 'c1'),
  externalPeering('default', 'blue--transit', 'blue', 'transit'),
  // attached in another namespace only
  external('default', 'elsewhere'),
  externalAttach('globex', 'elsewhere--c2', 'elsewhere', 'c2'),
  externalPeering('default', 'blue--elsewhere', 'blue', 'elsewhere'),
  // attached, but no such External
  externalAttach('default', 'ghost--c3', 'ghost', 'c3'),
  externalPeering('default', 'blue--ghost', 'blue', 'ghost'),
  // an External whose prefixes leave the probe out
  externalAttach('default', 'narrow--c4', 'narrow', 'c4'),
  externalPeering('default', 'blue--narrow', 'blue', 'narrow'),
  // a probe in the second of two prefixes; a permit list with a prefix that is none
  externalAttach('default', 'pair--c5', 'pair', 'c5'),
  externalPeering('default', 'blue--pair', 'blue', 'pair'),
  external('default', 'listed'),
  externalAttach('default', 'listed--c6', 'listed', 'c6'),
  externalPeering('default', 'blue--listed', 'blue', 'listed', { prefixes: ['not-a-prefix', '203.0.113.0/24'] }),
);

test('an External peering reaches the outside only over an attachment in its namespace, to an External there, within its prefixes', () => {
  const peers = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((c) => peerOn(c, ['203.0.113.1']));
  const probes = expectedReachability(outside, [host('server1', 'default/blue', 'web', '10.1.1.2', '10.1.1.0/24')], peers);
  assert.deepEqual(
    peers.map((p) => {
      const to = probes.find((x) => x.from.node === 'server1' && x.to.node === p.name);
      const back = probes.find((x) => x.to.node === 'server1' && x.from.node === p.name);
      return `${p.name} ${String(to?.expect)} ${String(back?.expect)} (${to?.reason ?? 'no probe'})`;
    }),
    [
      'c1 true true (External peering, subnet permitted)',
      'c2 false false (no External peering permits it)',
      'c3 false false (no External peering permits it)',
      'c4 false false (no External peering permits it)',
      'c5 true true (External peering, subnet permitted)',
      'c6 true true (External peering, subnet permitted)',
    ],
  );
});

test('inside a VPC without permit groups, an isolated subnet is reached by no other, whatever their names', () => {
  const oneLetter = resourceSet(vpc('default', 'teal', 'acme', { a: { cidr: '10.7.1.0/24', isolated: true }, e: '10.7.2.0/24' }));
  const probes = expectedReachability(oneLetter, [host('server1', 'default/teal', 'a', '10.7.1.2', '10.7.1.0/24'), host('server2', 'default/teal', 'e', '10.7.2.2', '10.7.2.0/24')], []);
  assert.deepEqual(
    probes.map((p) => `${p.from.node} ${p.to.node} ${String(p.expect)} (${p.reason})`),
    ['server1 server2 false (same VPC, isolated subnet)', 'server2 server1 false (same VPC, isolated subnet)'],
  );
});

test('servers of a VPC the set does not have (its rules unknown) reach each other, in their subnet and across', () => {
  const probes = expectedReachability(
    resourceSet(),
    [host('server1', 'default/gone', 'a', '10.8.1.2', '10.8.1.0/24'), host('server2', 'default/gone', 'a', '10.8.1.3', '10.8.1.0/24'), host('server3', 'default/gone', 'b', '10.8.2.2', '10.8.2.0/24')],
    [],
  );
  assert.deepEqual(
    probes.filter((p) => p.from.node !== 'server3').map((p) => `${p.from.node} ${p.to.node} ${String(p.expect)} (${p.reason})`),
    ['server1 server2 true (same VPC, same subnet)', 'server1 server3 true (same VPC)', 'server2 server1 true (same VPC, same subnet)', 'server2 server3 true (same VPC)'],
  );
});

test('a static route\'s endpoint reads as its server and prefix, and pings the probe address behind it', () => {
  assert.deepEqual(
    routeEndpoint({ vpc: 'default/blue', subnet: 'web', prefix: '172.16.0.0/16', nextHop: '10.1.1.2', server: 'server1', device: 'eth0', prefixLength: 24, probe: '172.16.0.1' }),
    { label: 'server1 route 172.16.0.0/16', node: 'server1', ip: '172.16.0.1', vpc: 'default/blue' },
  );
});
