// The write path's decisions without a database (pure): how a batch is cut into compiles, and
// that compiling writes together gives what one at a time gives (the same writes accepted and
// refused, the same owners of numbers on the same switches; numbers handed out in owner order
// rather than arrival order), with each write's plan on its own connection's switches and no
// plan shown across tenants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFiles } from '#compiler';
import { parseDocument } from '#domain';
import { evaluateBatch } from '../../src/fabric/batch-evaluation.js';
import { attachmentSwitches, groupByTenant, segmentsOf } from '../../src/fabric/write-batching.js';
import { evaluateWrite } from '../../src/fabric/write-evaluation.js';
import { StoreError, type WriteRequest } from '../../src/store/store.types.js';
import { attachment, CONTEXT, create, remove, sampleSnapshot, vpc } from '../support/fabric.js';

const CONNECTIONS = ['server1--leaf1', 'server2--leaf1', 'server3--leaf2', 'server7--leaf2', 'server4--leaf3'];

/** One write at a time, as the writer did before batching: the reference outcome. */
function oneAtATime(requests: readonly WriteRequest[], state: Awaited<ReturnType<typeof sampleSnapshot>>) {
  let result = state.result;
  const objects = new Map(state.objects);
  const outcomes: (string | undefined)[] = [];
  for (const request of requests) {
    try {
      const step = evaluateWrite(request, result, objects, CONTEXT);
      result = step.result;
      if (step.before !== undefined) objects.delete(step.key);
      if (step.after !== undefined) objects.set(step.key, step.after);
      outcomes.push(undefined);
    } catch (e) {
      outcomes.push(e instanceof StoreError ? e.code : 'crash');
    }
  }
  return { result, outcomes };
}

test('segments: consecutive VPC creates, consecutive attachment creates, everything else alone and in order', () => {
  const requests = [
    create('VPC', vpc('a', 'acme', '10.90.0.0/24')),
    create('VPC', vpc('b', 'acme', '10.90.1.0/24')),
    create('VPCAttachment', attachment('a1', 'a/web', 'server1--leaf1')),
    create('VPCAttachment', attachment('b1', 'b/web', 'server3--leaf2')),
    remove('VPC', 'c'),
    create('VPC', vpc('d', 'acme', '10.90.2.0/24')),
  ];
  assert.deepEqual(
    segmentsOf(requests).map((s) => [s.kind, s.indices]),
    [
      ['vpc-creates', [0, 1]],
      ['attachment-creates', [2, 3]],
      ['single', [4]],
      ['vpc-creates', [5]],
    ],
  );
});

test('attachments are grouped by the tenant of their VPC; one whose VPC is unknown compiles alone', async () => {
  const state = await sampleSnapshot([vpc('a', 'acme', '10.90.0.0/24'), vpc('g', 'globex', '10.90.1.0/24')]);
  const requests = [
    create('VPCAttachment', attachment('a1', 'a/web', 'server1--leaf1')),
    create('VPCAttachment', attachment('g1', 'g/web', 'server5--leaf3')),
    create('VPCAttachment', attachment('a2', 'a/web', 'server3--leaf2')),
    create('VPCAttachment', attachment('x1', 'nope/web', 'server3--leaf2')),
  ];
  assert.deepEqual(groupByTenant([0, 1, 2, 3], requests, state.objects), [[0, 2], [1], [3]]);
  // a LAG's switch, and a server's single link
  assert.deepEqual(attachmentSwitches(parseDocument({ value: attachment('l', 'a/web', 'server7--leaf2') }).resource, state.objects), ['leaf2']);
  assert.deepEqual(attachmentSwitches(parseDocument({ value: attachment('l', 'a/web', 'server1--leaf1') }).resource, state.objects), ['leaf1']);
});

