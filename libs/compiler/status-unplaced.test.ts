// A VPC no server is attached to yet is accepted with its numbers, on no switch, its subnets
// with a VNI and a gateway but no VLAN (VLANs are chosen per switch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

test('the status of a VPC with no attachment: accepted, on no switch, no VLANs', () => {
  const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), vpc('default', 'lonely', 'acme', { web: '10.1.1.0/24' })));
  assert.deepEqual(result.vpcStatus.get('default/lonely'), {
    isolation: 'evpn-l3vni',
    rule: 'default',
    vrf: 'Vrf1',
    vni: 10000,
    subnets: { web: { vni: 10001, gateway: '10.1.1.1' } },
    switches: [],
    conditions: [
      { type: 'Accepted', status: 'True', reason: 'Compiled', message: 'isolation evpn-l3vni chosen by the policy default' },
      { type: 'Ready', status: 'Unknown', reason: 'AwaitingAgents' },
    ],
  });
});
