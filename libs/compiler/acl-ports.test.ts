// Which ports a VPC's ACL is bound to: its server ports on the switch, in port order, and no
// ACL at all on a switch where it has none (a switch it only crosses on a trunk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type CompileResult } from '#compiler';
import { attach, conn, peering, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

const say = (result: CompileResult): string[] => result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

const aclPorts = (result: CompileResult): Record<string, string[]> =>
  Object.fromEntries([...result.devices].map(([name, d]) => [name, (d.acls ?? []).map((a) => `${a.name} ${a.ports.join(',')}`)]));

test("a peered VPC's ACL lists its server ports in port order, whatever subnet each is in", () => {
  const result = compile(
    resourceSet(
      smallFabric({ leaves: 1, serversPerLeaf: 3 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.2.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      attach('default', 'b2', 'blue/db', 'server2--leaf1'),
      vpc('default', 'green', 'acme', { api: '10.2.1.0/24' }),
      attach('default', 'g1', 'green/api', 'server3--leaf1'),
      peering('default', 'blue--green', ['blue', 'green']),
    ),
  );
  assert.deepEqual(say(result), []);
  assert.deepEqual(aclPorts(result)['leaf1'], ['WEFT_VRF1 Ethernet0,Ethernet4', 'WEFT_VRF2 Ethernet8']);
});

test('a switch that a restricted vlan VPC only crosses on a trunk gets no ACL for it', () => {
  const result = compile(
    resourceSet(
      smallFabric({ leaves: 3, serversPerLeaf: 1 }),
      policy({ isolation: { default: 'vlan' } }),
      conn.trunk('leaf1--leaf2', 'leaf1/Ethernet40', 'leaf2/Ethernet40'),
      conn.trunk('leaf2--leaf3', 'leaf2/Ethernet44', 'leaf3/Ethernet44'),
      vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', restricted: true } }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      attach('default', 'b3', 'blue/web', 'server3--leaf3'),
    ),
  );
  assert.deepEqual(say(result), []);
  assert.deepEqual(aclPorts(result), { leaf1: ['WEFT_VRF1 Ethernet0'], leaf2: [], leaf3: ['WEFT_VRF1 Ethernet0'], spine1: [], spine2: [] });
});
