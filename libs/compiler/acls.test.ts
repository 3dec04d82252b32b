// Peering permits hold for packets: each leaf where a peered VPC has server ports filters their
// ingress so that only the VPC's own subnets and the permitted pairs pass towards the peers, and
// VPCs without peerings get no filter at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type CompileResult } from '#compiler';
import type { AclIntent, AnyResource } from '#domain';
import { attach, conn, external, externalAttach, externalPeering, peering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

function compileOk(...resources: (AnyResource | readonly AnyResource[])[]): CompileResult {
  const result = compile(resourceSet(...resources));
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result;
}

/** blue (web on leaf1, db on leaf2), green (api on leaf1, worker on leaf3), globex copy reusing blue/web's CIDR. */
function fabric(): AnyResource[] {
  return [
    ...smallFabric({ leaves: 3 }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.3.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    attach('default', 'b2', 'blue/db', 'server3--leaf2'),
    vpc('default', 'green', 'acme', { api: '10.2.1.0/24', worker: '10.2.2.0/24' }),
    attach('default', 'g1', 'green/api', 'server2--leaf1'),
    attach('default', 'g2', 'green/worker', 'server5--leaf3'),
    vpc('globex', 'copy', 'globex', { web: '10.1.1.0/24' }),
    attach('globex', 'c1', 'copy/web', 'server6--leaf3'),
  ];
}

/** `ACTION src -> dst` per rule, in match order. */
function ruleLines(acl: AclIntent): string[] {
  return acl.rules.map((r) => `${r.action} ${r.source ?? 'any'} -> ${r.destination ?? 'any'}`);
}

function aclsOf(result: CompileResult, device: string): readonly AclIntent[] {
  return result.devices.get(device)?.acls ?? [];
}

test('without peerings or Externals no switch gets an ACL', () => {
  const result = compileOk(fabric());
  for (const device of result.devices.values()) assert.equal(device.acls, undefined, device.name);
});

test('a permit pair passes both ways; the rest of the peer is dropped at the server ports; the unpeered VPC gets none', () => {
  const result = compileOk(fabric(), peering('default', 'blue--green', ['blue', 'green'], [['blue/db', 'green/api']]));
  const blueVrf = result.allocations.vpcs['default/blue']?.vrf;
  const greenVrf = result.allocations.vpcs['default/green']?.vrf;
  assert.ok(blueVrf !== undefined && greenVrf !== undefined);
  const leaf1 = aclsOf(result, 'leaf1');
  assert.deepEqual(leaf1.map((a) => [a.name, a.ports]), [
    [`WEFT_VRF${blueVrf}`, ['Ethernet0']],
    [`WEFT_VRF${greenVrf}`, ['Ethernet4']],
  ]);
  const green = leaf1.find((a) => a.name === `WEFT_VRF${greenVrf}`);
  assert.ok(green !== undefined);
  assert.deepEqual(ruleLines(green), [
    'forward any -> 10.2.1.0/24',
    'forward any -> 10.2.2.0/24',
    'forward any -> 224.0.0.0/4',
    'forward any -> 255.255.255.255/32',
    'forward 10.2.1.0/24 -> 10.1.3.0/24',
    'drop any -> 10.1.1.0/24',
    'drop any -> 10.1.3.0/24',
  ]);
  const blueOnLeaf2 = aclsOf(result, 'leaf2').find((a) => a.name === `WEFT_VRF${blueVrf}`);
  assert.ok(blueOnLeaf2 !== undefined);
  assert.ok(ruleLines(blueOnLeaf2).includes('forward 10.1.3.0/24 -> 10.2.1.0/24'), 'the other direction of the pair');
  // leaf3 has green/worker (not permitted) and globex's copy: the first is filtered, the second is not
  const leaf3 = aclsOf(result, 'leaf3');
  assert.deepEqual(leaf3.map((a) => a.ports), [['Ethernet0']]);
  assert.ok(!ruleLines(leaf3[0]!).some((line) => line.startsWith('forward 10.2.2.0/24')), 'worker has no permit');
});

test('an External peering permits its subnets towards the prefixes after the peerings, and drops the rest, link-local traffic excepted', () => {
  const result = compileOk(
    fabric(),
    peering('default', 'blue--green', ['blue', 'green'], [['blue/db', 'green/api']]),
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.external('border1--internet', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
    external('default', 'internet', ['0.0.0.0/0']),
    externalAttach('default', 'internet--border1', 'internet', 'border1--internet'),
    externalPeering('default', 'blue--internet', 'blue', 'internet', { subnets: ['web'] }),
  );
  const blueOnLeaf2 = aclsOf(result, 'leaf2')[0];
  assert.ok(blueOnLeaf2 !== undefined);
  // the peer's subnets are settled first: web's way to 0.0.0.0/0 does not open green/api to it
  assert.deepEqual(ruleLines(blueOnLeaf2), [
    'forward any -> 10.1.1.0/24',
    'forward any -> 10.1.3.0/24',
    'forward any -> 224.0.0.0/4',
    'forward any -> 255.255.255.255/32',
    'forward 10.1.3.0/24 -> 10.2.1.0/24',
    'drop any -> 10.2.1.0/24',
    'drop any -> 10.2.2.0/24',
    'forward 10.1.1.0/24 -> 0.0.0.0/0',
    'drop any -> 0.0.0.0/0',
  ]);
  assert.deepEqual(aclsOf(result, 'border1'), [], 'the border has no server ports');
});

test('permit pairs are kept as pairs: [x, y] and [z, w] do not let x reach w, although both routes exist', () => {
  const result = compileOk(
    fabric(),
    peering('default', 'blue--green', ['blue', 'green'], [
      ['blue/web', 'green/api'],
      ['blue/db', 'green/worker'],
    ]),
  );
  const blueVrf = result.allocations.vpcs['default/blue']?.vrf;
  const blueOnLeaf1 = aclsOf(result, 'leaf1').find((a) => a.name === `WEFT_VRF${blueVrf ?? 0}`);
  assert.ok(blueOnLeaf1 !== undefined);
  const permits = ruleLines(blueOnLeaf1).filter((line) => line.startsWith('forward 10.'));
  assert.deepEqual(permits, ['forward 10.1.1.0/24 -> 10.2.1.0/24', 'forward 10.1.3.0/24 -> 10.2.2.0/24']);
  // the routes are per side: blue imports both of green's permitted subnets
  const leaks = result.devices.get('leaf1')?.vrfs.find((v) => v.name === `Vrf${blueVrf ?? 0}`)?.leaks.flatMap((l) => l.prefixes);
  assert.deepEqual([...(leaks ?? [])].sort(), ['10.2.1.0/24', '10.2.2.0/24']);
});
