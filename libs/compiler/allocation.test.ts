// Allocation through the whole compiler: deterministic, stable when the earlier allocations are
// given, freed VNIs quarantined (and given back to their owner only), a number never has two
// owners, and the invariants hold on a generated fabric of some size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeAllocations, vniOwners, type Allocations } from '#allocator';
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource, type DeviceIntent, type ResourceSet } from '#domain';
import { parseFileText } from '#loader';
import { generateFabric } from '../../wiring/generate.js';
import { attach, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';

/** dist/libs/compiler/allocation.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function loadResources(...paths: string[]): AnyResource[] {
  const files = paths.flatMap((p) => (p.endsWith('.yaml') ? [p] : readdirSync(join(ROOT, p)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${p}/${f}`)));
  const docs = files.flatMap((file) => {
    const parsed = parseFileText(readFileSync(join(ROOT, file), 'utf8'), file);
    assert.deepEqual(parsed.diagnostics, []);
    return parsed.docs;
  });
  const parsed = parseDocuments(docs);
  assert.deepEqual(parsed.diagnostics, []);
  return parsed.resources;
}

const lab = (): AnyResource[] => loadResources('wiring/lab.yaml', 'examples/lab');
const trunkLab = (): AnyResource[] => loadResources('wiring/trunk-lab.yaml', 'examples/trunk');

function generated(): ResourceSet {
  const text = generateFabric({ spines: 2, leaves: 6, servers: 48, vpcs: 30, subnets: 3, attachments: 80 });
  const { docs, diagnostics } = parseFileText(text, 'generated.yaml');
  assert.deepEqual(diagnostics, []);
  const parsed = parseDocuments(docs);
  assert.deepEqual(parsed.diagnostics, []);
  return groupResources(parsed.resources);
}

/** Two different, fixed reorderings: odd positions first, then the even ones reversed. */
function shuffle<T>(list: readonly T[]): T[] {
  return [...list.filter((_, i) => i % 2 === 1), ...list.filter((_, i) => i % 2 === 0).reverse()];
}

function compileOk(set: ResourceSet, previous?: Allocations): CompileResult {
  const result = compile(set, previous === undefined ? {} : { previous });
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  return result;
}

function assertSameOutput(a: CompileResult, b: CompileResult): void {
  assert.deepEqual([...b.files.keys()], [...a.files.keys()]);
  for (const [path, text] of a.files) assert.equal(b.files.get(path), text, path);
  assert.equal(serializeAllocations(b.allocations), serializeAllocations(a.allocations));
}

// determinism

test('the same input compiled twice gives identical files and allocations', () => {
  assertSameOutput(compileOk(groupResources(lab())), compileOk(groupResources(lab())));
  assertSameOutput(compileOk(groupResources(trunkLab())), compileOk(groupResources(trunkLab())));
});

test('the order of the input documents changes nothing', () => {
  const resources = lab();
  const reference = compileOk(groupResources(resources));
  assertSameOutput(reference, compileOk(groupResources(shuffle(resources))));
  assertSameOutput(reference, compileOk(groupResources([...resources].reverse())));
  const big = generated();
  const reshuffled: ResourceSet = Object.fromEntries(Object.entries(big).map(([k, list]) => [k, shuffle(list as readonly AnyResource[])])) as unknown as ResourceSet;
  assertSameOutput(compileOk(big), compileOk(reshuffled));
});

test('the order of a VPC\'s subnets and of a switch\'s ports changes nothing', () => {
  const base = smallFabric({ leaves: 2 });
  const forwards = vpc('default', 'blue', 'acme', { a: '10.1.1.0/24', b: '10.1.2.0/24', c: '10.1.3.0/24' });
  const backwards = vpc('default', 'blue', 'acme', { c: '10.1.3.0/24', b: '10.1.2.0/24', a: '10.1.1.0/24' });
  const attachments = [attach('default', 'x1', 'blue/c', 'server1--leaf1'), attach('default', 'x2', 'blue/a', 'server1--leaf1'), attach('default', 'x3', 'blue/b', 'server3--leaf2')];
  assertSameOutput(compileOk(resourceSet(base, forwards, attachments)), compileOk(resourceSet(base, backwards, [...attachments].reverse())));
});

// stability

function numbersOf(result: CompileResult): Map<string, number | string> {
  const out = new Map<string, number | string>();
  const a = result.allocations;
  for (const [key, v] of Object.entries(a.vpcs)) {
    out.set(`vpc ${key} vrf`, v.vrf);
    if (v.vni !== undefined) out.set(`vpc ${key} vni`, v.vni);
    for (const [s, n] of Object.entries(v.subnets)) {
      if (n.vni !== undefined) out.set(`vpc ${key}/${s} vni`, n.vni);
      if (n.vlan !== undefined) out.set(`vpc ${key}/${s} vlan`, n.vlan);
    }
  }
  for (const [key, s] of Object.entries(a.switches)) {
    out.set(`switch ${key} asn`, s.asn);
    out.set(`switch ${key} loopback`, s.loopback);
    for (const [owner, vlan] of Object.entries(s.vlans)) out.set(`switch ${key} vlan ${owner}`, vlan);
    for (const [c, n] of Object.entries(s.portChannels)) out.set(`switch ${key} portchannel ${c}`, n);
  }
  for (const [key, e] of Object.entries(a.externals)) {
    out.set(`external ${key} vrf`, e.vrf);
    out.set(`external ${key} vni`, e.vni);
  }
  return out;
}

function assertKept(before: CompileResult, after: CompileResult, except: (key: string) => boolean = () => false): void {
  const old = numbersOf(before);
  const now = numbersOf(after);
  for (const [key, value] of old) {
    if (except(key)) continue;
    assert.equal(now.get(key), value, `${key} moved`);
  }
}

test('with the earlier allocations, a VPC whose name sorts first leaves every earlier number where it was', () => {
  const resources = lab();
  const before = compileOk(groupResources(resources));
  const added = [vpc('default', 'aaa', 'acme', { first: '10.99.1.0/24' }), attach('default', 'aaa-first', 'aaa/first', 'server2--leaf1')];
  const after = compileOk(groupResources([...resources, ...added]), before.allocations);
  assertKept(before, after);
  const aaa = after.allocations.vpcs['default/aaa'];
  assert.ok(aaa?.vni !== undefined);
  assert.ok(!vniOwners(before.allocations).some((o) => o.value === aaa.vni), 'the new VPC gets a VNI nobody had');
  // and without them it would not be so: aaa takes the first VNI
  assert.equal(compileOk(groupResources([...resources, ...added])).allocations.vpcs['default/aaa']?.vni, 10000);
});

test('with the earlier allocations, a vlan VPC added to a trunk domain keeps the domain\'s VLANs', () => {
  const resources = trunkLab();
  const before = compileOk(groupResources(resources));
  const added = [vpc('legacy', 'aaa', 'legacy', { x: '10.41.1.0/24' }), attach('legacy', 'aaa-x', 'aaa/x', 'server6--leaf4')];
  const after = compileOk(groupResources([...resources, ...added]), before.allocations);
  assertKept(before, after);
  assert.equal(after.vpcStatus.get('legacy/aaa')?.isolation, 'vlan');
});

test('recompiling the same input with its own allocations changes nothing, not even the generation', () => {
  const before = compileOk(groupResources(lab()));
  const again = compileOk(groupResources(lab()), before.allocations);
  assertSameOutput(before, again);
  assert.equal(again.allocations.generation, before.allocations.generation);
});

// quarantine

test('a deleted VPC\'s VNIs are quarantined, kept from a new VPC, and given back when it returns', () => {
  const base = smallFabric({ leaves: 2 });
  const blue = [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' }), attach('default', 'b1', 'blue/web', 'server1--leaf1')];
  const green = [vpc('default', 'green', 'acme', { api: '10.2.1.0/24' }), attach('default', 'g1', 'green/api', 'server3--leaf2')];
  const red = [vpc('default', 'red', 'acme', { x: '10.3.1.0/24', y: '10.3.2.0/24' }), attach('default', 'r1', 'red/x', 'server2--leaf1')];
  const first = compileOk(resourceSet(base, blue, green));
  const blueVnis = vniOwners(first.allocations).filter((o) => o.owner.startsWith('default/blue'));
  assert.equal(blueVnis.length, 3);

  const deleted = compileOk(resourceSet(base, green), first.allocations);
  assert.equal(deleted.allocations.vpcs['default/blue'], undefined);
  assert.deepEqual(
    deleted.allocations.quarantine.map((q) => ({ owner: q.owner, value: q.value })),
    blueVnis.sort((a, b) => a.value - b.value),
  );
  assert.ok(deleted.allocations.quarantine.every((q) => q.since === deleted.allocations.generation));

  const withRed = compileOk(resourceSet(base, green, red), deleted.allocations);
  const redVnis = vniOwners(withRed.allocations).filter((o) => o.owner.startsWith('default/red')).map((o) => o.value);
  for (const v of blueVnis) assert.ok(!redVnis.includes(v.value), `red got blue's VNI ${v.value}`);
  assert.equal(withRed.allocations.quarantine.length, 3, 'still held');

  const back = compileOk(resourceSet(base, green, red, blue), withRed.allocations);
  const blueBack = vniOwners(back.allocations).filter((o) => o.owner.startsWith('default/blue'));
  assert.deepEqual(blueBack.sort((a, b) => a.value - b.value), blueVnis.sort((a, b) => a.value - b.value));
  assert.deepEqual(back.allocations.quarantine, []);
});

test('a VPC switched from EVPN to vlan quarantines the VNIs it no longer needs', () => {
  const base = smallFabric({ leaves: 1 });
  const blue = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' });
  const first = compileOk(resourceSet(base, blue, attach('default', 'b1', 'blue/web', 'server1--leaf1')));
  const vlanPolicy = policy({ isolation: { default: 'vlan' } });
  const after = compileOk(resourceSet(base, blue, attach('default', 'b1', 'blue/web', 'server1--leaf1'), vlanPolicy), first.allocations);
  assert.equal(after.allocations.vpcs['default/blue']?.isolation, 'vlan');
  assert.deepEqual(after.allocations.quarantine.map((q) => q.owner).sort(), ['default/blue', 'default/blue/web']);
});

test('an earlier allocations.json edited so that one VNI has two owners is refused with WF501', () => {
  const resources = lab();
  const before = compileOk(groupResources(resources));
  const blue = before.allocations.vpcs['default/blue'];
  const green = before.allocations.vpcs['default/green'];
  assert.ok(blue?.vni !== undefined && green !== undefined);
  const edited: Allocations = { ...before.allocations, vpcs: { ...before.allocations.vpcs, 'default/green': { ...green, vni: blue.vni } } };
  const result = compile(groupResources(resources), { previous: edited });
  assert.equal(result.ok, false);
  const conflict = result.diagnostics.find((d) => d.code === 'WF501');
  assert.ok(conflict, JSON.stringify(result.diagnostics));
  assert.equal(conflict.path, 'allocations vpcs');
  assert.equal(conflict.message, `VNI ${blue.vni} has 2 owners in the earlier allocations: default/blue, default/green`);
  // and the compile still hands out no number twice
  const values = vniOwners(result.allocations).map((o) => o.value);
  assert.equal(new Set(values).size, values.length);
});

// invariants on a generated fabric

function assertInvariants(result: CompileResult): void {
  const vnis = vniOwners(result.allocations);
  assert.equal(new Set(vnis.map((o) => o.value)).size, vnis.length, 'a VNI has two owners in allocations.json');
  const vrfs = [...Object.values(result.allocations.vpcs).map((v) => v.vrf), ...Object.values(result.allocations.externals).map((e) => e.vrf)];
  assert.equal(new Set(vrfs).size, vrfs.length, 'a VRF id has two owners');
  const vniOwner = new Map<number, string>();
  const vrfOwner = new Map<string, string>();
  for (const device of result.devices.values()) assertDeviceInvariants(device, vniOwner, vrfOwner);
}

function assertDeviceInvariants(device: DeviceIntent, vniOwner: Map<number, string>, vrfOwner: Map<string, string>): void {
  const ids = device.vlans.map((v) => v.id);
  assert.equal(new Set(ids).size, ids.length, `${device.name}: a VLAN id twice`);
  const vlanOfVni = new Map<number, number>();
  for (const vlan of device.vlans) {
    if (vlan.vni === undefined) continue;
    assert.equal(vlanOfVni.get(vlan.vni), undefined, `${device.name}: VNI ${vlan.vni} on two VLANs`);
    vlanOfVni.set(vlan.vni, vlan.id);
    // one owner per VNI across the whole fabric
    const owner = `${vlan.owner.vpc}/${vlan.owner.subnet ?? '(l3)'}`;
    assert.equal(vniOwner.get(vlan.vni) ?? owner, owner, `VNI ${vlan.vni} has two owners`);
    vniOwner.set(vlan.vni, owner);
  }
  for (const l2 of device.bgp.l2vnis) assert.equal(vlanOfVni.get(l2.vni), l2.vlan, `${device.name}: L2VNI ${l2.vni} and its VLAN disagree`);
  for (const vrf of device.vrfs) {
    const owner = vrf.owner.vpc ?? `external:${vrf.owner.external ?? ''}`;
    assert.equal(vrfOwner.get(vrf.name) ?? owner, owner, `${vrf.name} has two owners`);
    vrfOwner.set(vrf.name, owner);
    if (vrf.transitVlan !== undefined) assert.equal(vlanOfVni.get(vrf.l3vni ?? -1), vrf.transitVlan, `${device.name}: ${vrf.name}'s transit VLAN`);
  }
}

test('on a generated fabric no number has two owners: VNIs fabric-wide, VLANs per switch, VRF ids', () => {
  const set = generated();
  const result = compileOk(set);
  assert.ok(result.devices.size >= 8);
  assert.ok(Object.keys(result.allocations.vpcs).length === 30);
  assertInvariants(result);
  // and after a change with the earlier numbers, still so, with nothing moved
  const extra = [vpc('default', 'aaa', 'tenant1', { s: '10.250.1.0/24' }), attach('default', 'aaa-s', 'aaa/s', 'server1--leaf1')];
  const after = compileOk({ ...set, vpcs: [...set.vpcs, extra[0]], attachments: [...set.attachments, extra[1]] } as ResourceSet, result.allocations);
  assertInvariants(after);
  assertKept(result, after);
});

test('on the trunk lab a vlan VPC has the same VLAN on every switch of its domain and no VNI', () => {
  const result = compileOk(groupResources(trunkLab()));
  assertInvariants(result);
  const billing = result.allocations.vpcs['legacy/billing'];
  assert.ok(billing);
  assert.equal(billing.vni, undefined);
  for (const [name, subnet] of Object.entries(billing.subnets)) {
    assert.equal(subnet.vni, undefined, name);
    assert.ok(subnet.vlan !== undefined, name);
    for (const sw of ['leaf3', 'leaf4']) {
      assert.equal(result.devices.get(sw)?.vlans.find((v) => v.owner.vpc === 'legacy/billing' && v.owner.subnet === name)?.id, subnet.vlan, `${sw} ${name}`);
    }
  }
});
