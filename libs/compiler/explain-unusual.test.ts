// `weft explain` of objects the other explain tests do not meet: a vlan-method VPC (its gateway
// switch), static routes of VPCs without an L3VNI (no EVPN type-5 sentence), a port with FEC
// only, a VPC given without a namespace (keyed by its name, as the compile keys it) and the
// errors of an attachment without a namespace among its VPC's diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch, explainVpc, recompile } from '#compiler';
import type { AnyResource, Vpc } from '#domain';
import { attach, policy, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

function mkcompRouted(): Vpc {
  const blue = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' });
  blue.spec.staticRoutes = [{ prefix: '10.99.0.0/24', nextHops: ['10.1.1.9'] }];
  return blue;
}

/** one leaf whose Ethernet0 sets FEC only */
function mkcompFabric(): AnyResource[] {
  const leaf1 = sw('leaf1', 'leaf', 'sonic', undefined, { portSettings: [{ port: 'Ethernet0', fec: 'rs' }] });
  return smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }).map((r) => (r.kind === 'Switch' && r.metadata.name === 'leaf1' ? leaf1 : r));
}

for (const isolation of ['vlan', 'evpn-l2vni'] as const) {
  test(`a ${isolation} VPC's static route: where it is installed, and no EVPN type-5 route`, () => {
    const result = compile(resourceSet(mkcompFabric(), policy({ isolation: { default: isolation } }), mkcompRouted(), attach('default', 'b1', 'blue/web', 'server1--leaf1')));
    assert.deepEqual(result.diagnostics, []);
    const explained = explainVpc(result, 'default/blue');
    assert.deepEqual(explained?.inside, ['static route 10.99.0.0/24 via 10.1.1.9 (web): installed on leaf1']);
    assert.equal(explained.isolation, isolation);
    // only the vlan method has one switch holding the gateways
    assert.equal(explained.gatewaySwitch, isolation === 'vlan' ? 'leaf1' : undefined);
    assert.equal('gatewaySwitch' in explained, isolation === 'vlan');
  });
}

test('a port that sets FEC only shows just that of its hardware', () => {
  const result = compile(resourceSet(mkcompFabric()));
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(explainSwitch(result, 'leaf1')?.ports, ['Ethernet0 server -> server1/eth0 (fec rs)', 'Ethernet48 fabric -> spine1/Ethernet0 unnumbered']);
});

test('a VPC given without a namespace is explained by the key the compile gives it', () => {
  const blue = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' });
  const result = compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), { ...blue, metadata: { name: 'blue' } }));
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual([...result.vpcStatus.keys()], ['blue']);
  assert.equal(explainVpc(result, 'blue')?.vrf?.name, 'Vrf1');
  assert.equal(explainVpc(result, 'default/blue'), undefined);
});

test('an attachment without a namespace: its error is among its VPC\'s diagnostics', () => {
  const result = compile(
    resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }), { ...attach('default', 'b1', 'blue/db', 'server1--leaf1'), metadata: { name: 'b1' } }),
  );
  const expected = ['WF306 VPCAttachment b1 spec.subnet: VPC default/blue has no subnet "db"; it has: web'];
  assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), expected);
  assert.deepEqual(explainVpc(result, 'default/blue')?.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), expected);
  // and after a recompile that names the VPC
  const next = recompile(result, { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' })] });
  assert.deepEqual(explainVpc(next, 'default/blue')?.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), ['WF306 VPCAttachment b1 spec.subnet: VPC default/blue has no subnet "db"; it has: app, web']);
});