/** Who owns a number on which switch, and on which switches each VPC lands: what must not depend on batching. */
function owners(result: Awaited<ReturnType<typeof sampleSnapshot>>['result']) {
  const switches = Object.fromEntries(Object.entries(result.allocations.switches).map(([sw, a]) => [sw, Object.keys(a.vlans).sort()]));
  for (const a of Object.values(result.allocations.switches)) assert.equal(new Set(Object.values(a.vlans)).size, Object.keys(a.vlans).length, 'one owner per VLAN');
  const vnis = Object.values(result.allocations.vpcs).flatMap((v) => [v.vni, ...Object.values(v.subnets).map((sub) => sub.vni)]).filter((x) => x !== undefined);
  assert.equal(new Set(vnis).size, vnis.length, 'one owner per VNI');
  const placement = [...result.vpcStatus].map(([key, status]) => [key, status.isolation, status.switches]).sort();
  return { switches, vpcs: Object.keys(result.allocations.vpcs).sort(), placement, files: [...result.files.keys()].sort() };
}

test('twenty attachments of one tenant compile once: the same owners of numbers on the same switches as one at a time, other devices untouched', async () => {
  const vpcs = Array.from({ length: 20 }, (_, i) => vpc(`v${i}`, 'acme', `10.91.${i}.0/24`));
  const state = await sampleSnapshot(vpcs);
  const requests = Array.from({ length: 20 }, (_, i) => create('VPCAttachment', attachment(`v${i}-at`, `v${i}/web`, CONNECTIONS[i % CONNECTIONS.length] ?? '')));
  const together = evaluateBatch(requests, state, CONTEXT);
  const alone = oneAtATime(requests, state);
  assert.equal(together.compiles, 1, 'one compile for the group');
  assert.equal(together.refused.length, 0);
  assert.equal(together.accepted.length, 20);
  assert.deepEqual(owners(together.result), owners(alone.result));
  for (const untouched of ['spine1', 'spine2', 'border1', 'leaf4']) {
    assert.deepEqual(
      [...together.result.files].filter(([path]) => path.startsWith(`${untouched}/`)),
      [...alone.result.files].filter(([path]) => path.startsWith(`${untouched}/`)),
      `${untouched} is not changed by either`,
    );
  }
  // each write's plan: the change on its connection's switch, nothing elsewhere
  for (const { index, step } of together.accepted) {
    const leaf = (CONNECTIONS[index % CONNECTIONS.length] ?? '').split('--')[1];
    assert.deepEqual(
      step.plan.map((p) => p.device),
      [leaf],
      `write ${index}`,
    );
    assert.ok(step.plan[0]?.files.some((f) => f.lines.some((l) => l.startsWith('+ VLAN|'))));
  }
});

test('attachments of several tenants share one compile: each plan is its own VPC\'s change, never another tenant\'s', async () => {
  const state = await sampleSnapshot([vpc('acme-one', 'acme', '10.92.0.0/24'), vpc('globex-one', 'globex', '10.92.1.0/24'), vpc('acme-two', 'acme', '10.92.2.0/24')]);
  const requests = [
    create('VPCAttachment', attachment('a1', 'acme-one/web', 'server4--leaf3')),
    create('VPCAttachment', attachment('g1', 'globex-one/web', 'server5--leaf3')),
    create('VPCAttachment', attachment('a2', 'acme-two/web', 'server4--leaf3')),
  ];
  const together = evaluateBatch(requests, state, CONTEXT);
  assert.equal(together.compiles, 1, 'one compile for the three tenants\' writes');
  assert.deepEqual(owners(together.result), owners(oneAtATime(requests, state).result));
  const leaf3 = together.result.devices.get('leaf3');
  assert.ok(leaf3 !== undefined);
  const planText = (index: number): string => JSON.stringify(together.accepted.find((a) => a.index === index)?.step.plan);
  // what each VPC has on leaf3: its VLANs and VRF, by name
  const namesOf = (vpcName: string): string[] => [
    ...leaf3.vlans.filter((v) => v.owner.vpc === `default/${vpcName}`).map((v) => v.name),
    ...leaf3.vrfs.filter((v) => v.owner.vpc === `default/${vpcName}`).map((v) => v.name),
  ];
  const shows = (index: number, vpcName: string): boolean => namesOf(vpcName).some((name) => new RegExp(`\\b${name}\\b`).test(planText(index))) || planText(index).includes(`default/${vpcName}`);
  for (const [index, own] of [[0, 'acme-one'], [1, 'globex-one'], [2, 'acme-two']] as const) {
    assert.ok(namesOf(own).length > 0);
    assert.ok(shows(index, own), `write ${index} shows its own VPC's change`);
    for (const other of ['acme-one', 'globex-one', 'acme-two'].filter((name) => name !== own)) assert.ok(!shows(index, other), `write ${index}'s plan shows ${other}`);
  }
  assert.doesNotMatch(planText(0), /globex/);
  assert.doesNotMatch(planText(2), /globex/);
  assert.doesNotMatch(planText(1), /acme/);
  // the three plans together are the change of the files, line for line (leaf3 has a ConfigTemplate)
  assert.ok((leaf3.templates.length) > 0);
  const whole = planFiles(state.result.files, together.result.files);
  for (const file of ['config_db.json', 'frr.conf']) {
    const split = together.accepted.flatMap(({ step }) => step.plan.flatMap((p) => p.files.filter((f) => f.file === file).flatMap((f) => f.lines)));
    const lines = whole.flatMap((p) => p.files.filter((f) => f.file === file).flatMap((f) => f.lines));
    assert.deepEqual([...split].sort(), [...lines].sort(), file);
  }
});

