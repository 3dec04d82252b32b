// `weft inspect switch/NAME` beyond the leaves of inspect.test.ts: the border with its outside
// peer, a spine whose agent never reported, a leaf with a LAG, and a fabric with numbered links.
// The devices are the sample lab compiled; the reports are written as the agents send them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentStatus } from '#api';
import type { CompileResult } from '#compiler';
import type { AnyResource } from '#domain';
import { policy } from '../../test/support/builders.js';
import { compileSamples, sampleResources } from '../../test/support/compiled-samples.js';
import { connectionPorts, inspectSwitch, type AgentReport, type InspectInput } from './index.js';

const LAB: readonly AnyResource[] = sampleResources('wiring/lab.yaml', 'examples/lab');
const compiled = compileSamples(LAB);

function input(result: CompileResult, agents: Readonly<Record<string, AgentReport>>): InspectInput {
  return { devices: result.devices, connections: result.state.resources.connections.flatMap((c) => connectionPorts(c) ?? []), agents: new Map(Object.entries(agents)) };
}

const HEARTBEAT = '2026-12-06T11:30:00.000Z';

test('switch/border1: its outside peer named from the wiring, an unknown peer left unnamed, a VyOS session without families, the port down', () => {
  // the VRF the border gives the internet (External default/internet), as compiled
  const internet = compiled.devices.get('border1')?.vrfs.find((v) => v.owner.external === 'default/internet')?.name ?? 'no VRF';
  assert.match(internet, /^Vrf\d+$/);
  const status: AgentStatus = {
    appliedGeneration: 4,
    lastHeartbeat: HEARTBEAT,
    bgpNeighbors: [
      // the VyOS agent reports a session per peer without address families; a report may leave
      // out the default VRF
      { peer: 'eth0', vrf: 'default', state: 'Established', prefixesReceived: 12, uptime: '02:11:05' },
      { peer: 'eth1', state: 'Established' },
      { peer: '192.0.2.1', vrf: internet, state: 'Established', families: [{ family: 'ipv4Unicast', state: 'Established', prefixesReceived: 1 }] },
      // sessions the intent does not hold (a neighbour left over by hand)
      { peer: '192.0.2.9', vrf: internet, state: 'Idle', families: [{ family: 'ipv4Unicast', state: 'Idle' }] },
      { peer: '10.9.9.9', state: 'Active' },
    ],
    ports: [
      { name: 'eth0', admin: 'up', oper: 'up' },
      { name: 'eth3', admin: 'up', oper: 'down' },
    ],
    driftCount: 2,
  };
  const border = inspectSwitch(input(compiled, { border1: { generation: 5, status } }), 'border1');
  assert.ok(border !== undefined);
  assert.deepEqual([border.applied, border.generation, border.appliedGeneration, border.driftCount], ['Behind', 5, 4, 2]);
  // the internet's VRF is not a VPC's: only blue is listed
  assert.deepEqual(
    border.vpcs.map((v) => `${v.vpc} ${v.vrf ?? '-'} ${v.vnis.map((n) => `${n.type} ${n.vni} ${n.state}`).join(',')}`),
    ['default/blue Vrf1 L3 10000 Unknown'],
  );
  assert.deepEqual(border.sessions, [
    { peer: 'eth0', neighbour: 'spine1', vrf: 'default', family: 'unknown', state: 'Established', prefixesReceived: 12, uptime: '02:11:05' },
    { peer: 'eth1', neighbour: 'spine2', vrf: 'default', family: 'unknown', state: 'Established' },
    { peer: '192.0.2.1', neighbour: 'default/internet border1--external', vrf: internet, family: 'ipv4Unicast', state: 'Established', prefixesReceived: 1 },
    { peer: '192.0.2.9', vrf: internet, family: 'ipv4Unicast', state: 'Idle' },
    { peer: '10.9.9.9', vrf: 'default', family: 'unknown', state: 'Active' },
  ]);
  assert.deepEqual(
    border.ports.map((p) => `${p.name} ${p.kind} ${p.peer ?? '-'} ${p.admin}/${p.oper}`),
    ['eth0 fabric spine1/Ethernet60 up/up', 'eth1 fabric spine2/Ethernet60 unknown/unknown', 'eth3 external - up/down'],
  );
  assert.deepEqual([border.macsLocal, border.macsRemote], [0, 0]);
  assert.deepEqual(border.problems, [
    'border1: generation 4 applied, 5 desired',
    `border1: BGP ipv4Unicast session 192.0.2.9 in ${internet} is Idle`,
    'border1: BGP unknown session 10.9.9.9 in default is Active',
    'border1: port eth3 (external to ?) is down',
  ]);
});

