// `weft inspect` field by field on the compiled sample labs: a switch's presence for every kind of
// report, the VNIs a switch carries with their MAC counts, which sessions a VPC shows, MACs on a
// LAG, where else a server's MAC is seen, and what a tenant keeps of a VPC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentStatus } from '#api';
import type { CompileResult } from '#compiler';
import { compileSamples, sampleResources } from '../../test/support/compiled-samples.js';
import { connectionPorts, forTenant, inspectConnection, inspectServer, inspectSwitch, inspectVpc, type AgentReport, type InspectInput, type VpcInspection } from './index.js';

const LAB = compileSamples(sampleResources('wiring/lab.yaml', 'examples/lab'));
const TRUNK = compileSamples(sampleResources('wiring/trunk-lab.yaml', 'examples/trunk'));
const HEARTBEAT = '2026-12-06T21:00:00.000Z';

function input(result: CompileResult, agents: Readonly<Record<string, AgentReport>>): InspectInput {
  return { devices: result.devices, connections: result.state.resources.connections.flatMap((c) => connectionPorts(c) ?? []), agents: new Map(Object.entries(agents)) };
}

test("a switch's presence: behind, ahead, without a desired generation, without a report; an agent's error is the problem named first", () => {
  const presence = (report: AgentReport | undefined): unknown => {
    const spine = inspectSwitch(input(LAB, report === undefined ? {} : { spine1: report }), 'spine1');
    assert.ok(spine !== undefined);
    const { switch: name, role, generation, appliedGeneration, applied, lastHeartbeat, lastError, problems } = spine;
    return { name, role, generation, appliedGeneration, applied, lastHeartbeat, lastError, problems, keys: Object.keys(spine).filter((k) => ['generation', 'appliedGeneration', 'lastHeartbeat', 'lastError'].includes(k)) };
  };
  assert.deepEqual(presence({ generation: 5, status: { appliedGeneration: 4, lastHeartbeat: HEARTBEAT, lastError: 'FRR refused 2 lines' } }), {
    name: 'spine1',
    role: 'spine',
    generation: 5,
    appliedGeneration: 4,
    applied: 'Behind',
    lastHeartbeat: HEARTBEAT,
    lastError: 'FRR refused 2 lines',
    problems: ['spine1: FRR refused 2 lines'],
    keys: ['generation', 'appliedGeneration', 'lastHeartbeat', 'lastError'],
  });
  assert.deepEqual(presence({ generation: 5, status: { appliedGeneration: 6 } }), {
    name: 'spine1',
    role: 'spine',
    generation: 5,
    appliedGeneration: 6,
    applied: 'Applied',
    lastHeartbeat: undefined,
    lastError: undefined,
    problems: [],
    keys: ['generation', 'appliedGeneration'],
  });
  assert.deepEqual(presence({ status: { appliedGeneration: 2 } }), {
    name: 'spine1',
    role: 'spine',
    generation: undefined,
    appliedGeneration: 2,
    applied: 'Applied',
    lastHeartbeat: undefined,
    lastError: undefined,
    problems: [],
    keys: ['appliedGeneration'],
  });
  assert.deepEqual(presence({ generation: 5 }), {
    name: 'spine1',
    role: 'spine',
    generation: 5,
    appliedGeneration: undefined,
    applied: 'NoReport',
    lastHeartbeat: undefined,
    lastError: undefined,
    problems: ['spine1: its agent has not reported'],
    keys: ['generation'],
  });
});

test('switch/leaf1: each VPC with its VRF and VNIs (transit VLAN once, MAC counts, tunnels by switch), in name order', () => {
  const status: AgentStatus = {
    appliedGeneration: 3,
    vnis: [
      { vni: 10003, type: 'L2', state: 'Up', remoteVteps: ['10.0.0.5'], macs: 3 },
      { vni: 10005, type: 'L2', state: 'Down', macs: 0 },
    ],
  };
  const leaf1 = inspectSwitch(input(LAB, { leaf1: { generation: 3, status } }), 'leaf1');
  assert.ok(leaf1 !== undefined);
  assert.deepEqual(leaf1.vpcs, [
    {
      vpc: 'default/blue',
      vrf: 'Vrf1',
      vnis: [
        { vni: 10000, type: 'L3', vlan: 1000, state: 'Missing', remoteVteps: [] },
        { vni: 10003, type: 'L2', subnet: 'default/blue/web', vlan: 1001, state: 'Up', remoteVteps: [{ ip: '10.0.0.5', switch: 'leaf4' }], macs: 3 },
      ],
    },
    {
      vpc: 'default/green',
      vrf: 'Vrf2',
      vnis: [
        { vni: 10004, type: 'L3', vlan: 1002, state: 'Missing', remoteVteps: [] },
        { vni: 10005, type: 'L2', subnet: 'default/green/api', vlan: 1003, state: 'Down', remoteVteps: [], macs: 0 },
      ],
    },
  ]);
  // a switch view names no tunnels as missing: that needs the VPC's other switches
  assert.deepEqual(leaf1.problems, ['leaf1: L3VNI 10000 is Missing', 'leaf1: L3VNI 10004 is Missing', 'leaf1: L2VNI 10005 (default/green/api) is Down']);
});

