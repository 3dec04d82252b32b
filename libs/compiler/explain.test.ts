// `weft explain`: the diagnostics shown for a VPC are those of the VPC and of the objects that
// refer to it (its attachments, peerings and external peerings), and no others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainVpc } from '#compiler';
import { attach, externalPeering, peering, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

test('explain vpc shows the problems of the VPC and of what refers to it, not of a VPC with a longer name', () => {
  const result = compile(
    resourceSet(
      smallFabric({ leaves: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'blue2', 'acme', { web: '10.1.1.5/24' }),
      attach('default', 'a1', 'blue/nope', 'server1--leaf1'),
      attach('default', 'blue-web', 'blue2/web', 'server2--leaf1'),
      peering('default', 'self', ['blue', 'blue']),
      externalPeering('default', 'out', 'blue', 'nowhere'),
      vpc('other', 'blue', 'acme', { web: '10.1.1.7/24' }),
    ),
  );
  const explanation = explainVpc(result, 'default/blue');
  assert.ok(explanation);
  assert.deepEqual(
    explanation.diagnostics.map((d) => `${d.code} ${d.path}`),
    ['WF313 ExternalPeering default/out spec.external', 'WF306 VPCAttachment default/a1 spec.subnet', 'WF311 VPCPeering default/self spec.vpcs'],
  );
  const other = explainVpc(result, 'default/blue2');
  assert.deepEqual(other?.diagnostics.map((d) => `${d.code} ${d.path}`), ['WF300 VPC default/blue2 spec.subnets.web.cidr', 'WF305 VPCAttachment default/blue-web spec.subnet']);
});
