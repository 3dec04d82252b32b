// The bench's workload against the service's own evaluation (pure, no database): every
// attachment it sends names a VPC it created, so all are accepted. An earlier bench sent
// attachment i to VPC bench-i whether or not that VPC was created: with fewer VPCs than
// attachments (or a failed create) the service rightly answered 400 "no valid VPC" and the run
// counted it as the service failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateBatch } from '../apps/api/src/fabric/batch-evaluation.js';
import { StoreError } from '../apps/api/src/store/store.types.js';
import { CONTEXT, create, sampleSnapshot } from '../apps/api/test/support/fabric.js';
import { attachmentBodies, vpcBody } from './api-workload.js';

test('every attachment of the bench is on a VPC it created, and the service accepts all of them', async () => {
  const vpcs = Array.from({ length: 40 }, (_, i) => vpcBody(i));
  // bench-7 was not created (its create failed): no attachment names it
  const created = vpcs.map((v) => v.metadata.name).filter((name) => name !== 'bench-7');
  const state = await sampleSnapshot(vpcs.filter((v) => v.metadata.name !== 'bench-7'));
  const bodies = attachmentBodies(created, 39);
  assert.ok(!JSON.stringify(bodies).includes('"bench-7/'));
  const evaluation = evaluateBatch(
    bodies.map((body) => create('VPCAttachment', body)),
    state,
    CONTEXT,
  );
  assert.deepEqual(
    evaluation.refused.map(({ index, error }) => `${index}: ${error instanceof StoreError ? error.message : String(error)}`),
    [],
  );
  assert.equal(evaluation.accepted.length, 39);
});

test('more attachments than VPCs created stops the run with the reason, instead of counting 400s', () => {
  const created = Array.from({ length: 113 }, (_, i) => `bench-${i}`);
  assert.throws(() => attachmentBodies(created, 200), /200 attachments need 200 VPCs, and 113 were created/);
});
