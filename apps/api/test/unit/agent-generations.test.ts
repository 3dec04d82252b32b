// Desired-state generations without a database (pure): a switch's generation moves when its
// files change and only then, for every switch any write of a batch rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextAgents } from '../../src/agents/agent-generations.js';
import { evaluateBatch } from '../../src/fabric/batch-evaluation.js';
import { attachment, CONTEXT, create, sampleSnapshot, vpc } from '../support/fabric.js';

test('a batch that changes two leaves in two writes gives both a new generation; untouched switches keep theirs', async () => {
  const state = await sampleSnapshot([vpc('x', 'acme', '10.81.0.0/24'), vpc('y', 'globex', '10.81.1.0/24')]);
  // a VPC create between the attachments cuts them into two compiles, each rebuilding its own leaf
  const batch = evaluateBatch(
    [
      create('VPCAttachment', attachment('x1', 'x/web', 'server1--leaf1')),
      create('VPC', vpc('z', 'acme', '10.81.2.0/24')),
      create('VPCAttachment', attachment('y1', 'y/web', 'server5--leaf3')),
    ],
    state,
    CONTEXT,
  );
  assert.equal(batch.compiles, 3);
  const lastOnly = nextAgents(state.agents, batch.result, batch.result.rebuilt);
  const union = nextAgents(state.agents, batch.result, new Set(batch.accepted.flatMap(({ step }) => step.result.rebuilt)));
  const moved = (agents: typeof union): string[] => [...agents].filter(([sw, record]) => record.generation !== state.agents.get(sw)?.generation).map(([sw]) => sw);
  assert.deepEqual(moved(union).sort(), ['leaf1', 'leaf3']);
  assert.ok(moved(lastOnly).length < 2, 'the last write\'s rebuilt switches alone would miss one');
  // the same files again: no new generation
  assert.equal(nextAgents(union, batch.result, batch.result.devices.keys()).get('leaf1'), union.get('leaf1'));
});