test("vpc/blue on the border: its VRF's sessions and the EVPN ones of the default VRF, not the internet's or the underlay's", () => {
  const internet = LAB.devices.get('border1')?.vrfs.find((v) => v.owner.external === 'default/internet')?.name ?? 'no VRF';
  const status: AgentStatus = {
    appliedGeneration: 1,
    bgpNeighbors: [
      { peer: 'eth0', vrf: 'default', state: 'Established', families: [{ family: 'ipv4Unicast', state: 'Established' }, { family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 9 }] },
      { peer: '192.0.2.1', vrf: internet, state: 'Established', families: [{ family: 'ipv4Unicast', state: 'Established' }] },
      { peer: '10.9.9.9', vrf: 'Vrf1', state: 'Connect', uptime: '00:00:10', families: [{ family: 'ipv4Unicast', state: 'Connect' }] },
    ],
  };
  const blue = inspectVpc(input(LAB, { border1: { generation: 1, status } }), 'default/blue');
  const border = blue.switches.find((s) => s.switch === 'border1');
  assert.ok(border !== undefined);
  assert.deepEqual(border.sessions, [
    { peer: 'eth0', neighbour: 'spine1', vrf: 'default', family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 9 },
    { peer: '10.9.9.9', vrf: 'Vrf1', family: 'ipv4Unicast', state: 'Connect', uptime: '00:00:10' },
  ]);
  assert.deepEqual(border.vnis, [{ vni: 10000, type: 'L3', state: 'Unknown', remoteVteps: [] }]);
  assert.deepEqual(blue.problems.filter((p) => p.startsWith('border1')), ['border1: BGP ipv4Unicast session 10.9.9.9 in Vrf1 is Connect']);
});

test('a VPC without VNIs on a switch (VLANs only) shows no EVPN sessions there; with its VRF, that VRF\'s sessions', () => {
  const sessions: AgentStatus['bgpNeighbors'] = [
    { peer: 'Ethernet48', vrf: 'default', state: 'Established', families: [{ family: 'l2VpnEvpn', state: 'Established' }] },
    { peer: '10.3.0.9', vrf: 'Vrf2', state: 'Established', families: [{ family: 'ipv4Unicast', state: 'Established' }] },
  ];
  const billing = inspectVpc(input(TRUNK, { leaf3: { generation: 1, status: { appliedGeneration: 1, bgpNeighbors: sessions } }, leaf4: { generation: 1, status: { appliedGeneration: 1, bgpNeighbors: sessions } } }), 'legacy/billing');
  assert.deepEqual(
    billing.switches.map((s) => [s.switch, s.sessions.map((n) => `${n.peer} ${n.vrf} ${n.family}`)]),
    [
      ['leaf3', ['10.3.0.9 Vrf2 ipv4Unicast']],
      ['leaf4', []],
    ],
  );
});

test('vpc/green on leaf2: a MAC learnt on the LAG names its connection and server; others name the switch behind them or nothing', () => {
  const status: AgentStatus = {
    appliedGeneration: 3,
    evpnMacs: [
      { mac: '02:00:00:00:07:01', vni: 10005, type: 'local', interface: 'PortChannel1' },
      { mac: '02:00:00:00:07:02', vni: 10005, type: 'remote', remoteVtep: '10.0.0.2' },
      { mac: '02:00:00:00:07:03', vni: 10005, type: 'remote', remoteVtep: '198.51.100.7' },
      { mac: '02:00:00:00:07:04', vni: 10005, type: 'local', interface: 'Ethernet99' },
      // blue's, not green's
      { mac: '02:00:00:00:07:05', vni: 10001, type: 'local', interface: 'Ethernet0' },
    ],
  };
  const green = inspectVpc(input(LAB, { leaf2: { generation: 3, status } }), 'default/green');
  assert.deepEqual(green.switches.find((s) => s.switch === 'leaf2')?.macs, [
    { mac: '02:00:00:00:07:01', vni: 10005, subnet: 'default/green/api', type: 'local', port: 'PortChannel1', connection: 'server7--leaf2', server: 'server7' },
    { mac: '02:00:00:00:07:02', vni: 10005, subnet: 'default/green/api', type: 'remote', remoteVtep: '10.0.0.2', behind: 'leaf1' },
    { mac: '02:00:00:00:07:03', vni: 10005, subnet: 'default/green/api', type: 'remote', remoteVtep: '198.51.100.7' },
    { mac: '02:00:00:00:07:04', vni: 10005, subnet: 'default/green/api', type: 'local', port: 'Ethernet99' },
  ]);
});

