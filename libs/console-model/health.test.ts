// Agent health as the switch page and the drawing say it: the reasons a person reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentHealth, type Agent } from './index.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const leaf1 = (status: Agent['status']): Agent => ({ metadata: { name: 'leaf1' }, spec: { generation: 3 }, status });

test('two BGP sessions down are counted in the plural', () => {
  const health = agentHealth(leaf1({ appliedGeneration: 3, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Active' }, { peer: 'Ethernet52', state: 'Idle' }, { peer: '192.0.2.2', state: 'Established' }] }), NOW);
  assert.deepEqual([health.tone, health.label, health.reasons], ['error', 'Failing', ['2 BGP neighbours not established']]);
});

test('an agent silent for an hour says since when', () => {
  const health = agentHealth(leaf1({ appliedGeneration: 3, lastHeartbeat: '2026-12-01T11:00:00Z' }), NOW);
  assert.deepEqual([health.tone, health.label, health.reasons], ['pending', 'Behind', ['silent since 2026-12-01T11:00:00Z']]);
});
