// A host BGP attachment of a VPC the VRF pool had no number for: explain says the port is
// routed in the VPC's VRF once it has one, not a VRF name it does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainConnection, explainVpc } from '#compiler';
import { attach, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

test('a host BGP attachment of a VPC with no VRF yet is routed in "the VPC VRF (not allocated yet)"', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      policy({ pools: { vrf: { start: 1, end: 1 } } }),
      vpc('default', 'a', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'b', 'acme', { h: { cidr: '10.1.9.0/24', hostBGP: true } }),
      attach('default', 'b1', 'b/h', 'server1--leaf1'),
    ),
  );
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.code} ${d.path}`),
    ['WF500 FabricPolicy default spec.pools.vrf'],
  );
  const first = "host BGP default/b/h: leaf1/Ethernet0 is routed in the VPC VRF (not allocated yet) (no VLAN), unnumbered BGP over IPv6 link-local with server server1 (any AS but the leaf's)";
  assert.equal(explainVpc(result, 'default/b')?.multihoming[0], first);
  assert.deepEqual(explainConnection(result, 'server1--leaf1')?.lines.slice(0, 2), ['link of server server1 on leaf1 Ethernet0', first]);
});
