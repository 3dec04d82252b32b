// What the intents promise, for resources written without a namespace (they are the default
// namespace's), a peering without a permit list (every subnet pair, both ways), an External
// peering without limits (every subnet of the VPC, the External's prefixes or everything), and
// Externals reached only over the connection they are attached to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyResource } from '#domain';
import { attach, conn, external, externalAttach, externalPeering, peering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';
import { expectedReachability, planLab, planServerAddresses, type LabPeer, type Probe } from './index.js';

/** The resource as written without `metadata.namespace`. */
function bare<T extends AnyResource>(resource: T): T {
  return { ...resource, metadata: { name: resource.metadata.name } };
}

const set = resourceSet(
  smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 4 }),
  sw('border1', 'border'),
  conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
  conn.external('border1--transit', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
  conn.external('border1--other', 'border1/Ethernet16', '198.51.100.6/30', '198.51.100.5', 64501),
  bare(vpc('default', 'red', 'acme', { a: { cidr: '10.5.1.0/24', restricted: true }, b: '10.5.2.0/24' })),
  bare(vpc('default', 'teal', 'acme', { c: '10.6.1.0/24' })),
  attach('default', 'r1', 'red/a', 'server1--leaf1', true),
  attach('default', 'r2', 'red/b', 'server2--leaf1', true),
  attach('default', 't3', 'teal/c', 'server3--leaf1', true),
  bare(attach('default', 'r4', 'red/a', 'server4--leaf1', true)),
  bare(peering('default', 'red--teal', ['red', 'teal'])),
  bare(external('default', 'transit')),
  bare(externalAttach('default', 'transit--border1', 'transit', 'border1--transit')),
  bare(externalPeering('default', 'red--transit', 'red', 'transit')),
  external('default', 'other', ['198.18.0.0/15']),
  externalAttach('default', 'other--border1', 'other', 'border1--other'),
  externalPeering('default', 'teal--ghost', 'teal', 'ghost'),
);
const plan = planLab(set, { prefix: 'wl-', underlayMtu: 9100 });
const { addresses } = planServerAddresses(set, plan);

function said(probes: readonly Probe[], from: string, to: string): string {
  const p = probes.find((x) => x.from.node === from && x.to.node === to);
  return `${String(p?.expect)} (${p?.reason ?? 'no probe'})`;
}

test('attachments and VPCs without a namespace are numbered as the default namespace', () => {
  assert.deepEqual(
    addresses.map((a) => `${a.server} ${a.vpc}/${a.subnet} ${a.ip}`),
    ['server1 default/red/a 10.5.1.2', 'server2 default/red/b 10.5.2.2', 'server3 default/teal/c 10.6.1.2', 'server4 default/red/a 10.5.1.3'],
  );
});

test('a peering without a permit list lets every subnet pair through, both ways; a restricted subnet still keeps its hosts apart', () => {
  const probes = expectedReachability(set, addresses, []);
  assert.equal(said(probes, 'server1', 'server3'), 'true (peered, pair permitted)');
  assert.equal(said(probes, 'server3', 'server2'), 'true (peered, pair permitted)');
  assert.equal(said(probes, 'server1', 'server2'), 'true (same VPC)');
  assert.equal(said(probes, 'server1', 'server4'), 'false (same VPC, restricted subnet)');
});

test("an External peering without limits: every subnet of the VPC reaches the External's outside, only over its own connection", () => {
  const probes = expectedReachability(set, addresses, plan.peers);
  const outside = probes.filter((p) => p.to.peer !== undefined).map((p) => `${p.from.node} -> ${p.to.label}: ${String(p.expect)} (${p.reason})`);
  assert.deepEqual(outside, [
    'server1 -> border1--other (outside) 198.18.0.1: false (no External peering permits it)',
    'server2 -> border1--other (outside) 198.18.0.1: false (no External peering permits it)',
    'server3 -> border1--other (outside) 198.18.0.1: false (no External peering permits it)',
    'server4 -> border1--other (outside) 198.18.0.1: false (no External peering permits it)',
    'server1 -> border1--transit (outside) 203.0.113.1: true (External peering, subnet permitted)',
    'server2 -> border1--transit (outside) 203.0.113.1: true (External peering, subnet permitted)',
    'server3 -> border1--transit (outside) 203.0.113.1: false (no External peering permits it)',
    'server4 -> border1--transit (outside) 203.0.113.1: true (External peering, subnet permitted)',
  ]);
});

test('a probe address that is not IPv4 is never expected to be reached', () => {
  const transit = plan.peers.find((p) => p.name === 'border1--transit');
  assert.ok(transit !== undefined);
  const v6: LabPeer = { ...transit, probes: ['2001:db8::1'] };
  const probes = expectedReachability(set, addresses, [v6]).filter((p) => p.to.peer !== undefined);
  assert.deepEqual(
    probes.map((p) => [p.from.node, p.expect]),
    [
      ['server1', false],
      ['server2', false],
      ['server3', false],
      ['server4', false],
    ],
  );
});