test("server1's MAC is seen on every other switch that reports it in the same VNI, in name order; only local MACs of attached VNIs on its port count", () => {
  const mac = 'e2:a6:ce:08:86:94';
  const leaf1: AgentReport = {
    generation: 3,
    status: {
      appliedGeneration: 3,
      ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }],
      evpnMacs: [
        { mac, vni: 10003, type: 'local', interface: 'Ethernet0' },
        { mac: '02:00:00:00:00:99', vni: 10003, type: 'remote', interface: 'Ethernet0', remoteVtep: '10.0.0.5' },
        { mac: '02:00:00:00:00:98', vni: 10004, type: 'local', interface: 'Ethernet0' },
        { mac: '02:00:00:00:00:97', vni: 10003, type: 'local', interface: 'Ethernet4' },
        { mac: '02:00:00:00:00:96', vni: 10003, type: 'local' },
      ],
    },
  };
  const seen = (vni: number): AgentReport => ({ generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac, vni, type: 'remote', remoteVtep: '10.0.0.2' }] } });
  const agents = { leaf1, leaf4: seen(10003), border1: seen(10003), leaf2: seen(10005), leaf3: { generation: 3, status: { appliedGeneration: 3 } } };
  const connection = inspectConnection(input(LAB, agents), 'server1--leaf1');
  assert.deepEqual(connection?.macs, [{ switch: 'leaf1', mac, vni: 10003, subnet: 'default/blue/web', type: 'local', port: 'Ethernet0', connection: 'server1--leaf1', server: 'server1', seenOn: ['border1', 'leaf4'] }]);
  assert.deepEqual(inspectServer(input(LAB, agents), 'server9'), { kind: 'server', server: 'server9', connections: [], problems: [] });
  const server7 = inspectServer(input(LAB, {}), 'server7');
  assert.deepEqual(server7.connections.map((c) => c.connection), ['server7--leaf2']);
});

test('a connection on a switch that is not compiled shows no links; a fabric link shows both ends, without a server', () => {
  const ghost: InspectInput = { ...input(LAB, {}), connections: [{ name: 'server9--leaf9', server: 'server9', ports: ['leaf9/Ethernet0'] }] };
  assert.deepEqual(inspectConnection(ghost, 'server9--leaf9'), { kind: 'connection', connection: 'server9--leaf9', server: 'server9', links: [], attachments: [], macs: [], problems: [] });
  const fabric = inspectConnection(input(LAB, { leaf1: { generation: 1, status: { appliedGeneration: 1, ports: [{ name: 'Ethernet48', admin: 'up', oper: 'down' }] } } }), 'spine1--leaf1');
  assert.ok(fabric !== undefined);
  assert.equal('server' in fabric, false);
  assert.deepEqual(fabric.links, [
    { switch: 'spine1', name: 'Ethernet0', kind: 'fabric', peer: 'leaf1/Ethernet48', admin: 'unknown', oper: 'unknown' },
    { switch: 'leaf1', name: 'Ethernet48', kind: 'fabric', peer: 'spine1/Ethernet0', admin: 'up', oper: 'down' },
  ]);
  assert.deepEqual(fabric.problems, ['leaf1: port Ethernet48 is down']);
});

