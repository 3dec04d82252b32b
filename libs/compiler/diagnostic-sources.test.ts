// A diagnostic about an object read from a file points at the file and line the object came
// from, whatever field of it the path goes on to name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { attach, parseSet, policy, smallFabric, vpc } from '../../test/support/builders.js';

test('diagnostics of a switch and of a VPC\'s field point at the documents they came from', () => {
  const { set, diagnostics } = parseSet([
    ...smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
    policy({ pools: { vlan: { start: 1000, end: 1000 } } }),
    vpc('default', 'bad', 'acme', { web: '10.1.1.1/24' }),
    vpc('default', 'ok', 'acme', { web: '10.1.2.0/24' }),
    attach('default', 'o1', 'ok/web', 'server1--leaf1'),
  ]);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    compile(set).diagnostics.map((d) => `${d.code} ${d.path} @${d.source ?? '(none)'}`),
    ['WF500 Switch leaf1 @test.yaml:2', 'WF300 VPC default/bad spec.subnets.web.cidr @test.yaml:7'],
  );
});
