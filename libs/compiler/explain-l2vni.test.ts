// `weft explain` of an evpn-l2vni VPC: a VRF with no L3VNI or route target, no transit VLANs,
// an attachment on an ESI-LAG (its ports named by leaf, untagged) beside a tagged one, a peering
// with permitted pairs (which subnets reach which), and the peering's warning among its problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainVpc } from '#compiler';
import { attach, conn, peering, policy, resourceSet, server, smallFabric, vpc } from '../../test/support/builders.js';

test('an evpn-l2vni VPC on an ESI-LAG and a port, peered with a VPC on no switch', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      server('server9'),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf2/Ethernet20']]),
      policy({ isolation: { default: 'evpn-l2vni' } }),
      vpc('default', 'v', 'acme', { web: '10.1.1.0/24', db: '10.1.2.0/24' }),
      vpc('default', 'u', 'acme', { web: '10.2.1.0/24' }),
      attach('default', 'w', 'v/web', 'server9--eslag', true),
      attach('default', 'd', 'v/db', 'server1--leaf1'),
      peering('default', 'uv', ['u', 'v'], [['u/web', 'v/db']]),
    ),
  );
  const explained = explainVpc(result, 'default/v');
  assert.ok(explained !== undefined);
  const { multihoming, ...rest } = explained;
  assert.deepEqual(multihoming.slice(0, 2), ['default/w:', '  ESI-LAG of server server9 on 2 leaves: leaf1 Ethernet20 in PortChannel1, leaf2 Ethernet20 in PortChannel1']);
  assert.deepEqual(rest, {
    vpc: 'default/v',
    tenant: 'acme',
    policy: 'default',
    isolation: 'evpn-l2vni',
    rule: 'default',
    trace: ['no rule matched: policy default evpn-l2vni'],
    vrf: { name: 'Vrf2', id: 2, table: 1002 },
    subnets: [
      { name: 'db', cidr: '10.1.2.0/24', gateway: '10.1.2.1', vni: 10001, routeTarget: '65000:10001', vlans: { leaf1: 1000, leaf2: 1000 } },
      { name: 'web', cidr: '10.1.1.0/24', gateway: '10.1.1.1', vni: 10002, routeTarget: '65000:10002', vlans: { leaf1: 1001, leaf2: 1001 } },
    ],
    transitVlans: {},
    attachments: [
      { key: 'default/d', subnet: 'db', connection: 'server1--leaf1', switch: 'leaf1', ports: ['Ethernet0'], tagging: 'tagged' },
      { key: 'default/w', subnet: 'web', connection: 'server9--eslag', switch: 'leaf1+leaf2', ports: ['leaf1/Ethernet20', 'leaf2/Ethernet20'], tagging: 'untagged' },
    ],
    peerings: ['default/uv: with default/u; they reach [db], this VPC reaches their [web]'],
    externalPeerings: [],
    inside: [],
    switches: ['leaf1', 'leaf2'],
    diagnostics: [
      {
        code: 'WF316',
        severity: 'warning',
        path: 'VPCPeering default/uv spec.vpcs',
        message: 'default/u uses evpn-l2vni and default/v uses evpn-l2vni; without an L3VNI on both, routes are leaked only where both VPCs have gateways, so the peering has no effect on leaf1, leaf2',
        hint: 'use evpn-l3vni for both VPCs to peer them across the fabric',
      },
    ],
  });
});
