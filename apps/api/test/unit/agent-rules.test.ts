// The numbers behind agents, rule by rule: when a switch's generation goes up, when a report is
// refused, which allocation generation a switch has caught up with, and the floor up to which
// quarantined VNIs may be handed to a new owner. A floor too high would give a VNI to a new VPC
// while some switch still carries it for the old one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caughtUpTo, nextRecord, releaseFloor, withReport, type AgentRecord } from '../../src/store/agent-rules.js';
import { StoreError } from '../../src/store/store.types.js';

const record = (generation: number, extra: Partial<AgentRecord> = {}): AgentRecord => ({ generation, filesHash: `h${generation}`, allocationGeneration: 1, ...extra });

test('a switch goes to its next generation when its files change, and keeps it when they do not', () => {
  assert.deepEqual(nextRecord(undefined, 'a', 4), { generation: 1, filesHash: 'a', allocationGeneration: 4 });
  const first = nextRecord(undefined, 'a', 4);
  assert.equal(nextRecord(first, 'a', 5), first);
  assert.deepEqual(nextRecord(first, 'b', 5), { generation: 2, filesHash: 'b', allocationGeneration: 5 });
});

test('a report ahead of the desired generation is refused with both numbers; one without a generation is taken', () => {
  assert.throws(
    () => withReport(record(3), { appliedGeneration: 4 }, 9),
    (error: unknown) => error instanceof StoreError && error.code === 'invalid' && error.message === 'appliedGeneration 4 is ahead of the desired generation 3',
  );
  assert.deepEqual(withReport(record(3), {}, 9), { ...record(3), status: {} });
  assert.deepEqual(withReport(record(3), { appliedGeneration: 3 }, 9), { ...record(3), status: { appliedGeneration: 3 }, appliedAllocationGeneration: 9 });
  assert.deepEqual(withReport(record(3, { appliedAllocationGeneration: 6 }), { appliedGeneration: 2 }, 9), { ...record(3), status: { appliedGeneration: 2 }, appliedAllocationGeneration: 6 });
});

test('a switch that never reported has caught up with nothing, one running its desired state with everything, one behind with what it had', () => {
  assert.equal(caughtUpTo(record(2), 9), undefined);
  assert.equal(caughtUpTo(record(2, { status: { appliedGeneration: 2 } }), 9), 9);
  assert.equal(caughtUpTo(record(2, { status: { appliedGeneration: 1 }, appliedAllocationGeneration: 5 }), 9), 5);
});

test('quarantined VNIs are released only up to what every switch has caught up with: nothing while any switch has not reported, wherever it is in the list', () => {
  const caughtUp = record(2, { status: { appliedGeneration: 2 } });
  const behind = record(3, { status: { appliedGeneration: 2 }, appliedAllocationGeneration: 5 });
  const silent = record(1);
  assert.equal(releaseFloor([caughtUp, behind], 9), 5);
  assert.equal(releaseFloor([behind, caughtUp], 9), 5);
  assert.equal(releaseFloor([silent, caughtUp], 9), undefined);
  assert.equal(releaseFloor([caughtUp, silent], 9), undefined);
  assert.equal(releaseFloor([], 9), undefined);
});
