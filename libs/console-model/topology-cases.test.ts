// The fabric drawing, node by node and edge by edge, for a spine, a leaf, a VyOS border with an
// outside peer and two servers: kinds, tiers, tones and the words under each, from what the
// agents report (BGP on routed links, ports on server links) or do not report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology, type Agent, type Connection, type Switch } from './index.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');

const SWITCHES: Switch[] = [
  { metadata: { name: 'spine1' }, spec: { role: 'spine', os: 'sonic' } },
  { metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } },
  { metadata: { name: 'border1' }, spec: { role: 'border', os: 'vyos' } },
];
const SERVERS = [{ metadata: { name: 'server1' }, spec: { description: 'web frontend' } }, { metadata: { name: 'server2' } }];

const CONNECTIONS: Connection[] = [
  { metadata: { name: 'spine1--leaf1' }, spec: { fabric: { spine: 'spine1/Ethernet0', leaf: 'leaf1/Ethernet48' } } },
  { metadata: { name: 'spine1--border1' }, spec: { fabric: { spine: 'spine1/Ethernet60', leaf: 'border1/eth0' } } },
  { metadata: { name: 'border1--internet' }, spec: { external: { switch: 'border1/eth3', address: '192.0.2.2/30', peer: { ip: '192.0.2.1', asn: 64496 } } } },
  { metadata: { name: 'server1--leaf1' }, spec: { unbundled: { server: 'server1/eth0', switch: 'leaf1/Ethernet0' } } },
  { metadata: { name: 'server2--leaf1' }, spec: { unbundled: { server: 'server2/eth0', switch: 'leaf1/Ethernet4' } } },
  { metadata: { name: 'nothing' }, spec: {} },
  { metadata: { name: 'server3--leaf1' }, spec: { unbundled: { server: 'server3/eth0', switch: 'leaf1/Ethernet8' } } },
];

const reporting = (name: string, status: Agent['status']): Agent => ({ metadata: { name }, spec: { generation: 1 }, status });

test('every node: its kind and tier by role, the health of its agent, a server\'s description', () => {
  const topology = buildTopology({
    switches: SWITCHES,
    servers: SERVERS,
    connections: CONNECTIONS,
    agents: [reporting('spine1', { appliedGeneration: 1, lastHeartbeat: '2026-12-01T11:59:30Z' })],
    now: NOW,
    agentsVisible: true,
  });
  assert.deepEqual(topology.nodes, [
    { id: 'spine1', label: 'spine1', kind: 'spine', tier: 0, tone: 'ok', detail: 'spine, sonic: Healthy', switch: 'spine1' },
    { id: 'leaf1', label: 'leaf1', kind: 'leaf', tier: 1, tone: 'unknown', detail: 'leaf, sonic: No agent data', switch: 'leaf1' },
    { id: 'border1', label: 'border1', kind: 'border', tier: 1, tone: 'unknown', detail: 'border, vyos: No agent data', switch: 'border1' },
    { id: 'server1', label: 'server1', kind: 'server', tier: 2, tone: 'unknown', detail: 'web frontend' },
    { id: 'server2', label: 'server2', kind: 'server', tier: 2, tone: 'unknown', detail: 'server' },
    { id: 'external:border1--internet', label: 'AS 64496', kind: 'external', tier: 2, tone: 'unknown', detail: 'outside peer 192.0.2.1' },
  ]);
});

test('nodes whose agents the token cannot read say so', () => {
  const topology = buildTopology({ switches: SWITCHES.slice(0, 1), servers: [], connections: [], agents: [reporting('spine1', { appliedGeneration: 1 })], now: NOW, agentsVisible: false });
  assert.deepEqual(topology.nodes, [{ id: 'spine1', label: 'spine1', kind: 'spine', tier: 0, tone: 'unknown', detail: 'spine, sonic: Agent state hidden', switch: 'spine1' }]);
});

const edgesWith = (agents: Agent[]) =>
  buildTopology({ switches: SWITCHES, servers: SERVERS, connections: CONNECTIONS, agents, now: NOW, agentsVisible: true }).edges.map((e) => `${e.id} ${e.from}->${e.to} ${e.kind} ${e.tone}: ${e.detail}`);

test('edges with nothing reported: BGP and ports not reported; a connection of no known kind, or to a node not drawn, has none', () => {
  assert.deepEqual(edgesWith([reporting('leaf1', null)]), [
    'spine1--leaf1 spine1->leaf1 fabric unknown: BGP: not reported',
    'spine1--border1 spine1->border1 fabric unknown: BGP: not reported',
    'border1--internet border1->external:border1--internet external unknown: BGP: not reported',
    'server1--leaf1 leaf1->server1 server unknown: port state: not reported',
    'server2--leaf1 leaf1->server2 server unknown: port state: not reported',
  ]);
});

test('routed edges: green when every end that reports is Established, red with each end\'s state otherwise', () => {
  const agents = [
    reporting('spine1', { appliedGeneration: 1, bgpNeighbors: [{ peer: 'Ethernet0', state: 'Established' }, { peer: 'Ethernet60', state: 'Established' }] }),
    reporting('leaf1', { appliedGeneration: 1, bgpNeighbors: [{ peer: 'Ethernet48', state: 'Active' }], ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }, { name: 'Ethernet4', admin: 'up', oper: 'down' }] }),
    reporting('border1', { appliedGeneration: 1, bgpNeighbors: [{ peer: 'eth0', state: 'established' }, { peer: '192.0.2.1', state: 'Connect' }] }),
  ];
  assert.deepEqual(edgesWith(agents), [
    'spine1--leaf1 spine1->leaf1 fabric error: BGP: Established / Active',
    'spine1--border1 spine1->border1 fabric ok: BGP: Established',
    'border1--internet border1->external:border1--internet external error: BGP: Connect',
    'server1--leaf1 leaf1->server1 server ok: ports up',
    'server2--leaf1 leaf1->server2 server error: Ethernet4 down',
  ]);
});
