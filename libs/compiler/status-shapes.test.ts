// VPC statuses as the user reads them in cases the other status tests do not show: every problem
// of a refused VPC in its message, isolation chosen by a named rule (an evpn-l2vni VPC has no
// L3VNI), a host BGP subnet (no VLAN, VNI or gateway), and a subnet whose VLAN differs by switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { attach, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

const ACCEPTED_L3 = [
  { type: 'Accepted', status: 'True', reason: 'Compiled', message: 'isolation evpn-l3vni chosen by the policy default' },
  { type: 'Ready', status: 'Unknown', reason: 'AwaitingAgents' },
];

test('refused with every problem, chosen by a rule, host BGP: the statuses', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }),
      policy({ isolation: { default: 'evpn-l3vni', rules: [{ name: 'l2', match: { tenants: ['globex'] }, method: 'evpn-l2vni' }] } }),
      vpc('default', 'bad', 'acme', { a: '10.1.1.1/24', b: '10.1.2.0/33' }),
      vpc('default', 'g', 'globex', { web: '10.2.1.0/24' }),
      vpc('default', 'x', 'acme', { web: '10.3.1.0/24', h: { cidr: '10.3.9.0/24', hostBGP: true } }),
      attach('default', 'g1', 'g/web', 'server1--leaf1'),
      attach('default', 'g3', 'g/web', 'server3--leaf2'),
      attach('default', 'x1', 'x/web', 'server4--leaf2'),
      attach('default', 'x2', 'x/h', 'server2--leaf1'),
    ),
  );
  assert.deepEqual(result.vpcStatus.get('default/bad'), {
    conditions: [
      {
        type: 'Accepted',
        status: 'False',
        reason: 'Invalid',
        message: 'VPC default/bad spec.subnets.a.cidr: 10.1.1.1/24 has host bits set; VPC default/bad spec.subnets.b.cidr: "10.1.2.0/33" is not an IPv4 prefix such as 10.1.0.0/24',
      },
      { type: 'Ready', status: 'Unknown', reason: 'NotAccepted' },
    ],
  });
  assert.deepEqual(result.vpcStatus.get('default/g'), {
    isolation: 'evpn-l2vni',
    rule: 'l2',
    vrf: 'Vrf1',
    subnets: { web: { vlan: 1000, vni: 10000, gateway: '10.2.1.1' } },
    switches: ['leaf1', 'leaf2'],
    conditions: [
      { type: 'Accepted', status: 'True', reason: 'Compiled', message: 'isolation evpn-l2vni chosen by rule l2' },
      { type: 'Ready', status: 'Unknown', reason: 'AwaitingAgents' },
    ],
  });
  assert.deepEqual(result.vpcStatus.get('default/x'), {
    isolation: 'evpn-l3vni',
    rule: 'default',
    vrf: 'Vrf2',
    vni: 10001,
    subnets: { h: {}, web: { vlan: 1002, vni: 10002, gateway: '10.3.1.1' } },
    switches: ['leaf1', 'leaf2'],
    conditions: ACCEPTED_L3,
  });
});

test('a subnet given another VLAN on each of its switches: the status lists them by switch', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }),
      vpc('default', 'a', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'b', 'acme', { web: '10.2.1.0/24' }),
      attach('default', 'a1', 'a/web', 'server1--leaf1'),
      attach('default', 'b2', 'b/web', 'server2--leaf1'),
      attach('default', 'b3', 'b/web', 'server3--leaf2'),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.vpcStatus.get('default/b'), {
    isolation: 'evpn-l3vni',
    rule: 'default',
    vrf: 'Vrf2',
    vni: 10002,
    subnets: { web: { vlans: { leaf1: 1003, leaf2: 1001 }, vni: 10003, gateway: '10.2.1.1' } },
    switches: ['leaf1', 'leaf2'],
    conditions: ACCEPTED_L3,
  });
});