test("a tenant keeps its VRF's sessions whole, reads a sentence for an agent's error, and keeps the other problems as they are", () => {
  const view: VpcInspection = {
    kind: 'vpc',
    vpc: 'default/blue',
    vrf: 'Vrf1',
    l3vni: 10000,
    switches: [
      {
        switch: 'border1',
        role: 'border',
        applied: 'Applied',
        lastError: 'vtysh: Vrf3 (globex/shop) refused',
        vnis: [],
        sessions: [
          { peer: '10.9.9.9', neighbour: 'upstream', vrf: 'Vrf1', family: 'ipv4Unicast', state: 'Established', prefixesReceived: 4, uptime: '01:00:00' },
          { peer: 'eth0', vrf: 'default', family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 40, uptime: '01:00:00' },
        ],
        macs: [],
      },
      { switch: 'leaf1', role: 'leaf', applied: 'Behind', vnis: [], sessions: [], macs: [] },
    ],
    problems: ['border1: vtysh: Vrf3 (globex/shop) refused', 'leaf1: generation 2 applied, 3 desired', 'border1: L3VNI 10000 is Down'],
  };
  assert.deepEqual(forTenant(view), {
    ...view,
    switches: [
      {
        switch: 'border1',
        role: 'border',
        applied: 'Applied',
        lastError: 'its agent reports an error (an architect can read it)',
        vnis: [],
        sessions: [
          { peer: '10.9.9.9', neighbour: 'upstream', vrf: 'Vrf1', family: 'ipv4Unicast', state: 'Established', prefixesReceived: 4, uptime: '01:00:00' },
          { peer: 'eth0', vrf: 'default', family: 'l2VpnEvpn', state: 'Established' },
        ],
        macs: [],
      },
      { switch: 'leaf1', role: 'leaf', applied: 'Behind', vnis: [], sessions: [], macs: [] },
    ],
    problems: ['border1: its agent reports an error (an architect can read it)', 'leaf1: generation 2 applied, 3 desired', 'border1: L3VNI 10000 is Down'],
  });
});

test("a connection's switch ports from its spec: an external link's one port, a fabric link's two; no ports for what is no Connection", () => {
  const resources = sampleResources('wiring/lab.yaml');
  const byName = (name: string): unknown => {
    const connection = resources.find((r) => r.kind === 'Connection' && r.metadata.name === name);
    assert.ok(connection !== undefined, name);
    return connectionPorts(connection);
  };
  assert.deepEqual(byName('border1--external'), { name: 'border1--external', ports: ['border1/eth3'] });
  assert.deepEqual(byName('spine2--leaf3'), { name: 'spine2--leaf3', ports: ['spine2/Ethernet8', 'leaf3/Ethernet52'] });
  assert.deepEqual(byName('server3--leaf2'), { name: 'server3--leaf2', server: 'server3', ports: ['leaf2/Ethernet0'] });
  const leaf1 = resources.find((r) => r.kind === 'Switch' && r.metadata.name === 'leaf1');
  assert.ok(leaf1 !== undefined);
  assert.equal(connectionPorts(leaf1), undefined);
});

test("connection/border1--external: the border's outside port, with no peer in the fabric, and nothing attached", () => {
  const external = inspectConnection(input(LAB, { border1: { generation: 1, status: { appliedGeneration: 1, ports: [{ name: 'eth3', admin: 'down', oper: 'down' }] } } }), 'border1--external');
  assert.deepEqual(external, {
    kind: 'connection',
    connection: 'border1--external',
    links: [{ switch: 'border1', name: 'eth3', kind: 'external', admin: 'down', oper: 'down' }],
    attachments: [],
    macs: [],
    problems: ['border1: port eth3 is down'],
  });
});

test('switch/leaf2: every port as compiled with what its agent reports, a kind of "switch"; the LAG server\'s down link a server problem too', () => {
  const report: AgentReport = { generation: 2, status: { appliedGeneration: 2, ports: [{ name: 'Ethernet4', admin: 'up', oper: 'up' }, { name: 'Ethernet8', admin: 'up', oper: 'down' }, { name: 'Ethernet48', admin: 'down', oper: 'down' }] } };
  const leaf2 = inspectSwitch(input(LAB, { leaf2: report }), 'leaf2');
  assert.ok(leaf2 !== undefined);
  assert.equal(leaf2.kind, 'switch');
  assert.equal(leaf2.os, 'sonic');
  assert.deepEqual(leaf2.ports, [
    { name: 'Ethernet0', kind: 'server', peer: 'server3/eth0', admin: 'unknown', oper: 'unknown' },
    { name: 'Ethernet4', kind: 'server', peer: 'server7/eth0', portChannel: 'PortChannel1', admin: 'up', oper: 'up' },
    { name: 'Ethernet8', kind: 'server', peer: 'server7/eth1', portChannel: 'PortChannel1', admin: 'up', oper: 'down' },
    { name: 'Ethernet48', kind: 'fabric', peer: 'spine1/Ethernet4', admin: 'down', oper: 'down' },
    { name: 'Ethernet52', kind: 'fabric', peer: 'spine2/Ethernet4', admin: 'unknown', oper: 'unknown' },
  ]);
  assert.deepEqual(leaf2.problems, ['leaf2: port Ethernet8 (server to server7/eth1) is down', 'leaf2: port Ethernet48 (fabric to spine1/Ethernet4) is down']);
  assert.deepEqual(inspectServer(input(LAB, { leaf2: report }), 'server7').problems, ['leaf2: port Ethernet8 is down']);
});

