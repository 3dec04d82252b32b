// Port counters from a real redis-server's COUNTERS_DB (database 2), laid out as SONiC's flex
// counters keep them, into the agent's metrics: bytes, packets (unicast and non-unicast added),
// errors and drops per port, as counters. A Redis without COUNTERS_DB, or none at all, gives no
// counters and no error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CountersDb, portCountersFrom } from '../src/sonic/counters-db.js';
import { createAgentMetrics } from '../src/metrics/agent-metrics.js';
import { requireAgentTools, startRedis } from './support/processes.js';

test('COUNTERS_DB port counters become weft_agent_port_*_total per port', async (t) => {
  if (!requireAgentTools(t)) return;
  const redis = await startRedis(t);
  const counters = redis.client.duplicate({ db: 2 });
  t.after(() => {
    counters.disconnect();
  });
  await counters.hset('COUNTERS_PORT_NAME_MAP', { Ethernet0: 'oid:0x1000000000002', Ethernet4: 'oid:0x1000000000003' });
  await counters.hset('COUNTERS:oid:0x1000000000002', {
    SAI_PORT_STAT_IF_IN_OCTETS: '123456',
    SAI_PORT_STAT_IF_OUT_OCTETS: '654321',
    SAI_PORT_STAT_IF_IN_UCAST_PKTS: '100',
    SAI_PORT_STAT_IF_IN_NON_UCAST_PKTS: '7',
    SAI_PORT_STAT_IF_OUT_UCAST_PKTS: '90',
    SAI_PORT_STAT_IF_IN_ERRORS: '2',
    SAI_PORT_STAT_IF_IN_DISCARDS: '1',
  });
  const db = new CountersDb(redis.url);
  t.after(() => {
    db.close();
  });
  const read = await db.read(['Ethernet0', 'Ethernet4', 'Ethernet8']);
  assert.deepEqual(read, [
    { port: 'Ethernet0', receiveBytes: 123456, transmitBytes: 654321, receivePackets: 107, transmitPackets: 90, receiveErrors: 2, receiveDrops: 1 },
    { port: 'Ethernet4' },
  ]);
  const metrics = createAgentMetrics('leaf1', { processMetrics: false });
  metrics.observed({ ports: [], counters: read }, 1);
  const text = await metrics.registry.metrics();
  assert.match(text, /^# TYPE weft_agent_port_receive_bytes_total counter$/m);
  assert.match(text, /^weft_agent_port_receive_bytes_total\{port="Ethernet0",switch="leaf1"\} 123456$/m);
  assert.match(text, /^weft_agent_port_receive_packets_total\{port="Ethernet0",switch="leaf1"\} 107$/m);
  assert.match(text, /^weft_agent_port_receive_errors_total\{port="Ethernet0",switch="leaf1"\} 2$/m);
  assert.doesNotMatch(text, /port="Ethernet4"/, 'no statistic, no series');
  await counters.flushdb();
  assert.deepEqual(await db.read(['Ethernet0']), [], 'no COUNTERS_DB (the lab): no counters');
});

test('a statistic that is not a number is left out; a Redis that is away gives nothing', async () => {
  assert.deepEqual(portCountersFrom('Ethernet0', { SAI_PORT_STAT_IF_IN_OCTETS: 'n/a', SAI_PORT_STAT_IF_OUT_OCTETS: '5' }), { port: 'Ethernet0', transmitBytes: 5 });
  const away = new CountersDb('unix:///nonexistent/wf-redis.sock');
  assert.deepEqual(await away.read(['Ethernet0']), []);
  away.close();
});
