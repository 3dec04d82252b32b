import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentStatus } from '#api';
import { vpcDegraded } from '../src/store/vpc-agent-conditions.js';

test("a VPC is Degraded naming each switch whose agent is, with the agent's reason but not its error text (another tenant's business)", () => {
  const statuses: Record<string, AgentStatus> = {
    leaf1: { appliedGeneration: 3, conditions: [{ type: 'Degraded', status: 'True', reason: 'DeviceUnreachable', message: 'generation 4: CONFIG_DB is not reachable' }], lastError: 'generation 4: CONFIG_DB is not reachable' },
    leaf2: { appliedGeneration: 4, conditions: [{ type: 'Degraded', status: 'False', reason: 'Healthy' }] },
    leaf3: { appliedGeneration: 2, lastError: 'frr-reload failed' },
  };
  assert.deepEqual(
    vpcDegraded(['leaf1', 'leaf2', 'leaf3', 'leaf4'], (sw) => statuses[sw]),
    { type: 'Degraded', status: 'True', reason: 'AgentError', message: 'the agent of leaf1 reports DeviceUnreachable; the agent of leaf3 reports an error' },
  );
  assert.deepEqual(vpcDegraded(['leaf2', 'leaf4'], (sw) => statuses[sw]), { type: 'Degraded', status: 'False', reason: 'NoErrors' });
});
