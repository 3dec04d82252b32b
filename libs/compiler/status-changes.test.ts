// Which VPC statuses changed between two compiles, as the events of a batch name them: statuses
// that are not the very same object (new ones included) in the order of the later map, then the
// VPCs gone; from plain Maps (statuses read back from elsewhere) and from the shared maps of a
// compile and its recompile alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VpcStatus } from '#api';
import { changedVpcStatuses, compile, recompile } from '#compiler';
import { SharedMap } from './shared-map.js';
import { attach, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

const mkcompStatus = (reason: string): VpcStatus => ({ conditions: [{ type: 'Accepted', status: 'False', reason, message: reason }] });

test('statuses in plain Maps: the changed and new ones in the later order, then the gone ones', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(mkcompStatus);
  assert.ok(a !== undefined && b !== undefined && c !== undefined && d !== undefined);
  const before = new Map([['default/a', a], ['default/b', b], ['default/c', c]]);
  // b is the very same object; a is equal but another object: a status written again is a change
  const after = new Map([['default/b', b], ['default/a', mkcompStatus('a')], ['default/d', d]]);
  assert.deepEqual(changedVpcStatuses(before, after), ['default/a', 'default/d', 'default/c']);
  assert.deepEqual(changedVpcStatuses(after, after), []);
  assert.deepEqual(changedVpcStatuses(new Map(), after), ['default/b', 'default/a', 'default/d']);
  assert.deepEqual(changedVpcStatuses(before, new Map()), ['default/a', 'default/b', 'default/c']);
});

test('a plain Map and a shared one compare by their entries too', () => {
  const a = mkcompStatus('a');
  const shared = SharedMap.of([['default/a', a]]);
  assert.deepEqual(changedVpcStatuses(new Map([['default/a', a]]), shared), []);
  assert.deepEqual(changedVpcStatuses(shared, new Map([['default/b', a]])), ['default/b', 'default/a']);
});

test('two shared maps with no part in common: every key of the later one, then every key of the earlier one', () => {
  const later = SharedMap.of(['x1', 'x2', 'x3', 'x4', 'x5'].map((k) => [`default/${k}`, mkcompStatus(k)] as const));
  const earlier = SharedMap.of(['y1', 'y2', 'y3', 'y4', 'y5'].map((k) => [`default/${k}`, mkcompStatus(k)] as const));
  assert.deepEqual(changedVpcStatuses(earlier, later), [...later.keys(), ...earlier.keys()]);
  assert.deepEqual(later.changedSince(SharedMap.empty()), [...later.keys()]);
  assert.deepEqual(SharedMap.empty<string, VpcStatus>().changedSince(earlier), [...earlier.keys()]);
});

test('a recompile that rejects one VPC and deletes another: those two statuses changed, no other', () => {
  const base = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24' }),
      vpc('default', 'green', 'acme', { web: '10.1.3.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    ),
  );
  assert.deepEqual(base.diagnostics, []);
  const next = recompile(base, { upserts: [vpc('default', 'red', 'acme', { web: '10.1.2.0/33' })], deletes: [{ kind: 'VPC', namespace: 'default', name: 'green' }] });
  assert.deepEqual(changedVpcStatuses(base.vpcStatus, next.vpcStatus), ['default/red', 'default/green']);
  assert.equal(next.vpcStatus.get('default/red')?.conditions?.[0]?.status, 'False');
  assert.equal(next.vpcStatus.get('default/blue'), base.vpcStatus.get('default/blue'));
});
