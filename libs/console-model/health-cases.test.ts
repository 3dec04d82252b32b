// An agent's health as the switch page and the fabric drawing show it, case by case: the tone,
// the word, and every reason, from what the agent reported and when.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentHealth, HEARTBEAT_STALE_MS, type Agent, type AgentStatus } from './index.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();
const FRESH = ago(30_000);

const agentWith = (status: AgentStatus | null | undefined, generation: number | null = 3): Agent => ({
  metadata: { name: 'leaf1' },
  spec: { generation },
  ...(status === undefined ? {} : { status }),
});

const cases: { name: string; agent: Agent; health: ReturnType<typeof agentHealth> }[] = [
  { name: 'no status', agent: agentWith(undefined), health: { tone: 'unknown', label: 'Not reported', reasons: ['its agent has not reported yet'] } },
  { name: 'a null status', agent: agentWith(null), health: { tone: 'unknown', label: 'Not reported', reasons: ['its agent has not reported yet'] } },
  { name: 'no applied generation', agent: agentWith({ lastHeartbeat: FRESH }), health: { tone: 'unknown', label: 'Not reported', reasons: ['its agent has not reported yet'] } },
  { name: 'a null applied generation', agent: agentWith({ appliedGeneration: null, lastHeartbeat: FRESH }), health: { tone: 'unknown', label: 'Not reported', reasons: ['its agent has not reported yet'] } },
  { name: 'applied, recent, no error', agent: agentWith({ appliedGeneration: 3, lastHeartbeat: FRESH, lastError: null }), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 3 applied'] } },
  { name: 'an empty last error is none', agent: agentWith({ appliedGeneration: 3, lastHeartbeat: FRESH, lastError: '' }), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 3 applied'] } },
  {
    name: 'a last error',
    agent: agentWith({ appliedGeneration: 3, lastHeartbeat: FRESH, lastError: 'redis: connection refused' }),
    health: { tone: 'error', label: 'Failing', reasons: ['last error: redis: connection refused'] },
  },
  {
    name: 'one BGP neighbour down',
    agent: agentWith({ appliedGeneration: 3, lastHeartbeat: FRESH, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Active' }, { peer: 'Ethernet52', state: 'Established' }] }),
    health: { tone: 'error', label: 'Failing', reasons: ['1 BGP neighbour not established'] },
  },
  {
    name: 'two BGP neighbours down',
    agent: agentWith({ appliedGeneration: 3, lastHeartbeat: FRESH, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Active' }, { peer: 'Ethernet52', state: 'Idle' }] }),
    health: { tone: 'error', label: 'Failing', reasons: ['2 BGP neighbours not established'] },
  },
  { name: 'behind the desired generation', agent: agentWith({ appliedGeneration: 2, lastHeartbeat: FRESH }), health: { tone: 'pending', label: 'Behind', reasons: ['generation 2 applied, 3 desired'] } },
  { name: 'no desired generation readable', agent: agentWith({ appliedGeneration: 2, lastHeartbeat: FRESH }, null), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 2 applied'] } },
  {
    name: 'failing and behind: failing wins, both reasons',
    agent: agentWith({ appliedGeneration: 2, lastHeartbeat: FRESH, lastError: 'boom' }),
    health: { tone: 'error', label: 'Failing', reasons: ['last error: boom', 'generation 2 applied, 3 desired'] },
  },
  {
    name: 'silent',
    agent: agentWith({ appliedGeneration: 3, lastHeartbeat: ago(HEARTBEAT_STALE_MS + 1000) }),
    health: { tone: 'pending', label: 'Behind', reasons: [`silent since ${ago(HEARTBEAT_STALE_MS + 1000)}`] },
  },
  { name: 'heard from exactly the stale time ago: not yet silent', agent: agentWith({ appliedGeneration: 3, lastHeartbeat: ago(HEARTBEAT_STALE_MS) }), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 3 applied'] } },
  {
    name: 'failing and silent: failing wins, both reasons',
    agent: agentWith({ appliedGeneration: 3, lastHeartbeat: ago(HEARTBEAT_STALE_MS + 1000), lastError: 'boom' }),
    health: { tone: 'error', label: 'Failing', reasons: ['last error: boom', `silent since ${ago(HEARTBEAT_STALE_MS + 1000)}`] },
  },
  { name: 'no heartbeat, or one that is no time: not silent', agent: agentWith({ appliedGeneration: 3, lastHeartbeat: null }), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 3 applied'] } },
  { name: 'a heartbeat that is no time: not silent', agent: agentWith({ appliedGeneration: 3, lastHeartbeat: 'yesterday' }), health: { tone: 'ok', label: 'Healthy', reasons: ['generation 3 applied'] } },
];

for (const c of cases) {
  test(`agent health: ${c.name}`, () => {
    assert.deepEqual(agentHealth(c.agent, NOW), c.health);
  });
}
