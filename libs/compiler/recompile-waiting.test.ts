// A VPC the pools had no number for waits with its status not accepted; once a deleted VPC's
// VRF has waited its one compile, the next recompile (even one that names nothing) gives it the
// number. And a ConfigTemplate that does not parse is one error, whatever number of switches it
// selects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, recompile } from '#compiler';
import type { ConfigTemplate, Diagnostic } from '#domain';
import { attach, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

const mkcompSay = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

test('a VPC refused for want of a VRF id gets the one a deleted VPC freed, one compile after the delete', () => {
  const base = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      policy({ pools: { vrf: { start: 1, end: 1 } } }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24' }),
      attach('default', 'r1', 'red/web', 'server1--leaf1'),
    ),
  );
  assert.deepEqual(mkcompSay(base.diagnostics), ['error WF500 FabricPolicy default spec.pools.vrf: the VRF id pool 1-1 (FabricPolicy default spec.pools.vrf) is exhausted: 2 numbers are needed and 1 could be given']);
  assert.equal(base.vpcStatus.get('default/blue')?.vrf, 'Vrf1');
  const refused = { conditions: [{ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'the VPC has errors' }, { type: 'Ready', status: 'Unknown', reason: 'NotAccepted' }] };
  assert.deepEqual(base.vpcStatus.get('default/red'), refused);
  // blue's VRF waits one compile before another VPC may take it
  const deleted = recompile(base, { deletes: [{ kind: 'VPC', namespace: 'default', name: 'blue' }] });
  assert.deepEqual(mkcompSay(deleted.diagnostics), ['error WF500 FabricPolicy default spec.pools.vrf: the VRF id pool 1-1 (FabricPolicy default spec.pools.vrf) is exhausted: 1 numbers are needed and 0 could be given']);
  assert.deepEqual(deleted.vpcStatus.get('default/red'), refused);
  assert.equal(deleted.vpcStatus.has('default/blue'), false);
  // red's object is unchanged, but it had no numbers: it is asked for again
  const next = recompile(deleted, {});
  assert.deepEqual(next.diagnostics, []);
  assert.deepEqual(next.rebuilt, ['leaf1']);
  assert.deepEqual(next.vpcStatus.get('default/red'), {
    isolation: 'evpn-l3vni',
    rule: 'default',
    vrf: 'Vrf1',
    vni: 10002,
    subnets: { web: { vlan: 1001, vni: 10003, gateway: '10.1.2.1' } },
    switches: ['leaf1'],
    conditions: [
      { type: 'Accepted', status: 'True', reason: 'Compiled', message: 'isolation evpn-l3vni chosen by the policy default' },
      { type: 'Ready', status: 'Unknown', reason: 'AwaitingAgents' },
    ],
  });
});

test('a template that does not parse, selecting two leaves, is reported once', () => {
  const template: ConfigTemplate = {
    apiVersion: 'wiring.weft.dev/v1alpha1',
    kind: 'ConfigTemplate',
    metadata: { name: 'broken' },
    spec: { target: 'frr', selector: { roles: ['leaf'] }, template: '{{ foo' },
  };
  const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }), template));
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message.split('\n')[0] ?? ''}`),
    ['error WF700 ConfigTemplate broken spec.template: the template does not parse: Parse error on line 1:'],
  );
});
