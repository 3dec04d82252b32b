// A leaf whose VLAN pool ran out: the VPC left without VLANs there gets them in the recompile that
// frees some, and its leaf's config and status show them, though the VPC itself did not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, recompile } from '#compiler';
import { attach, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

test('VLANs freed on a leaf go to the VPC that had none there, in the same recompile', () => {
  const base = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
      policy({ pools: { vlan: { start: 1000, end: 1002 } } }),
      vpc('default', 'a', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'b', 'acme', { web: '10.1.2.0/24' }),
      attach('default', 'a1', 'a/web', 'server1--leaf1'),
      attach('default', 'b2', 'b/web', 'server2--leaf1'),
    ),
  );
  assert.deepEqual(
    base.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF500 Switch leaf1: the VLAN pool 1000-1002 of switch leaf1 (FabricPolicy default spec.pools.vlan) is exhausted: 4 numbers are needed and 3 could be given'],
  );
  assert.deepEqual(base.vpcStatus.get('default/b')?.subnets, { web: { vni: 10003, gateway: '10.1.2.1' } });
  const next = recompile(base, { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'a1' }] });
  assert.deepEqual(next.diagnostics, []);
  assert.deepEqual(next.rebuilt, ['leaf1']);
  assert.deepEqual(next.vpcStatus.get('default/b')?.subnets, { web: { vlan: 1000, vni: 10003, gateway: '10.1.2.1' } });
  const configDb = JSON.parse(next.files.get('leaf1/config_db.json') ?? '{}') as Record<string, Record<string, unknown> | undefined>;
  assert.deepEqual(Object.keys(configDb.VLAN ?? {}), ['Vlan1000', 'Vlan1002']);
  assert.deepEqual(Object.keys(configDb.VLAN_MEMBER ?? {}), ['Vlan1000|Ethernet4']);
});
