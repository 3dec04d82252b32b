// The fabric page: the drawing's nodes and edges for every kind of connection, and the wiring
// table's kind and ends. Port names and addresses are those of wiring/lab.yaml and
// examples/multihoming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology, connectionKind, type Agent, type Connection, type Switch, type TopologyEdge } from './index.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');

const SWITCHES: Switch[] = [
  { metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } },
  { metadata: { name: 'leaf2' }, spec: { role: 'leaf', os: 'sonic' } },
  { metadata: { name: 'leaf3' }, spec: { role: 'leaf', os: 'sonic' } },
  { metadata: { name: 'leaf4' }, spec: { role: 'leaf', os: 'sonic' } },
];
const SERVERS = ['server1', 'server7', 'server8'].map((name) => ({ metadata: { name } }));

const agent = (name: string, ports: readonly [string, string][]): Agent => ({
  metadata: { name },
  spec: { generation: 1 },
  status: { appliedGeneration: 1, lastHeartbeat: '2026-12-01T11:59:30Z', ports: ports.map(([port, oper]) => ({ name: port, admin: 'up', oper })) },
});

const CONNECTIONS: Connection[] = [
  { metadata: { name: 'server1--leaf1' }, spec: { unbundled: { server: 'server1/eth0', switch: 'leaf1/Ethernet0' } } },
  {
    metadata: { name: 'server7--leaf2' },
    spec: {
      bundled: {
        server: 'server7',
        links: [
          { server: 'eth0', switch: 'leaf2/Ethernet4' },
          { server: 'eth1', switch: 'leaf2/Ethernet8' },
        ],
      },
    },
  },
  {
    metadata: { name: 'server8--eslag' },
    spec: {
      eslag: {
        server: 'server8',
        links: [
          { server: 'eth0', switch: 'leaf1/Ethernet40' },
          { server: 'eth1', switch: 'leaf2/Ethernet44' },
        ],
      },
    },
  },
  { metadata: { name: 'leaf3--leaf4' }, spec: { trunk: { links: ['leaf3/Ethernet60', 'leaf4/Ethernet60'] } } },
];

function edges(agents: readonly Agent[], connections: readonly Connection[] = CONNECTIONS): Record<string, Omit<TopologyEdge, 'id'>> {
  const topology = buildTopology({ switches: SWITCHES, servers: SERVERS, connections, agents, now: NOW, agentsVisible: true });
  return Object.fromEntries(topology.edges.map(({ id, ...edge }) => [id, edge]));
}

test('server links are green when every port of the link is up, red with the state of each of its ports', () => {
  const all = edges([
    agent('leaf1', [['Ethernet0', 'up'], ['Ethernet40', 'down']]),
    // Ethernet40 of leaf2 is another server's port: the ESI-LAG's link on leaf2 is Ethernet44
    agent('leaf2', [['Ethernet4', 'up'], ['Ethernet8', 'down'], ['Ethernet40', 'down'], ['Ethernet44', 'up']]),
  ]);
  assert.deepEqual(all, {
    'server1--leaf1': { from: 'leaf1', to: 'server1', kind: 'server', tone: 'ok', detail: 'ports up' },
    'server7--leaf2': { from: 'leaf2', to: 'server7', kind: 'server', tone: 'error', detail: 'Ethernet4 up, Ethernet8 down' },
    'server8--eslag:leaf1': { from: 'leaf1', to: 'server8', kind: 'server', tone: 'error', detail: 'Ethernet40 down' },
    'server8--eslag:leaf2': { from: 'leaf2', to: 'server8', kind: 'server', tone: 'ok', detail: 'ports up' },
    'leaf3--leaf4': { from: 'leaf3', to: 'leaf4', kind: 'trunk', tone: 'unknown', detail: 'L2 trunk' },
  });
  const bundleUp = edges([agent('leaf2', [['Ethernet4', 'up'], ['Ethernet8', 'up']])]);
  assert.deepEqual(bundleUp['server7--leaf2'], { from: 'leaf2', to: 'server7', kind: 'server', tone: 'ok', detail: 'ports up' });
  assert.equal(bundleUp['server8--eslag:leaf1']?.detail, 'port state: not reported');
});

test('a bundle or trunk read without its links (a partial object) is left out of the drawing, not drawn half', () => {
  const partial: Connection[] = [
    { metadata: { name: 'server7--leaf2' }, spec: { bundled: { server: 'server7', links: [] } } },
    { metadata: { name: 'leaf3--leaf4' }, spec: { trunk: { links: ['leaf3/Ethernet60'] } } },
    { metadata: { name: 'leaf1--leaf2' }, spec: { trunk: { links: [] } } },
  ];
  assert.deepEqual(edges([], partial), {});
});

test('a switch whose role and OS the token cannot read is drawn as a leaf named "switch"', () => {
  const topology = buildTopology({ switches: [{ metadata: { name: 'leaf9' }, spec: null }, { metadata: { name: 'spine1' }, spec: { role: 'spine', os: null } }], servers: [], connections: [], agents: [], now: NOW, agentsVisible: true });
  assert.deepEqual(
    topology.nodes.map((n) => [n.id, n.kind, n.tier, n.detail]),
    [
      ['leaf9', 'leaf', 1, 'switch: No agent data'],
      ['spine1', 'spine', 0, 'spine: No agent data'],
    ],
  );
});

test('the wiring table names each connection kind and its ends as they are cabled', () => {
  const external: Connection = { metadata: { name: 'border1--external' }, spec: { external: { switch: 'border1/eth3', address: '192.0.2.2/30', peer: { ip: '192.0.2.1', asn: 64496 } } } };
  const fabric: Connection = { metadata: { name: 'spine1--leaf1' }, spec: { fabric: { spine: 'spine1/Ethernet0', leaf: 'leaf1/Ethernet48' } } };
  assert.deepEqual(
    [fabric, ...CONNECTIONS, external, { metadata: { name: 'mystery' }, spec: null }].map((c) => [c.metadata.name, connectionKind(c)]),
    [
      ['spine1--leaf1', { kind: 'fabric', ends: 'spine1/Ethernet0 ↔ leaf1/Ethernet48' }],
      ['server1--leaf1', { kind: 'server', ends: 'server1/eth0 ↔ leaf1/Ethernet0' }],
      ['server7--leaf2', { kind: 'server LAG', ends: 'server7: eth0 ↔ leaf2/Ethernet4, eth1 ↔ leaf2/Ethernet8' }],
      ['server8--eslag', { kind: 'server ESI-LAG', ends: 'server8: eth0 ↔ leaf1/Ethernet40, eth1 ↔ leaf2/Ethernet44' }],
      ['leaf3--leaf4', { kind: 'trunk', ends: 'leaf3/Ethernet60 ↔ leaf4/Ethernet60' }],
      ['border1--external', { kind: 'external', ends: 'border1/eth3 192.0.2.2/30 ↔ 192.0.2.1 (AS 64496)' }],
      ['mystery', { kind: 'unknown', ends: '—' }],
    ],
  );
});
