// A peering of VPCs that are not both evpn-l3vni leaks routes only on the switches where both
// have their VRF: the user is warned (WF316) which switches the peering does not reach, and how
// to make it reach them; nothing is said when it reaches every switch of both VPCs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource, Diagnostic } from '#domain';
import { attach, peering, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

function mkcompPeered(...attachments: AnyResource[]): readonly Diagnostic[] {
  return compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 3, serversPerLeaf: 2 }),
      policy({ isolation: { default: 'evpn-l3vni', rules: [{ name: 'l2', match: { tenants: ['l2'] }, method: 'evpn-l2vni' }] } }),
      vpc('default', 'a', 'l2', { web: '10.1.1.0/24' }),
      vpc('default', 'b', 'acme', { web: '10.2.1.0/24' }),
      vpc('default', 'c', 'acme', { web: '10.3.1.0/24' }),
      peering('default', 'ab', ['a', 'b']),
      peering('default', 'bc', ['b', 'c']),
      attachments,
    ),
  ).diagnostics;
}

test('an evpn-l2vni VPC peered with an evpn-l3vni one: the switches only one of them is on are named, in order', () => {
  const diagnostics = mkcompPeered(
    attach('default', 'a1', 'a/web', 'server1--leaf1'),
    attach('default', 'a5', 'a/web', 'server5--leaf3'),
    attach('default', 'b2', 'b/web', 'server2--leaf1'),
    attach('default', 'b3', 'b/web', 'server3--leaf2'),
    attach('default', 'c6', 'c/web', 'server6--leaf3'),
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message} (hint: ${d.hint ?? ''})`),
    [
      'warning WF316 VPCPeering default/ab spec.vpcs: default/a uses evpn-l2vni and default/b uses evpn-l3vni; without an L3VNI on both, routes are leaked only where both VPCs have gateways, so the peering has no effect on leaf2, leaf3 (hint: use evpn-l3vni for both VPCs to peer them across the fabric)',
    ],
  );
});

test('the same VPCs on the same one switch: the peering reaches it, and nothing is said', () => {
  assert.deepEqual(mkcompPeered(attach('default', 'a1', 'a/web', 'server1--leaf1'), attach('default', 'b2', 'b/web', 'server2--leaf1')), []);
});
