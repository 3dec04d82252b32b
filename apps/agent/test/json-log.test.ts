// The agent's log lines and the service's have one shape (pino, ADR 0112): level, time, then the
// fields, then msg; the agent adds switch and event. Levels below the threshold are dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJsonLogger } from '../../api/src/observability/logger.js';
import { jsonLogger } from '../src/json-log.js';

const AT = new Date('2026-12-06T12:00:00.000Z');

test('an agent line and a service line: the same keys in the same order, the agent adding switch and event', () => {
  const lines: string[] = [];
  const agent = jsonLogger('leaf1', 'info', (line) => lines.push(line), () => AT);
  agent('info', 'apply', 'generation 3 applied: 2 changes', { generation: 3, changes: 2 });
  agent('debug', 'configdb', 'not shown at info');
  createJsonLogger({ level: 'info', write: (line) => lines.push(line), clock: () => AT }).info('request', { requestId: 'r1', status: 200 });
  assert.equal(lines.length, 2);
  const [fromAgent, fromService] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(fromAgent ?? {}), ['level', 'time', 'switch', 'event', 'generation', 'changes', 'msg']);
  assert.deepEqual(fromAgent, { level: 'info', time: AT.toISOString(), switch: 'leaf1', event: 'apply', generation: 3, changes: 2, msg: 'generation 3 applied: 2 changes' });
  assert.deepEqual(Object.keys(fromService ?? {}), ['level', 'time', 'requestId', 'status', 'msg']);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')), 'one line each');
});

test('a field that cannot be serialised does not lose the line', () => {
  const lines: string[] = [];
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  jsonLogger('leaf1', 'debug', (line) => lines.push(line), () => AT)('warn', 'drift', 'VLAN|Vlan1000 deleted outside Weft', { detail: circular, big: 10n });
  assert.equal(lines.length, 1);
  const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  assert.equal(parsed.msg, 'VLAN|Vlan1000 deleted outside Weft');
  assert.equal(parsed.event, 'drift');
});