test('a switch lists its VPCs in name order and their VNIs by number, whatever the order of its VRFs and VLANs; a VPC with VLANs only there has no VRF', () => {
  const leaf1 = LAB.devices.get('leaf1');
  assert.ok(leaf1 !== undefined);
  const devices = new Map(LAB.devices);
  devices.set('leaf1', { ...leaf1, vrfs: [...leaf1.vrfs].reverse(), vlans: [...leaf1.vlans].reverse() });
  const reversed = inspectSwitch({ ...input(LAB, {}), devices }, 'leaf1');
  assert.deepEqual(reversed?.vpcs.map((v) => `${v.vpc} ${v.vrf ?? '-'} ${v.vnis.map((n) => n.vni).join(',')}`), ['default/blue Vrf1 10000,10003', 'default/green Vrf2 10004,10005']);
  const leaf4 = inspectSwitch(input(TRUNK, {}), 'leaf4');
  assert.deepEqual(leaf4?.vpcs, [{ vpc: 'legacy/billing', vnis: [] }]);
});

test('vpc/green: its own VRF and L3VNI on every switch, every problem listed, tunnels expected for its L2VNIs only, MACs of its L2VNIs only', () => {
  const up = (vni: number, remoteVteps: string[] = []): NonNullable<AgentStatus['vnis']>[number] => ({ vni, type: vni === 10004 ? 'L3' : 'L2', state: 'Up', remoteVteps });
  const agents: Record<string, AgentReport> = {
    leaf1: { generation: 3, status: { appliedGeneration: 3, vnis: [up(10004), up(10005, ['10.0.0.3'])], evpnMacs: [{ mac: '02:00:00:00:04:01', vni: 10004, type: 'remote', remoteVtep: '10.0.0.3' }] } },
    leaf2: { generation: 3, status: { appliedGeneration: 3, vnis: [up(10004), up(10005, ['10.0.0.2'])] } },
    leaf3: { generation: 3, status: { appliedGeneration: 3, vnis: [up(10004), up(10006)] } },
    leaf4: { generation: 3, status: { appliedGeneration: 2, vnis: [up(10004)] } },
  };
  const green = inspectVpc(input(LAB, agents), 'default/green');
  assert.deepEqual([green.kind, green.vpc, green.vrf, green.l3vni], ['vpc', 'default/green', 'Vrf2', 10004]);
  assert.deepEqual(green.switches.map((s) => `${s.switch} ${s.vrf ?? '-'} ${s.vnis.map((v) => v.vni).join(',')} macs ${s.macs.length}`), [
    'leaf1 Vrf2 10004,10005 macs 0',
    'leaf2 Vrf2 10004,10005 macs 0',
    'leaf3 Vrf2 10004,10006 macs 0',
    'leaf4 Vrf2 10004 macs 0',
  ]);
  assert.deepEqual(green.problems, ['leaf4: generation 2 applied, 3 desired']);
});

test('a VPC no switch carries is an empty answer; a VLAN-only switch has no VRF key at all', () => {
  assert.deepEqual(inspectVpc(input(LAB, {}), 'default/nothing'), { kind: 'vpc', vpc: 'default/nothing', switches: [], problems: [] });
  const leaf4 = inspectVpc(input(TRUNK, {}), 'legacy/billing').switches.find((s) => s.switch === 'leaf4');
  assert.ok(leaf4 !== undefined);
  assert.equal('vrf' in leaf4, false);
});

