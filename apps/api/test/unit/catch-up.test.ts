// Following another replica without a database (pure): what replica A committed (objects and the
// numbers it allocated) applied to replica B's snapshot gives B exactly A's state, incrementally,
// with one change per object for B's event streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, recompile } from '#compiler';
import { groupResources } from '#domain';
import { applyChanges, sameNumbers } from '../../src/fabric/catch-up.js';
import { evaluateBatch } from '../../src/fabric/batch-evaluation.js';
import type { FabricSnapshot } from '../../src/fabric/fabric-state.js';
import { attachment, CONTEXT, create, remove, sampleSnapshot, vpc } from '../support/fabric.js';

const compiler = {
  recompile,
  compileAll: (objects: readonly { resource: never }[], previous: never) => compile(groupResources(objects.map((s) => s.resource)), { previous }),
};

test('replica B applies what A wrote: the same numbers, files and statuses, compiled incrementally', async () => {
  const a = await sampleSnapshot([vpc('gone', 'acme', '10.80.9.0/24')]);
  const b: FabricSnapshot = a;
  const requests = [
    create('VPC', vpc('new-one', 'acme', '10.80.0.0/24')),
    create('VPC', vpc('new-two', 'globex', '10.80.1.0/24')),
    create('VPCAttachment', attachment('new-one-at', 'new-one/web', 'server1--leaf1')),
    remove('VPC', 'gone'),
  ];
  const written = evaluateBatch(requests, a, CONTEXT);
  assert.equal(written.refused.length, 0);
  const stored = written.accepted.flatMap(({ step }) => (step.after === undefined ? [] : [{ ...step.after, resourceVersion: 2 }]));
  const caught = applyChanges(
    b,
    {
      version: 2,
      written: stored,
      deleted: [{ kind: 'VPC', namespace: 'default', name: 'gone' }],
      allocations: written.result.allocations,
      quarantine: written.result.allocations.quarantine,
      agents: b.agents,
    },
    compiler as never,
  );
  assert.equal(caught.recompiledInFull, false, 'the incremental compile gave the stored numbers');
  assert.ok(sameNumbers(caught.next.result.allocations, written.result.allocations));
  assert.deepEqual(caught.next.result.allocations.quarantine, written.result.allocations.quarantine);
  assert.deepEqual([...caught.next.result.files], [...written.result.files]);
  assert.deepEqual([...caught.next.result.vpcStatus.keys()].sort(), [...written.result.vpcStatus.keys()].sort());
  assert.equal(caught.next.version, 2);
  assert.deepEqual(
    caught.changes.map((c) => [c.key, c.before !== undefined, c.after !== undefined]),
    [
      ['VPC|default|new-one', false, true],
      ['VPC|default|new-two', false, true],
      ['VPCAttachment|default|new-one-at', false, true],
      ['VPC|default|gone', true, false],
    ],
  );
});

test('a quarantine release or an agent report alone changes no object and compiles nothing', async () => {
  const a = await sampleSnapshot();
  let compiles = 0;
  const counting = { recompile: (...args: Parameters<typeof recompile>) => ((compiles += 1), recompile(...args)), compileAll: () => assert.fail('no full compile') };
  const reported = new Map(a.agents);
  const [sw, record] = [...reported][0] ?? [];
  assert.ok(sw !== undefined && record !== undefined);
  reported.set(sw, { ...record, status: { appliedGeneration: record.generation, lastHeartbeat: '2026-12-06T00:00:00Z' } });
  const caught = applyChanges(a, { version: 5, written: [], deleted: [], quarantine: [], agents: reported }, counting);
  assert.equal(compiles, 0);
  assert.equal(caught.next.result.files, a.result.files);
  assert.deepEqual(caught.changes, []);
  assert.equal(caught.next.agents.get(sw)?.status?.appliedGeneration, record.generation);
});
