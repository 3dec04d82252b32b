// The VRF of an External deleted in a compile is not given to a VPC created in the same compile
// (a border would see the VRF change owner in one step); the next compile may take it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, recompile, type CompileResult } from '#compiler';
import { attach, conn, external, externalAttach, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

const vrfs = (result: CompileResult): Record<string, number> => Object.fromEntries(Object.entries(result.allocations.vpcs).map(([key, alloc]) => [key, alloc.vrf]));

test('an External\'s VRF freed in a compile waits one compile before a new VPC takes it', () => {
  const base = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      externalAttach('default', 'transit--border1', 'transit', 'border1--outside'),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    ),
  );
  assert.deepEqual(base.diagnostics, []);
  assert.equal(base.allocations.externals['default/transit']?.vrf, 2);
  const next = recompile(base, {
    deletes: [
      { kind: 'ExternalAttachment', namespace: 'default', name: 'transit--border1' },
      { kind: 'External', namespace: 'default', name: 'transit' },
    ],
    upserts: [vpc('default', 'red', 'acme', { web: '10.1.2.0/24' })],
  });
  assert.deepEqual(next.diagnostics, []);
  assert.deepEqual(next.allocations.externals, {});
  assert.deepEqual(vrfs(next), { 'default/blue': 1, 'default/red': 3 });
  const third = recompile(next, { upserts: [vpc('default', 'green', 'acme', { web: '10.1.3.0/24' })] });
  assert.deepEqual(vrfs(third), { 'default/blue': 1, 'default/green': 2, 'default/red': 3 });
});