test('an L2VNI up without tunnels names every switch it misses, in order; an EVPN session in an Internet VRF is not the VPC\'s', () => {
  const leaf4 = LAB.devices.get('leaf4');
  assert.ok(leaf4 !== undefined);
  const devices = new Map(LAB.devices);
  devices.set('leaf9', { ...leaf4, name: 'leaf9', routerId: '10.0.0.99' });
  const internet = LAB.devices.get('border1')?.vrfs.find((v) => v.owner.external === 'default/internet')?.name ?? 'no VRF';
  const agents: Record<string, AgentReport> = {
    leaf1: { generation: 3, status: { appliedGeneration: 3, vnis: [{ vni: 10000, type: 'L3', state: 'Up' }, { vni: 10003, type: 'L2', state: 'Up', remoteVteps: [] }] } },
    border1: { generation: 3, status: { appliedGeneration: 3, bgpNeighbors: [{ peer: '192.0.2.1', vrf: internet, state: 'Established', families: [{ family: 'l2VpnEvpn', state: 'Established' }] }] } },
  };
  const blue = inspectVpc({ ...input(LAB, agents), devices }, 'default/blue');
  assert.deepEqual(blue.problems.filter((p) => p.startsWith('leaf1')), ['leaf1: L2VNI 10003 has no tunnel to leaf4, leaf9']);
  assert.deepEqual(blue.switches.find((s) => s.switch === 'border1')?.sessions, []);
});

test('a connection given without a server names none on its MACs', () => {
  const mac = 'e2:a6:ce:08:86:94';
  const agents = { leaf1: { generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac, vni: 10003, type: 'local', interface: 'Ethernet0' }] } } };
  const bare: InspectInput = { ...input(LAB, agents), connections: [{ name: 'leaf1-port0', ports: ['leaf1/Ethernet0'] }] };
  assert.deepEqual(inspectConnection(bare, 'leaf1-port0')?.macs, [{ switch: 'leaf1', mac, vni: 10003, subnet: 'default/blue/web', type: 'local', port: 'Ethernet0', connection: 'leaf1-port0', seenOn: [] }]);
});

test('a LAG member wired in no Connection leaves the LAG named by the connection of its other members', () => {
  const leaf2 = LAB.devices.get('leaf2');
  assert.ok(leaf2 !== undefined);
  const devices = new Map(LAB.devices);
  devices.set('leaf2', { ...leaf2, ports: [...leaf2.ports, { name: 'Ethernet12', kind: 'server', description: 'spare', mtu: 9100, addresses: [], unnumbered: false, portChannel: 'PortChannel1' }] });
  const agents = { leaf2: { generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac: '02:00:00:00:07:01', vni: 10005, type: 'local', interface: 'PortChannel1' }] } } };
  const green = inspectVpc({ ...input(LAB, agents), devices }, 'default/green');
  assert.deepEqual(green.switches.find((s) => s.switch === 'leaf2')?.macs.map((m) => `${m.port ?? ''} ${m.connection ?? '-'} ${m.server ?? '-'}`), ['PortChannel1 server7--leaf2 server7']);
});

test('where else a MAC is seen: the same MAC in the same VNI only, and an agent without a report is no sighting', () => {
  const mac = 'e2:a6:ce:08:86:94';
  const agents: Record<string, AgentReport> = {
    leaf1: { generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac, vni: 10003, type: 'local', interface: 'Ethernet0' }] } },
    leaf4: { generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac: '02:00:00:00:00:44', vni: 10003, type: 'local', interface: 'Ethernet0' }] } },
    spine1: { generation: 3 },
    border1: { generation: 3, status: { appliedGeneration: 3, evpnMacs: [{ mac, vni: 10003, type: 'remote', remoteVtep: '10.0.0.2' }] } },
  };
  assert.deepEqual(inspectConnection(input(LAB, agents), 'server1--leaf1')?.macs.map((m) => m.seenOn), [['border1']]);
});

test("switch/border1's outside port has no peer field; a VPC without a transit VLAN still shows its L3VNI", () => {
  const border = inspectSwitch(input(LAB, {}), 'border1');
  assert.deepEqual(border?.ports.find((p) => p.name === 'eth3'), { name: 'eth3', kind: 'external', admin: 'unknown', oper: 'unknown' });
  const leaf1 = LAB.devices.get('leaf1');
  assert.ok(leaf1 !== undefined);
  const devices = new Map(LAB.devices);
  devices.set('leaf1', { ...leaf1, vlans: leaf1.vlans.filter((v) => v.owner.subnet !== undefined) });
  const blue = inspectSwitch({ ...input(LAB, {}), devices }, 'leaf1')?.vpcs.find((v) => v.vpc === 'default/blue');
  assert.deepEqual(blue?.vnis.map((v) => `${v.type} ${v.vni} ${v.vlan ?? '-'}`), ['L3 10000 -', 'L2 10003 1001']);
});
