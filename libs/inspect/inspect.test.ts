// `weft inspect` joins the compiled sample fabric with agent reports. The reports are built from
// what FRR 8.4 printed on leaf1 and leaf4 in the lab (libs/frr-config/fixtures), so the joins are
// checked against real shapes: blue's VNIs up on its leaves with tunnels to each other, the EVPN
// sessions to both spines, server1's and server6's MACs where they were learnt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentStatus } from '#api';
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments } from '#domain';
import { bgpNeighborsFrom, evpnMacsFrom, localVnisFrom } from '#frr-config';
import { parseFileText } from '#loader';
import { LEAF1_BGP, LEAF1_INTERFACES, LEAF1_MAC, LEAF1_VNI_DETAIL, LEAF4_BGP, LEAF4_INTERFACES, LEAF4_MAC, LEAF4_VNI_DETAIL } from '../frr-config/fixtures/lab-leaf.js';
import { connectionPorts, forTenant, inspectConnection, inspectServer, inspectSwitch, inspectVpc, type AgentReport, type InspectInput } from './index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let compiled: CompileResult | undefined;
function lab(): CompileResult {
  if (compiled !== undefined) return compiled;
  const files = ['wiring/lab.yaml', ...readdirSync(join(ROOT, 'examples/lab')).filter((f) => f.endsWith('.yaml')).map((f) => `examples/lab/${f}`)];
  const parsed = parseDocuments(files.flatMap((file) => parseFileText(readFileSync(join(ROOT, file), 'utf8'), file).docs));
  compiled = compile(groupResources(parsed.resources));
  return compiled;
}

function report(bgp: unknown, vnis: unknown, macs: unknown, interfaces: unknown, generation = 3): AgentReport {
  const learnt = evpnMacsFrom(macs, 512);
  const status: AgentStatus = {
    appliedGeneration: generation,
    lastHeartbeat: '2026-12-06T11:30:00.000Z',
    bgpNeighbors: bgpNeighborsFrom(bgp).map((n) => ({ ...n, families: n.families.map((f) => ({ ...f })) })),
    vnis: localVnisFrom(vnis, interfaces).map(({ remoteVteps, ...v }) => ({ ...v, ...(remoteVteps === undefined ? {} : { remoteVteps: [...remoteVteps] }) })),
    evpnMacs: learnt.macs.map((m) => ({ ...m })),
    ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }],
  };
  return { generation: 3, status };
}

function input(agents: Record<string, AgentReport>): InspectInput {
  const result = lab();
  return {
    devices: result.devices,
    connections: result.state.resources.connections.flatMap((c) => connectionPorts(c) ?? []),
    agents: new Map(Object.entries(agents)),
  };
}

const LEAVES = { leaf1: report(LEAF1_BGP, LEAF1_VNI_DETAIL, LEAF1_MAC, LEAF1_INTERFACES), leaf4: report(LEAF4_BGP, LEAF4_VNI_DETAIL, LEAF4_MAC, LEAF4_INTERFACES) };

test('vpc/blue: programmed on leaf1, leaf2, leaf4, on leaf3 (its VRF, for the peering with green) and the border, its VNIs up with tunnels, EVPN sessions, MACs behind servers', () => {
  const blue = inspectVpc(input(LEAVES), 'default/blue');
  assert.equal(blue.vrf, 'Vrf1');
  assert.equal(blue.l3vni, 10000);
  const leaf1 = blue.switches.find((s) => s.switch === 'leaf1');
  assert.ok(leaf1 !== undefined);
  assert.equal(leaf1.applied, 'Applied');
  assert.deepEqual(leaf1.vnis.map((v) => `${v.type} ${v.vni} ${v.subnet ?? '-'} ${v.state} ${v.remoteVteps.map((t) => t.switch ?? t.ip).join(',')}`), ['L3 10000 - Up ', 'L2 10003 default/blue/web Up leaf4']);
  assert.deepEqual(leaf1.sessions.map((s) => `${s.neighbour ?? '?'} ${s.family} ${s.state}`), ['spine1 l2VpnEvpn Established', 'spine2 l2VpnEvpn Established']);
  assert.deepEqual(leaf1.macs.map((m) => `${m.type} ${m.subnet ?? ''} ${m.server ?? m.behind ?? '?'} ${m.port ?? m.remoteVtep ?? ''}`), ['local default/blue/web server1 Ethernet0', 'remote default/blue/web leaf4 10.0.0.5']);
  const leaf4 = blue.switches.find((s) => s.switch === 'leaf4');
  assert.deepEqual(leaf4?.macs.map((m) => `${m.type} ${m.server ?? m.behind ?? '?'}`), ['local server6', 'remote leaf1']);
  // green's L2VNI on leaf1 is not blue's: none of its MACs or VNIs show
  assert.ok(!blue.switches.some((s) => s.vnis.some((v) => v.vni === 10005) || s.macs.some((m) => m.vni === 10005)));
  // the switches without a report are listed as such, not hidden
  assert.deepEqual(blue.switches.map((s) => `${s.switch} ${s.applied}`).sort(), ['border1 NoReport', 'leaf1 Applied', 'leaf2 NoReport', 'leaf3 NoReport', 'leaf4 Applied']);
  assert.deepEqual(blue.problems.filter((p) => p.startsWith('leaf1') || p.startsWith('leaf4')), []);
  assert.ok(blue.problems.includes('leaf2: its agent has not reported'));
});