test('switch/spine1 without a report: every port unknown, no sessions or MACs, and the missing report named', () => {
  const spine = inspectSwitch(input(compiled, {}), 'spine1');
  assert.ok(spine !== undefined);
  assert.equal(spine.applied, 'NoReport');
  assert.deepEqual(spine.vpcs, []);
  assert.deepEqual(spine.sessions, []);
  assert.deepEqual([...new Set(spine.ports.map((p) => `${p.admin}/${p.oper}`))], ['unknown/unknown']);
  assert.deepEqual([spine.macsLocal, spine.macsRemote], [0, 0]);
  assert.equal(spine.driftCount, undefined);
  assert.deepEqual(spine.problems, ['spine1: its agent has not reported']);
});

test("switch/leaf2: a LAG member shows its PortChannel; a tunnel to an address outside the fabric shows the address alone", () => {
  const status: AgentStatus = {
    appliedGeneration: 3,
    lastHeartbeat: HEARTBEAT,
    vnis: [{ vni: 10005, type: 'L2', state: 'Up', remoteVteps: ['10.0.0.2', '203.0.113.50'] }],
  };
  const leaf2 = inspectSwitch(input(compiled, { leaf2: { generation: 3, status } }), 'leaf2');
  assert.ok(leaf2 !== undefined);
  assert.deepEqual(
    leaf2.ports.filter((p) => p.portChannel !== undefined).map((p) => `${p.name} ${p.portChannel ?? ''} ${p.peer ?? ''}`),
    ['Ethernet4 PortChannel1 server7/eth0', 'Ethernet8 PortChannel1 server7/eth1'],
  );
  const api = leaf2.vpcs.find((v) => v.vpc === 'default/green')?.vnis.find((n) => n.vni === 10005);
  assert.deepEqual(api?.remoteVteps, [{ ip: '10.0.0.2', switch: 'leaf1' }, { ip: '203.0.113.50' }]);
});

test('a fabric with numbered links: the sessions, named by address, show the spine at the other end', () => {
  const numbered = compileSamples(
    LAB.map((r) => (r.kind === 'FabricPolicy' ? policy({ ...r.spec, underlay: { ...r.spec.underlay, links: '10.254.0.0/24' } }) : r)),
  );
  const device = numbered.devices.get('leaf1');
  assert.ok(device !== undefined);
  const peers = device.bgp.neighbors.map((n) => n.address ?? '');
  assert.equal(peers.length, 2);
  assert.ok(peers.every((p) => /^10\.254\.0\.\d+$/.test(p)), peers.join(' '));
  const status: AgentStatus = { appliedGeneration: 1, bgpNeighbors: peers.map((peer) => ({ peer, state: 'Established', families: [{ family: 'ipv4Unicast', state: 'Established' }] })) };
  const leaf1 = inspectSwitch(input(numbered, { leaf1: { generation: 1, status } }), 'leaf1');
  assert.deepEqual(
    leaf1?.sessions.map((s) => `${s.peer} ${s.neighbour ?? '?'}`),
    peers.map((p, i) => `${p} spine${i + 1}`),
  );
});
