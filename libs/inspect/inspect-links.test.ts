// `weft inspect connection/NAME` beyond inspect.test.ts: a server's LAG with one link down and
// its subnet's VNI down, a leaf that never reported, and a VLAN-only subnet on the trunk lab
// (wiring/trunk-lab.yaml with examples/trunk). Devices compiled from the samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentStatus } from '#api';
import type { CompileResult } from '#compiler';
import { conn } from '#testing';
import { compileSamples, sampleResources } from '../../test/support/compiled-samples.js';
import { connectionPorts, inspectConnection, type AgentReport, type InspectInput } from './index.js';

const LAB = compileSamples(sampleResources('wiring/lab.yaml', 'examples/lab'));

function input(result: CompileResult, agents: Readonly<Record<string, AgentReport>>): InspectInput {
  return { devices: result.devices, connections: result.state.resources.connections.flatMap((c) => connectionPorts(c) ?? []), agents: new Map(Object.entries(agents)) };
}

const leaf2 = (extra: Partial<AgentStatus>): AgentReport => ({
  generation: 3,
  status: {
    appliedGeneration: 3,
    ports: [
      { name: 'Ethernet4', admin: 'up', oper: 'up' },
      { name: 'Ethernet8', admin: 'up', oper: 'down' },
    ],
    ...extra,
  },
});

test('connection/server7--leaf2: both LAG links with their PortChannel, the one down and the VNI down named', () => {
  const server7 = inspectConnection(input(LAB, { leaf2: leaf2({ vnis: [{ vni: 10005, type: 'L2', state: 'Down' }] }) }), 'server7--leaf2');
  assert.ok(server7 !== undefined);
  assert.equal(server7.server, 'server7');
  assert.deepEqual(server7.links, [
    { switch: 'leaf2', name: 'Ethernet4', kind: 'server', peer: 'server7/eth0', portChannel: 'PortChannel1', admin: 'up', oper: 'up' },
    { switch: 'leaf2', name: 'Ethernet8', kind: 'server', peer: 'server7/eth1', portChannel: 'PortChannel1', admin: 'up', oper: 'down' },
  ]);
  // the subnet is attached to the PortChannel, not to its members
  assert.deepEqual(server7.attachments, [{ vpc: 'default/green', subnet: 'api', switch: 'leaf2', interface: 'PortChannel1', vlan: 1003, vni: 10005, vniState: 'Down' }]);
  assert.deepEqual(server7.macs, []);
  assert.deepEqual(server7.problems, ['leaf2: port Ethernet8 is down', 'leaf2: VNI 10005 of default/green/api is Down']);
});

test('a VNI the agent did not report on (Unknown) or reports Up is no problem', () => {
  const unknown = inspectConnection(input(LAB, { leaf2: leaf2({}) }), 'server7--leaf2');
  assert.ok(unknown !== undefined);
  assert.deepEqual(unknown.attachments.map((a) => a.vniState), ['Unknown']);
  assert.deepEqual(unknown.problems, ['leaf2: port Ethernet8 is down']);
  const up = inspectConnection(input(LAB, { leaf2: leaf2({ vnis: [{ vni: 10005, type: 'L2', state: 'Up' }] }) }), 'server7--leaf2');
  assert.deepEqual(up?.problems, ['leaf2: port Ethernet8 is down']);
});

test('connection/server3--leaf2 on a leaf that never reported: the port is unknown, not down, and no problem is made up', () => {
  const server3 = inspectConnection(input(LAB, {}), 'server3--leaf2');
  assert.ok(server3 !== undefined);
  assert.deepEqual(server3.links, [{ switch: 'leaf2', name: 'Ethernet0', kind: 'server', peer: 'server3/eth0', admin: 'unknown', oper: 'unknown' }]);
  assert.deepEqual(server3.attachments.map((a) => `${a.vpc}/${a.subnet} ${a.interface} vni ${a.vni ?? '-'} ${a.vniState ?? '-'}`), ['default/blue/app Ethernet0 vni 10001 Unknown']);
  assert.deepEqual(server3.problems, []);
});

test('on the trunk lab, a VLAN-isolated subnet is attached with its VLAN and no VNI', () => {
  const trunk = compileSamples(sampleResources('wiring/trunk-lab.yaml', 'examples/trunk'));
  const leaf3: AgentReport = { generation: 1, status: { appliedGeneration: 1, ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }], evpnMacs: [] } };
  const server3 = inspectConnection(input(trunk, { leaf3 }), 'server3--leaf3');
  assert.ok(server3 !== undefined);
  assert.deepEqual(server3.attachments, [{ vpc: 'legacy/billing', subnet: 'app', switch: 'leaf3', interface: 'Ethernet0', vlan: 1000 }]);
  assert.deepEqual(server3.links.map((l) => `${l.name} ${l.oper}`), ['Ethernet0 up']);
  assert.deepEqual(server3.problems, []);
});

test("a connection's switch ports: an ESI-LAG's on each leaf, a trunk's two ends, none for a connection of no known kind", () => {
  const eslag = conn.eslag('server8--eslag', 'server8', [
    ['eth0', 'leaf1/Ethernet40'],
    ['eth1', 'leaf2/Ethernet40'],
  ]);
  assert.deepEqual(connectionPorts(eslag), { name: 'server8--eslag', server: 'server8', ports: ['leaf1/Ethernet40', 'leaf2/Ethernet40'] });
  assert.deepEqual(connectionPorts(conn.trunk('leaf3--leaf4', 'leaf3/Ethernet60', 'leaf4/Ethernet60')), { name: 'leaf3--leaf4', ports: ['leaf3/Ethernet60', 'leaf4/Ethernet60'] });
  assert.deepEqual(connectionPorts({ ...eslag, metadata: { name: 'unwired' }, spec: {} }), { name: 'unwired', ports: [] });
});