test('a VNI down, a tunnel missing, a session not established and a switch behind are each named', () => {
  const leaf1 = LEAVES.leaf1.status;
  assert.ok(leaf1 !== undefined);
  const broken: AgentStatus = {
    ...leaf1,
    appliedGeneration: 2,
    vnis: (leaf1.vnis ?? []).map((v) => (v.vni === 10003 ? { ...v, remoteVteps: [] } : v.vni === 10000 ? { ...v, state: 'Down' } : v)),
    bgpNeighbors: (leaf1.bgpNeighbors ?? []).map((n) => (n.peer === 'Ethernet52' ? { ...n, state: 'Active', families: (n.families ?? []).map((f) => ({ ...f, state: 'Active' })) } : n)),
  };
  const blue = inspectVpc(input({ ...LEAVES, leaf1: { generation: 3, status: broken } }), 'default/blue');
  const leaf1Problems = blue.problems.filter((p) => p.startsWith('leaf1'));
  assert.deepEqual(leaf1Problems, [
    'leaf1: generation 2 applied, 3 desired',
    'leaf1: L3VNI 10000 is Down',
    'leaf1: L2VNI 10003 has no tunnel to leaf4',
    'leaf1: BGP l2VpnEvpn session Ethernet52 (spine2) in default is Active',
  ]);
  const missing = inspectVpc(input({ ...LEAVES, leaf1: { generation: 3, status: { ...leaf1, vnis: [] } } }), 'default/blue');
  assert.ok(missing.problems.includes('leaf1: L2VNI 10003 (default/blue/web) is Missing'));
});

test('switch/leaf1: both VPCs with their VNIs, every session, ports and MAC counts', () => {
  const leaf1 = inspectSwitch(input(LEAVES), 'leaf1');
  assert.ok(leaf1 !== undefined);
  assert.deepEqual(leaf1.vpcs.map((v) => `${v.vpc} ${v.vrf ?? ''} ${v.vnis.map((n) => `${n.vni}:${n.state}`).join(',')}`), ['default/blue Vrf1 10000:Up,10003:Up', 'default/green Vrf2 10004:Up,10005:Up']);
  assert.equal(leaf1.sessions.length, 4, 'two spines, two families');
  assert.deepEqual([leaf1.macsLocal, leaf1.macsRemote], [2, 3]);
  assert.equal(leaf1.ports.find((p) => p.name === 'Ethernet0')?.peer, 'server1/eth0');
  assert.equal(inspectSwitch(input(LEAVES), 'nope'), undefined);
});

test('server1 and its connection: the port, blue/web attached with its VNI up, its MAC seen on leaf4 too', () => {
  const server = inspectServer(input(LEAVES), 'server1');
  assert.equal(server.connections.length, 1);
  const connection = server.connections[0];
  assert.ok(connection !== undefined);
  assert.equal(connection.connection, 'server1--leaf1');
  assert.deepEqual(connection.links.map((l) => `${l.switch}/${l.name} ${l.oper}`), ['leaf1/Ethernet0 up']);
  assert.deepEqual(connection.attachments.map((a) => `${a.vpc}/${a.subnet} vni ${a.vni ?? '-'} ${a.vniState ?? ''}`), ['default/blue/web vni 10003 Up']);
  assert.deepEqual(connection.macs.map((m) => `${m.mac} ${m.switch} seen on ${m.seenOn.join(',')}`), ['e2:a6:ce:08:86:94 leaf1 seen on leaf4']);
  // a reader who may not see blue sees the port, not the attachment or the MACs
  const hidden = inspectConnection(input(LEAVES), 'server1--leaf1', (vpc) => vpc !== 'default/blue');
  assert.ok(hidden !== undefined);
  assert.deepEqual(hidden.attachments, []);
  assert.deepEqual(hidden.macs, []);
  assert.equal(inspectConnection(input(LEAVES), 'nope'), undefined);
});

test('for a tenant: an agent\'s error text and the shared EVPN sessions\' prefix counts are not shown', () => {
  const leaf1 = LEAVES.leaf1.status;
  assert.ok(leaf1 !== undefined);
  const error = 'generation 3: FRR did not take 1 of the desired lines: router bgp 65101 vrf Vrf3 (globex/shop)';
  const full = inspectVpc(input({ ...LEAVES, leaf1: { generation: 3, status: { ...leaf1, lastError: error } } }), 'default/blue');
  assert.ok(full.problems.includes(`leaf1: ${error}`));
  const seen = forTenant(full);
  assert.equal(seen.kind, 'vpc');
  assert.ok(!JSON.stringify(seen).includes('Vrf3'), 'nothing of the error text');
  assert.ok(seen.problems.includes('leaf1: its agent reports an error (an architect can read it)'));
  const sessions = seen.switches.find((s) => s.switch === 'leaf1')?.sessions ?? [];
  assert.deepEqual(sessions.map((s) => `${s.neighbour ?? ''} ${s.state} ${String(s.prefixesReceived)} ${String(s.uptime)}`), ['spine1 Established undefined undefined', 'spine2 Established undefined undefined']);
});
