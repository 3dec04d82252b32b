// The underlay numbers a user reads in allocations.json and the rendered BGP config: router ids
// and AS numbers given on a Switch are never handed to another one, borders take AS numbers
// after the leaves', an exhausted pool names the policy field to widen, and numbered fabric
// links keep the /31 they had (only inside the pool).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type CompileResult } from '#compiler';
import type { AnyResource } from '#domain';
import { conn, policy, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

const say = (result: CompileResult): string[] => result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

const numbers = (result: CompileResult, field: 'asn' | 'loopback'): Record<string, number | string> =>
  Object.fromEntries(Object.entries(result.allocations.switches).map(([name, s]) => [name, s[field]]));

/** smallFabric with `extra` on the named switches. */
function fabricWith(extra: Record<string, Parameters<typeof sw>[4]>, options: Parameters<typeof smallFabric>[0] = {}): AnyResource[] {
  return smallFabric(options).map((r) => (r.kind === 'Switch' && extra[r.metadata.name] !== undefined ? sw(r.metadata.name, r.spec.role, r.spec.os, undefined, extra[r.metadata.name]) : r));
}

/** Two FRR borders on smallFabric's two spines. */
const borders = (): AnyResource[] => [
  sw('border1', 'border', 'frr'),
  sw('border2', 'border', 'frr'),
  conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
  conn.fabric('spine2--border1', 'spine2/Ethernet60', 'border1/eth1'),
  conn.fabric('spine1--border2', 'spine1/Ethernet56', 'border2/eth0'),
  conn.fabric('spine2--border2', 'spine2/Ethernet56', 'border2/eth1'),
];

test('a router id given on a Switch is never handed to another switch as its loopback', () => {
  const result = compile(resourceSet(fabricWith({ leaf2: { routerId: '10.0.0.1' } })));
  assert.deepEqual(say(result), []);
  assert.deepEqual(numbers(result, 'loopback'), { leaf1: '10.0.0.2', leaf2: '10.0.0.1', spine1: '10.0.0.3', spine2: '10.0.0.4' });
});

test('an AS number given on a leaf is skipped by the pool; borders with their own start come after the leaves', () => {
  const own = compile(resourceSet(fabricWith({ leaf1: { asn: 65101 } }, { leaves: 3 })));
  assert.deepEqual(say(own), []);
  assert.deepEqual(numbers(own, 'asn'), { leaf1: 65101, leaf2: 65102, leaf3: 65103, spine1: 65100, spine2: 65100 });
  // borderStart inside the leaves' numbers: the borders take what the leaves left
  const shared = compile(resourceSet(smallFabric(), borders(), policy({ underlay: { asn: { leafStart: 65101, borderStart: 65102 } } })));
  assert.deepEqual(say(shared), []);
  assert.deepEqual(numbers(shared, 'asn'), { border1: 65103, border2: 65104, leaf1: 65101, leaf2: 65102, spine1: 65100, spine2: 65100 });
});

test('an exhausted AS number pool is an error naming the policy field to widen', () => {
  const last = 4294967294;
  const hint = 'the AS number pool from 4294967294';
  const bordersOut = compile(resourceSet(smallFabric(), borders(), policy({ underlay: { asn: { borderStart: last } } })));
  assert.deepEqual(say(bordersOut), [
    `error WF500 FabricPolicy default spec.underlay.asn.borderStart: ${hint} (FabricPolicy default spec.underlay.asn.borderStart) is exhausted: 2 numbers are needed and 1 could be given`,
  ]);
  const leavesOut = compile(resourceSet(smallFabric(), borders(), policy({ underlay: { asn: { leafStart: last, borderStart: 65200 } } })));
  assert.deepEqual(say(leavesOut), [
    `error WF500 FabricPolicy default spec.underlay.asn.leafStart: ${hint} (FabricPolicy default spec.underlay.asn.leafStart) is exhausted: 2 numbers are needed and 1 could be given`,
  ]);
  const together = compile(resourceSet(smallFabric(), borders(), policy({ underlay: { asn: { leafStart: last } } })));
  assert.deepEqual(say(together), [
    `error WF500 FabricPolicy default spec.underlay.asn: ${hint} (FabricPolicy default spec.underlay.asn.leafStart) is exhausted: 4 numbers are needed and 1 could be given`,
  ]);
});

test('numbered fabric links keep the /31 they had inside the pool; one outside it moves in without a warning', () => {
  const numbered = policy({ underlay: { links: '10.1.0.0/29' } });
  const first = compile(resourceSet(smallFabric(), numbered));
  assert.deepEqual(say(first), []);
  assert.deepEqual(first.allocations.links, {
    'spine1--leaf1': '10.1.0.0/31',
    'spine1--leaf2': '10.1.0.2/31',
    'spine2--leaf1': '10.1.0.4/31',
    'spine2--leaf2': '10.1.0.6/31',
  });
  // spine1--leaf1 is new; spine2--leaf1 had the block just past the pool's end
  const previous = { ...first.allocations, links: { 'spine1--leaf2': '10.1.0.0/31', 'spine2--leaf1': '10.1.0.8/31', 'spine2--leaf2': '10.1.0.2/31' } };
  const again = compile(resourceSet(smallFabric(), numbered), { previous });
  assert.deepEqual(say(again), []);
  assert.deepEqual(again.allocations.links, {
    'spine1--leaf1': '10.1.0.4/31',
    'spine1--leaf2': '10.1.0.0/31',
    'spine2--leaf1': '10.1.0.6/31',
    'spine2--leaf2': '10.1.0.2/31',
  });
});
