// A plan split by owner when a change rewrites a line inside one owner's frr.conf stanza (the
// stanza is in both files): a host-BGP subnet's prefix limit (the VPC's `router bgp … vrf`
// block) and a static External's next hop (the External's `vrf` block, told to `external:<key>`).
// The splice's stanzas and the two texts give the same answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, planByOwner, recompile, type CompileResult, type OwnedPlans } from '#compiler';
import type { External, ExternalAttachment } from '#domain';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

/** device -> owner -> file -> lines */
function mkcompOwned(owned: OwnedPlans | undefined): Record<string, Record<string, Record<string, readonly string[]>>> {
  assert.ok(owned !== undefined, 'the change is split by owner');
  const out: Record<string, Record<string, Record<string, readonly string[]>>> = {};
  for (const [device, byOwner] of owned) {
    out[device] = {};
    for (const [owner, plan] of byOwner) out[device][owner] = Object.fromEntries(plan.files.map((f) => [f.file, f.lines]));
  }
  return out;
}

function hostBgpVpc(maxPrefixes?: number) {
  return vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', h: { cidr: '10.1.9.0/24', hostBGP: true, ...(maxPrefixes === undefined ? {} : { hostBGPMaxPrefixes: maxPrefixes }) } });
}

test('a host-BGP subnet\'s prefix limit changed: one line of its VPC\'s BGP block, the VPC\'s alone', () => {
  const before = compile(resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }), hostBgpVpc(), attach('default', 'b1', 'blue/web', 'server1--leaf1'), attach('default', 'b2', 'blue/h', 'server2--leaf1')));
  assert.deepEqual(before.diagnostics, []);
  const after = recompile(before, { upserts: [hostBgpVpc(4)] });
  assert.deepEqual(after.diagnostics, []);
  const expected = { leaf1: { 'default/blue': { 'frr.conf': ['-   neighbor Ethernet4 maximum-prefix 16 restart 5', '+   neighbor Ethernet4 maximum-prefix 4 restart 5'] } } };
  assert.deepEqual(mkcompOwned(planByOwner(before, after)), expected);
  assert.deepEqual(mkcompOwned(planByOwner(before, after, { frrFromText: true })), expected);
});

function legacy(nextHop: string): External {
  const ext = external('default', 'legacy');
  ext.spec.static = { prefixes: ['203.0.113.0/24'], nextHop };
  return ext;
}

function legacyFabric(nextHop: string): CompileResult {
  const onBorder: ExternalAttachment = externalAttach('default', 'legacy--border1', 'legacy', 'border1--outside');
  Object.assign(onBorder.spec, { vlan: 300, address: '198.51.100.10/29' });
  const result = compile(
    resourceSet(
      smallFabric({ leaves: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      legacy(nextHop),
      onBorder,
      externalPeering('default', 'blue--legacy', 'blue', 'legacy'),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  return result;
}

test('a static External\'s next hop changed: its VRF\'s route, told to the External', () => {
  const before = legacyFabric('198.51.100.9');
  const after = recompile(before, { upserts: [legacy('198.51.100.11')] });
  assert.deepEqual(after.diagnostics, []);
  const expected = { border1: { 'external:default/legacy': { 'frr.conf': ['-  ip route 203.0.113.0/24 198.51.100.9', '+  ip route 203.0.113.0/24 198.51.100.11'] } } };
  assert.deepEqual(mkcompOwned(planByOwner(before, after)), expected);
  assert.deepEqual(mkcompOwned(planByOwner(before, after, { frrFromText: true })), expected);
});

function routedBlue(nextHop: string) {
  const blue = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' });
  blue.spec.staticRoutes = [{ prefix: '10.99.0.0/24', nextHops: [nextHop] }];
  return blue;
}

test('a VPC\'s static route given another next hop: a line of its spliced VRF block changed, its VPC\'s alone', () => {
  const before = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
      routedBlue('10.1.1.9'),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      attach('default', 'r1', 'red/web', 'server2--leaf1'),
    ),
  );
  assert.deepEqual(before.diagnostics, []);
  const after = recompile(before, { upserts: [routedBlue('10.1.1.10')] });
  assert.deepEqual(after.diagnostics, []);
  const expected = { leaf1: { 'default/blue': { 'frr.conf': ['-  ip route 10.99.0.0/24 10.1.1.9', '+  ip route 10.99.0.0/24 10.1.1.10'] } } };
  assert.deepEqual(mkcompOwned(planByOwner(before, after)), expected);
  assert.deepEqual(mkcompOwned(planByOwner(before, after, { frrFromText: true })), expected);
});
