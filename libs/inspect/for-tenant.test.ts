// What a tenant reads of `weft inspect` for a connection, a server and (never answered) a switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forTenant, type ConnectionInspection, type SwitchInspection } from './index.js';

const SERVER1: ConnectionInspection = {
  kind: 'connection',
  connection: 'server1--leaf1',
  server: 'server1',
  links: [{ switch: 'leaf1', name: 'Ethernet0', kind: 'server', peer: 'server1/eth0', admin: 'up', oper: 'up' }],
  attachments: [{ vpc: 'default/blue', subnet: 'web', switch: 'leaf1', interface: 'Ethernet0', vlan: 1001, vni: 10003, vniState: 'Up' }],
  macs: [{ switch: 'leaf1', mac: 'e2:a6:ce:08:86:94', vni: 10003, subnet: 'default/blue/web', type: 'local', port: 'Ethernet0', connection: 'server1--leaf1', server: 'server1', seenOn: ['leaf4'] }],
  problems: [],
};

test("a tenant reads a connection and a server as built (filtered to the tenant's VPCs already)", () => {
  assert.equal(forTenant(SERVER1), SERVER1);
  const server = { kind: 'server' as const, server: 'server1', connections: [SERVER1], problems: ['leaf1: port Ethernet0 is down'] };
  assert.equal(forTenant(server), server);
});

test('a switch inspection given to a tenant keeps its presence and nothing of its VPCs, sessions, ports or problems', () => {
  const leaf1: SwitchInspection = {
    kind: 'switch',
    switch: 'leaf1',
    role: 'leaf',
    generation: 3,
    appliedGeneration: 2,
    applied: 'Behind',
    os: 'sonic',
    vpcs: [{ vpc: 'globex/shop', vrf: 'Vrf4', vnis: [] }],
    sessions: [{ peer: 'Ethernet48', neighbour: 'spine1', vrf: 'default', family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 31 }],
    ports: [{ name: 'Ethernet0', kind: 'server', peer: 'server1/eth0', admin: 'up', oper: 'up' }],
    macsLocal: 2,
    macsRemote: 3,
    problems: ['leaf1: generation 2 applied, 3 desired'],
  };
  assert.deepEqual(forTenant(leaf1), {
    kind: 'switch',
    switch: 'leaf1',
    role: 'leaf',
    generation: 3,
    appliedGeneration: 2,
    applied: 'Behind',
    os: 'sonic',
    vpcs: [],
    sessions: [],
    ports: [],
    macsLocal: 0,
    macsRemote: 0,
    problems: [],
  });
});