test('when the shared compile changes what belongs to no VPC (a leaf\'s first VPC), the tenants compile apart', async () => {
  // the sample without its attachments on leaf4: leaf4 carries no VPC
  const state = await sampleSnapshot([vpc('acme-one', 'acme', '10.92.0.0/24'), vpc('globex-one', 'globex', '10.92.1.0/24')], (r) => !(r.kind === 'VPCAttachment' && r.spec.connection.endsWith('--leaf4')));
  assert.deepEqual(state.result.devices.get('leaf4')?.vlans, []);
  const requests = [
    create('VPCAttachment', attachment('a1', 'acme-one/web', 'server6--leaf4')),
    create('VPCAttachment', attachment('g1', 'globex-one/web', 'server6--leaf4')),
  ];
  const together = evaluateBatch(requests, state, CONTEXT);
  assert.equal(together.accepted.length, 2);
  assert.equal(together.compiles, 3, 'the shared compile, then one per tenant');
  const planText = (index: number): string => JSON.stringify(together.accepted.find((a) => a.index === index)?.step.plan);
  assert.doesNotMatch(planText(0), /globex/);
  assert.doesNotMatch(planText(1), /acme/);
  assert.deepEqual(owners(together.result), owners(oneAtATime(requests, state).result));
});

test('a group with a bad write falls back to one at a time: the bad write alone is refused, in order', async () => {
  const state = await sampleSnapshot([vpc('ok', 'acme', '10.93.0.0/24')]);
  const requests = [
    create('VPCAttachment', attachment('first', 'ok/web', 'server1--leaf1')),
    create('VPCAttachment', attachment('bad', 'ok/nosuchsubnet', 'server2--leaf1')),
    create('VPCAttachment', attachment('first', 'ok/web', 'server3--leaf2')),
    create('VPCAttachment', attachment('last', 'ok/web', 'server3--leaf2')),
  ];
  const together = evaluateBatch(requests, state, CONTEXT);
  const alone = oneAtATime(requests, state);
  assert.deepEqual(
    together.accepted.map((a) => a.index),
    [0, 3],
  );
  assert.deepEqual(
    together.refused.map((r) => [r.index, (r.error as StoreError).code]),
    [
      [1, 'invalid'],
      [2, 'conflict'],
    ],
  );
  assert.deepEqual(alone.outcomes, [undefined, 'invalid', 'conflict', undefined]);
  assert.deepEqual(owners(together.result), owners(alone.result));
});

test('sixty VPC creates compile once with empty plans and distinct numbers; a duplicate name among them is 409', async () => {
  const state = await sampleSnapshot();
  const requests = [
    ...Array.from({ length: 60 }, (_, i) => create('VPC', vpc(`n${i}`, `t${i % 6}`, `10.94.${i}.0/24`))),
    create('VPC', vpc('n3', 'other', '10.95.0.0/24')),
  ];
  const together = evaluateBatch(requests, state, CONTEXT);
  assert.equal(together.compiles, 1);
  assert.equal(together.accepted.length, 60);
  assert.deepEqual(
    together.refused.map((r) => [r.index, (r.error as StoreError).code]),
    [[60, 'conflict']],
  );
  assert.ok(together.accepted.every(({ step }) => step.plan.length === 0));
  assert.deepEqual(owners(together.result), owners(oneAtATime(requests, state).result));
});
