// A plan split by owner from the stanzas a splice recorded must say what the plan from the two
// frr.conf texts says, at every step of a walk where peerings (and with them route filters, which
// lie outside every VPC's stanza) come and go between VPC changes. A peering's change touches two
// VPCs, so it is not split by owner either way; a VPC added or removed beside them is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, planByOwner, recompile, type CompileResult } from '#compiler';
import { attach, peering, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

function same(before: CompileResult, after: CompileResult, step: string): void {
  assert.deepEqual(planByOwner(before, after), planByOwner(before, after, { frrFromText: true }), step);
}

test('route filters that come and go: the plan from stanzas is the plan from the texts at every step', () => {
  const first = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      attach('default', 'r1', 'red/web', 'server2--leaf1'),
    ),
  );
  assert.deepEqual(first.diagnostics, []);
  const steps: [string, Parameters<typeof recompile>[1]][] = [
    ['peering added', { upserts: [peering('default', 'blue--red', ['blue', 'red'])] }],
    ['a VPC with a peering added', { upserts: [vpc('default', 'green', 'acme', { app: '10.1.3.0/24' }), attach('default', 'g1', 'green/app', 'server3--leaf2'), peering('default', 'green--blue', ['green', 'blue'])] }],
    ['a VPC without filters added', { upserts: [vpc('default', 'gray', 'acme', { app: '10.1.4.0/24' }), attach('default', 'y1', 'gray/app', 'server4--leaf2')] }],
    ['peering removed', { deletes: [{ kind: 'VPCPeering', namespace: 'default', name: 'blue--red' }] }],
    ['a VPC with a peering removed', { deletes: [{ kind: 'VPCPeering', namespace: 'default', name: 'green--blue' }, { kind: 'VPCAttachment', namespace: 'default', name: 'g1' }, { kind: 'VPC', namespace: 'default', name: 'green' }] }],
  ];
  let before = first;
  const split: string[] = [];
  for (const [step, change] of steps) {
    const after = recompile(before, change);
    assert.deepEqual(after.diagnostics.filter((d) => d.severity === 'error'), [], step);
    same(before, after, step);
    split.push(`${step}: ${planByOwner(before, after) === undefined ? 'not split' : [...(planByOwner(before, after)?.get('leaf2')?.keys() ?? [])].join(', ')}`);
    before = after;
  }
  assert.deepEqual(split, [
    'peering added: not split',
    'a VPC with a peering added: not split',
    'a VPC without filters added: default/gray',
    'peering removed: not split',
    'a VPC with a peering removed: not split',
  ]);
});
