// Incremental compile: `recompile(result, change)` must give exactly what a full compile of the
// final set gives (every file byte for byte, the numbers, the diagnostics), while rebuilding only
// the switches the change touches. A full compile that is to match takes the earlier result's
// allocations, as recompile does: they are what the devices have now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { releaseQuarantine, serializeAllocations } from '#allocator';
import { compile, recompile, vpcAllocationChanges, type CompileResult, type ResourceChange } from '#compiler';
import { parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { generateIntents, generateWiring } from '../../wiring/generate.js';
import {
  attach,
  conn,
  external,
  externalAttach,
  externalPeering,
  peering,
  policy,
  resourceSet,
  smallFabric,
  sw,
  vpc,
} from '../../test/support/builders.js';
import { walkSeeds } from '../../test/support/walks.js';

/**
 * 4 leaves with servers server1..server8 (two per leaf), a trunk leaf3--leaf4, a VyOS border.
 * blue (l3vni) on leaf1+leaf2 and routed to the internet; green (l3vni) on leaf3; shop
 * (l2vni) on leaf2+leaf3; billing (vlan) on leaf3+leaf4 over the trunk.
 */
function wiring(): AnyResource[] {
  return [
    ...smallFabric({ spines: 2, leaves: 4, serversPerLeaf: 2 }),
    conn.trunk('leaf3--leaf4', 'leaf3/Ethernet60', 'leaf4/Ethernet60'),
    sw('border1', 'border', 'vyos'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
    conn.external('border1--internet', 'border1/eth3', '192.0.2.2/30', '192.0.2.1', 64496),
    policy({
      isolation: {
        default: 'evpn-l3vni',
        rules: [
          { name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' },
          { name: 'l2-only', match: { labels: { 'weft.dev/isolation': 'l2' } }, method: 'evpn-l2vni' },
        ],
      },
    }),
  ];
}

function intents(): AnyResource[] {
  return [
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' }),
    attach('default', 'blue-web-1', 'blue/web', 'server1--leaf1'),
    attach('default', 'blue-app-3', 'blue/app', 'server3--leaf2'),
    vpc('default', 'green', 'acme', { api: '10.2.1.0/24' }),
    attach('default', 'green-api-5', 'green/api', 'server5--leaf3'),
    vpc('globex', 'shop', 'globex', { front: '10.1.1.0/24' }, { 'weft.dev/isolation': 'l2' }),
    attach('globex', 'shop-front-4', 'shop/front', 'server4--leaf2'),
    attach('globex', 'shop-front-6', 'shop/front', 'server6--leaf3'),
    vpc('legacy', 'billing', 'legacy', { app: '10.40.1.0/24' }),
    attach('legacy', 'billing-app-5', 'billing/app', 'server5--leaf3'),
    attach('legacy', 'billing-app-7', 'billing/app', 'server7--leaf4'),
    external('default', 'internet', ['0.0.0.0/0']),
    externalAttach('default', 'internet--border1', 'internet', 'border1--internet'),
    externalPeering('default', 'blue--internet', 'blue', 'internet'),
  ];
}

function first(): CompileResult {
  const result = compile(resourceSet(wiring(), intents()));
  assert.deepEqual(result.diagnostics, []);
  return result;
}

/** Applies the change to a plain list of resources, the way a person would edit the files. */
function edit(resources: readonly AnyResource[], change: ResourceChange): AnyResource[] {
  const id = (kind: string, namespace: string | undefined, name: string): string => `${kind} ${namespace ?? ''}/${name}`;
  const gone = new Set([
    ...(change.deletes ?? []).map((d) => id(d.kind, d.namespace, d.name)),
    ...(change.upserts ?? []).map((u) => id(u.kind, u.metadata.namespace, u.metadata.name)),
  ]);
  return [...resources.filter((r) => !gone.has(id(r.kind, r.metadata.namespace, r.metadata.name))), ...(change.upserts ?? [])];
}

/** recompile == compile of the final set with the earlier numbers, in every output. */
function assertSameAsFullCompile(before: CompileResult, change: ResourceChange): CompileResult {
  const incremental = recompile(before, change);
  const full = compile(resourceSet(edit([...wiring(), ...intents()].filter((r) => keep(before, r)), change)), { previous: before.allocations });
  assert.deepEqual([...incremental.files.keys()].sort(), [...full.files.keys()].sort(), 'the same files');
  for (const [path, text] of full.files) assert.equal(incremental.files.get(path), text, `${path} differs from a full compile`);
  assert.equal(serializeAllocations(incremental.allocations), serializeAllocations(full.allocations));
  assert.deepEqual(incremental.diagnostics, full.diagnostics);
  assert.deepEqual([...incremental.vpcStatus].sort(), [...full.vpcStatus].sort());
  assert.equal(incremental.ok, full.ok);
  return incremental;
}

/** The resources `before` was compiled from (tests below chain recompiles). */
function keep(before: CompileResult, r: AnyResource): boolean {
  const lists = Object.values(before.state.resources) as (readonly AnyResource[])[];
  return lists.some((list) => list.some((x) => x.kind === r.kind && x.metadata.name === r.metadata.name && x.metadata.namespace === r.metadata.namespace));
}

/** At walk step `step`: the recompile's files, diagnostics, numbers and statuses are a full compile's of `resources`. */
function assertSameAsFullAt(step: number, next: CompileResult, resources: readonly AnyResource[], previous: CompileResult): void {
  const full = compile(resourceSet(resources), { previous: previous.allocations });
  assert.deepEqual([...next.files.keys()].sort(), [...full.files.keys()].sort(), `step ${step + 1}: the same files`);
  for (const [path, text] of full.files) assert.equal(next.files.get(path), text, `step ${step + 1}: ${path}`);
  assert.deepEqual(next.diagnostics, full.diagnostics, `step ${step + 1}: diagnostics`);
  assert.equal(serializeAllocations(next.allocations), serializeAllocations(full.allocations), `step ${step + 1}: allocations`);
  assert.deepEqual([...next.vpcStatus].sort(), [...full.vpcStatus].sort(), `step ${step + 1}: status`);
  assertVpcChangesNamed(step, previous, next);
}

/**
 * When the compiler names the VPC entries a recompile may have changed (vpcAllocationChanges,
 * what the service writes to the database), every entry that differs is named, with both sides.
 */
function assertVpcChangesNamed(step: number, before: CompileResult, after: CompileResult): void {
  const changes = vpcAllocationChanges(before.allocations, after.allocations);
  if (changes === undefined) return;
  const named = new Map(changes.map((change) => [change.key, change]));
  const keys = new Set([...Object.keys(before.allocations.vpcs), ...Object.keys(after.allocations.vpcs)]);
  for (const key of keys) {
    if (before.allocations.vpcs[key] !== after.allocations.vpcs[key]) assert.ok(named.has(key), `step ${step + 1}: ${key} changed and is not named`);
  }
  for (const change of changes) {
    assert.equal(change.before, before.allocations.vpcs[change.key], `step ${step + 1}: ${change.key} before`);
    assert.equal(change.after, after.allocations.vpcs[change.key], `step ${step + 1}: ${change.key} after`);
  }
}

test('a new VPC whose name sorts first rebuilds only the leaf it is attached to', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, {
    upserts: [vpc('default', 'aaa', 'acme', { x: '10.9.1.0/24' }), attach('default', 'aaa-x-8', 'aaa/x', 'server8--leaf4')],
  });
  assert.deepEqual(after.rebuilt, ['leaf4']);
  // nothing else moved: every earlier VPC keeps its numbers
  for (const [key, alloc] of Object.entries(before.allocations.vpcs)) assert.deepEqual(after.allocations.vpcs[key], alloc, key);
});

test('an attachment added to a VPC rebuilds that VPC\'s switches and its border, nothing else', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, { upserts: [attach('default', 'blue-web-8', 'blue/web', 'server8--leaf4')] });
  assert.deepEqual(after.rebuilt, ['border1', 'leaf1', 'leaf2', 'leaf4']);
  assert.ok(!after.rebuilt.includes('leaf3'), 'leaf3 carries no blue');
  assert.ok(after.devices.get('leaf4')?.vlans.some((v) => v.owner.vpc === 'default/blue' && v.owner.subnet === 'web'));
});

test('deleting a VPC and its attachment rebuilds its switches and quarantines its VNIs', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, {
    deletes: [
      { kind: 'VPC', namespace: 'default', name: 'green' },
      { kind: 'VPCAttachment', namespace: 'default', name: 'green-api-5' },
    ],
  });
  assert.deepEqual(after.rebuilt, ['leaf3']);
  const green = before.allocations.vpcs['default/green'];
  assert.ok(green?.vni !== undefined);
  assert.ok(after.allocations.quarantine.some((q) => q.value === green.vni && q.owner === 'default/green'));
  assert.ok(!after.devices.get('leaf3')?.vrfs.some((v) => v.owner.vpc === 'default/green'));
});

test('changing a vlan VPC rebuilds only the switches of its trunk domain', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, { upserts: [vpc('legacy', 'billing', 'legacy', { app: '10.40.1.0/24', db: '10.40.2.0/24' }), attach('legacy', 'billing-db-8', 'billing/db', 'server8--leaf4')] });
  assert.deepEqual(after.rebuilt, ['leaf3', 'leaf4']);
});

test('adding a peering rebuilds the switches of both VPCs', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, { upserts: [peering('default', 'blue--green', ['blue', 'green'], [['blue/app', 'green/api']])] });
  assert.deepEqual(after.rebuilt, ['border1', 'leaf1', 'leaf2', 'leaf3']);
  const leaks = after.devices.get('leaf3')?.vrfs.find((v) => v.owner.vpc === 'default/green')?.leaks ?? [];
  assert.deepEqual(leaks.map((l) => l.prefixes), [['10.1.2.0/24']]);
});

test('changing and then deleting a peering matches a full compile each time', () => {
  const peered = recompile(first(), { upserts: [peering('default', 'blue--green', ['blue', 'green'])] });
  const narrowed = recompile(peered, { upserts: [peering('default', 'blue--green', ['blue', 'green'], [['blue/web', 'green/api']])] });
  const full = compile(resourceSet(wiring(), intents(), peering('default', 'blue--green', ['blue', 'green'], [['blue/web', 'green/api']])), { previous: peered.allocations });
  for (const [path, text] of full.files) assert.equal(narrowed.files.get(path), text, path);
  assert.deepEqual(narrowed.rebuilt, ['border1', 'leaf1', 'leaf2', 'leaf3']);
  const removed = recompile(narrowed, { deletes: [{ kind: 'VPCPeering', namespace: 'default', name: 'blue--green' }] });
  const fullRemoved = compile(resourceSet(wiring(), intents()), { previous: narrowed.allocations });
  for (const [path, text] of fullRemoved.files) assert.equal(removed.files.get(path), text, path);
  assert.ok(!removed.devices.get('leaf3')?.vrfs.some((v) => v.leaks.length > 0), 'no leak is left behind');
});

test('a wiring change falls back to a full compile', () => {
  const before = first();
  const after = assertSameAsFullCompile(before, { upserts: [conn.unbundled('server2--leaf1-b', 'server2/eth1', 'leaf1/Ethernet40')] });
  assert.deepEqual(after.rebuilt, ['border1', 'leaf1', 'leaf2', 'leaf3', 'leaf4', 'spine1', 'spine2']);
});

test('a chain of recompiles matches a full compile at every step, and never rebuilds a spine', () => {
  let result = first();
  let resources: AnyResource[] = [...wiring(), ...intents()];
  const changes: ResourceChange[] = [
    { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }), attach('default', 'red-a-2', 'red/a', 'server2--leaf1')] },
    { upserts: [peering('default', 'blue--red', ['blue', 'red'])] },
    { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'blue-app-3' }] },
    { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24', db: '10.1.3.0/24' })] },
    { deletes: [{ kind: 'VPC', namespace: 'default', name: 'red' }, { kind: 'VPCAttachment', namespace: 'default', name: 'red-a-2' }, { kind: 'VPCPeering', namespace: 'default', name: 'blue--red' }] },
  ];
  for (const change of changes) {
    const next = recompile(result, change);
    resources = edit(resources, change);
    const full = compile(resourceSet(resources), { previous: result.allocations });
    assert.deepEqual(next.diagnostics, []);
    assert.deepEqual([...next.files.keys()].sort(), [...full.files.keys()].sort());
    for (const [path, text] of full.files) assert.equal(next.files.get(path), text, path);
    assert.equal(serializeAllocations(next.allocations), serializeAllocations(full.allocations));
    assert.ok(!next.rebuilt.some((s) => s.startsWith('spine')), `rebuilt ${next.rebuilt.join(', ')}`);
    result = next;
  }
});

test('moving an attachment to another VPC rebuilds the switches of the VPC it left', () => {
  const before = first();
  // server3's port leaves blue/app for green/api: leaf2 must drop blue/app and carry green/api
  const after = assertSameAsFullCompile(before, { upserts: [attach('default', 'blue-app-3', 'green/api', 'server3--leaf2')] });
  const leaf2 = after.devices.get('leaf2');
  assert.ok(leaf2);
  assert.ok(!leaf2.vlans.some((v) => v.owner.vpc === 'default/blue'), 'blue left leaf2');
  assert.ok(leaf2.vlans.some((v) => v.owner.vpc === 'default/green' && v.owner.subnet === 'api'));
  assert.ok(after.rebuilt.includes('leaf1') && after.rebuilt.includes('leaf2') && after.rebuilt.includes('leaf3'), after.rebuilt.join(', '));
});

test('one change that adds an attachment to a port and moves another there from a second port matches a full compile', () => {
  const before = first();
  // the port gaining both is met first, the port losing one after: the move must not undo the add
  const after = assertSameAsFullCompile(before, {
    upserts: [attach('default', 'blue-web-4', 'blue/web', 'server4--leaf2'), attach('default', 'blue-app-3', 'blue/app', 'server4--leaf2')],
  });
  assert.deepEqual(after.state.intents.attachmentsByVpc.get('default/blue')?.map((a) => a.key), ['default/blue-app-3', 'default/blue-web-1', 'default/blue-web-4']);
});

test('a change that leaves out the default namespace means the default namespace', () => {
  const before = first();
  const deleted = recompile(before, { deletes: [{ kind: 'VPC', name: 'green' }, { kind: 'VPCAttachment', name: 'green-api-5' }] });
  assert.ok(!deleted.state.resources.vpcs.some((v) => v.metadata.name === 'green'), 'green is gone');
  assert.deepEqual(deleted.diagnostics, []);
  const bare = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24', db: '10.1.3.0/24' });
  const upserted = recompile(before, { upserts: [{ ...bare, metadata: { name: 'blue' } }] });
  assert.deepEqual(upserted.diagnostics, []);
  assert.equal(upserted.state.resources.vpcs.filter((v) => v.metadata.name === 'blue').length, 1);
  const full = compile(resourceSet(edit([...wiring(), ...intents()], { upserts: [bare] })), { previous: before.allocations });
  for (const [path, text] of full.files) assert.equal(upserted.files.get(path), text, path);
});

/** Runs the changes one after the other; after each, recompile must equal a full compile. */
function chain(changes: readonly ResourceChange[], extraWiring: readonly AnyResource[] = []): CompileResult[] {
  let result = compile(resourceSet(wiring(), extraWiring, intents()));
  let resources: AnyResource[] = [...wiring(), ...extraWiring, ...intents()];
  const results: CompileResult[] = [];
  changes.forEach((change, step) => {
    const next = recompile(result, change);
    resources = edit(resources, change);
    assertSameAsFullAt(step, next, resources, result);
    results.push(next);
    result = next;
  });
  return results;
}

test('a VPC deleted under its attachments, peering and external peering, then restored, matches a full compile', () => {
  const [gone, back] = chain([
    { upserts: [peering('default', 'blue--green', ['blue', 'green'])] },
    { deletes: [{ kind: 'VPC', namespace: 'default', name: 'blue' }] },
    { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' })] },
  ]).slice(1);
  assert.ok(gone !== undefined && back !== undefined);
  assert.ok(gone.diagnostics.some((d) => d.code === 'WF305' && d.path === 'VPCAttachment default/blue-web-1 spec.subnet'));
  assert.ok(gone.diagnostics.some((d) => d.code === 'WF305' && d.path.startsWith('VPCPeering default/blue--green')));
  assert.ok(gone.diagnostics.some((d) => d.code === 'WF305' && d.path === 'ExternalPeering default/blue--internet spec.vpc'));
  assert.deepEqual(back.diagnostics, []);
});

test('a VPC edited so that an attached subnet disappears, or its CIDR breaks, matches a full compile', () => {
  const [dropped, broken, fixed] = chain([
    { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' })] },
    { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.5/24', app: '10.1.2.0/24' })] },
    { upserts: [vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' })] },
  ]);
  assert.ok(dropped?.diagnostics.some((d) => d.code === 'WF306' && d.path === 'VPCAttachment default/blue-app-3 spec.subnet'));
  assert.ok(broken?.diagnostics.some((d) => d.code === 'WF300'));
  assert.deepEqual(fixed?.diagnostics, []);
});

test('a VPC relabelled into another isolation method matches a full compile and frees its L3VNI', () => {
  const [l2] = chain([{ upserts: [vpc('default', 'green', 'acme', { api: '10.2.1.0/24' }, { 'weft.dev/isolation': 'l2' })] }]);
  assert.ok(l2 !== undefined);
  assert.equal(l2.allocations.vpcs['default/green']?.isolation, 'evpn-l2vni');
  assert.ok(l2.allocations.quarantine.some((q) => q.owner === 'default/green'));
});

test('attachments that collide (a second untagged subnet, a duplicate) match a full compile', () => {
  chain([
    { upserts: [attach('default', 'green-api-3', 'green/api', 'server3--leaf2', true), attach('default', 'green-api-3b', 'green/api', 'server3--leaf2', true)] },
    { upserts: [attach('default', 'blue-web-1b', 'blue/web', 'server1--leaf1')] },
    { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'blue-web-1' }] },
  ]);
});

test('one VPC too many for its tenant, added by recompile, matches a full compile', () => {
  const limited = policy({ limits: { vpcsPerTenant: 2 }, isolation: { default: 'evpn-l3vni', rules: [{ name: 'legacy-vlan', match: { tenants: ['legacy'] }, method: 'vlan' }, { name: 'l2-only', match: { labels: { 'weft.dev/isolation': 'l2' } }, method: 'evpn-l2vni' }] } });
  let result = compile(resourceSet(wiring().filter((r) => r.kind !== 'FabricPolicy'), limited, intents()));
  assert.deepEqual(result.diagnostics, []);
  result = recompile(result, { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' })] });
  const full = compile(resourceSet(wiring().filter((r) => r.kind !== 'FabricPolicy'), limited, intents(), vpc('default', 'red', 'acme', { a: '10.5.1.0/24' })));
  assert.deepEqual(result.diagnostics, full.diagnostics);
  assert.ok(result.diagnostics.some((d) => d.code === 'WF402'));
});

test('an edit that breaks or heals an object the change does not name matches a full compile', () => {
  const results = chain([
    { upserts: [peering('default', 'blue--green', ['blue', 'green'])] },
    // green now overlaps blue: the peering (not in the change) becomes invalid
    { upserts: [vpc('default', 'green', 'acme', { api: '10.2.1.0/24', copy: '10.1.1.0/25' })] },
    { upserts: [vpc('default', 'green', 'acme', { api: '10.2.1.0/24' })] },
    // the first of two untagged attachments goes: the second (not in the change) becomes valid
    { upserts: [attach('default', 'blue-web-2', 'blue/web', 'server2--leaf1', true), attach('default', 'green-api-2', 'green/api', 'server2--leaf1', true)] },
    { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'blue-web-2' }] },
  ]);
  assert.ok(results[1]?.diagnostics.some((d) => d.code === 'WF304'));
  assert.deepEqual(results[2]?.diagnostics, []);
  assert.ok(results[3]?.diagnostics.some((d) => d.code === 'WF309'));
  assert.deepEqual(results[4]?.diagnostics, []);
});

/** A small linear congruential generator: the same seed gives the same walk on every machine. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

// blue's External peering makes every state where blue is evpn-l2vni or gone invalid (WF314,
// WF305): that is expected, and the walks still pass through many valid states
for (const seed of walkSeeds([20261121, 7919, 104729])) {
  test(`a seeded walk of 60 random edits (seed ${seed}): recompile equals a full compile after every one`, () => {
    const pick = random(seed);
    const names = ['blue', 'green', 'red', 'teal', 'aaa'];
    const connections = Array.from({ length: 8 }, (_, i) => `server${i + 1}--leaf${Math.floor(i / 2) + 1}`);
    // a model of what exists, so most edits are valid and the walk also visits devices
    const vpcs = new Map<string, string[]>([['blue', ['app', 'web']], ['green', ['api']]]);
    const attachments = new Map<string, string>([['blue-web-1', 'blue'], ['blue-app-3', 'blue'], ['green-api-5', 'green']]);
    const peerings = new Set<string>();
    const changes: ResourceChange[] = [];
    for (let step = 0; step < 60; step++) {
      const name = names[pick(names.length)] ?? 'blue';
      const index = names.indexOf(name) + 1;
      const existing = vpcs.get(name);
      const action = pick(7);
      if (existing === undefined || action === 0) {
        const subnets = pick(2) === 0 ? ['a'] : ['a', 'b'];
        vpcs.set(name, subnets);
        const spec = Object.fromEntries(subnets.map((s, i) => [s, `10.${index + 10}.${i}.0/24`]));
        // an edit of an existing VPC drops its attachments to subnets it no longer has
        const dropped = [...attachments].filter(([, v]) => v === name).map(([a]) => a);
        dropped.forEach((a) => attachments.delete(a));
        changes.push({ upserts: [vpc('default', name, 'acme', spec, pick(3) === 0 ? { 'weft.dev/isolation': 'l2' } : undefined)], deletes: dropped.map((a) => ({ kind: 'VPCAttachment', namespace: 'default', name: a })) });
      } else if (action === 1 && vpcs.size > 1) {
        vpcs.delete(name);
        const dropped = [...attachments].filter(([, v]) => v === name).map(([a]) => a);
        dropped.forEach((a) => attachments.delete(a));
        const unpeered = [...peerings].filter((p) => p.split('--').includes(name));
        unpeered.forEach((p) => peerings.delete(p));
        changes.push({
          deletes: [
            { kind: 'VPC', namespace: 'default', name },
            ...dropped.map((a) => ({ kind: 'VPCAttachment', namespace: 'default', name: a })),
            ...unpeered.map((p) => ({ kind: 'VPCPeering', namespace: 'default', name: p })),
          ],
        });
      } else if (action <= 4) {
        const connection = connections[pick(connections.length)] ?? 'server1--leaf1';
        const attachment = `${name}-${connection}`;
        attachments.set(attachment, name);
        const subnet = existing[pick(existing.length)] ?? 'a';
        changes.push({ upserts: [attach('default', attachment, `${name}/${subnet}`, connection)] });
      } else if (action === 5 && attachments.size > 0) {
        const [attachment] = [...attachments.keys()].slice(pick(attachments.size));
        if (attachment !== undefined) attachments.delete(attachment);
        changes.push({ deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: attachment ?? '' }] });
      } else {
        const other = [...vpcs.keys()].filter((v) => v !== name)[0];
        if (other === undefined) continue;
        const key = [name, other].sort().join('--');
        if (peerings.has(key)) {
          peerings.delete(key);
          changes.push({ deletes: [{ kind: 'VPCPeering', namespace: 'default', name: key }] });
        } else {
          peerings.add(key);
          changes.push({ upserts: [peering('default', key, [name, other])] });
        }
      }
    }
    const results = chain(changes);
    const valid = results.filter((r) => r.ok).length;
    assert.ok(valid >= 10, `the walk passes through valid states (${valid} of ${results.length})`);
    assert.ok(results.some((r) => r.rebuilt.length < 7), 'and recompile does not always rebuild everything');
  });
}

// A richer walk: vlan-method VPCs over the trunk (tenant legacy), l2 and l3 VPCs, VPCs edited,
// deleted and restored, attachments moved, peerings with and without permits. Each step checks
// recompile against a full compile (files byte for byte, allocations, diagnostics, statuses).
for (const seed of walkSeeds([1, 31337, 271828, 9001])) {
  test(`a seeded walk of 50 edits over every isolation method (seed ${seed}): recompile equals a full compile after every one`, () => {
    const pick = random(seed);
    const names = ['blue', 'green', 'red', 'teal', 'aaa', 'zzz'];
    const connections = Array.from({ length: 8 }, (_, i) => `server${i + 1}--leaf${Math.floor(i / 2) + 1}`);
    const vpcs = new Map<string, string[]>([['blue', ['app', 'web']], ['green', ['api']]]);
    const attachments = new Map<string, string>([['blue-web-1', 'blue'], ['blue-app-3', 'blue'], ['green-api-5', 'green']]);
    const peerings = new Set<string>();
    const changes: ResourceChange[] = [];
    const dropAttachments = (name: string): { kind: string; namespace: string; name: string }[] => {
      const dropped = [...attachments].filter(([, v]) => v === name).map(([a]) => a);
      dropped.forEach((a) => attachments.delete(a));
      return dropped.map((a) => ({ kind: 'VPCAttachment', namespace: 'default', name: a }));
    };
    for (let step = 0; step < 50; step++) {
      const name = names[pick(names.length)] ?? 'blue';
      const index = names.indexOf(name) + 1;
      const existing = vpcs.get(name);
      const action = pick(8);
      if (existing === undefined || action === 0) {
        const subnets = ['a', 'b', 'c'].slice(0, 1 + pick(3));
        vpcs.set(name, subnets);
        const spec = Object.fromEntries(subnets.map((s, i) => [s, `10.${index + 20}.${i + pick(2) * 10}.0/24`]));
        const kind = pick(4);
        // blue keeps evpn-l3vni: its External peering needs it
        const tenant = kind === 0 && name !== 'blue' ? 'legacy' : 'acme';
        const labels = kind === 1 && name !== 'blue' ? { 'weft.dev/isolation': 'l2' } : undefined;
        changes.push({ upserts: [vpc('default', name, tenant, spec, labels)], deletes: dropAttachments(name) });
      } else if (action === 1 && vpcs.size > 2) {
        vpcs.delete(name);
        const unpeered = [...peerings].filter((p) => p.split('--').includes(name));
        unpeered.forEach((p) => peerings.delete(p));
        changes.push({
          deletes: [{ kind: 'VPC', namespace: 'default', name }, ...dropAttachments(name), ...unpeered.map((p) => ({ kind: 'VPCPeering', namespace: 'default', name: p }))],
        });
      } else if (action <= 4) {
        const connection = connections[pick(connections.length)] ?? 'server1--leaf1';
        // the same name again moves the attachment to another subnet or connection
        const attachment = `${name}-${pick(3)}`;
        attachments.set(attachment, name);
        changes.push({ upserts: [attach('default', attachment, `${name}/${existing[pick(existing.length)] ?? 'a'}`, connection, pick(5) === 0)] });
      } else if (action === 5 && attachments.size > 0) {
        const [attachment] = [...attachments.keys()].slice(pick(attachments.size));
        if (attachment !== undefined) attachments.delete(attachment);
        changes.push({ deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: attachment ?? '' }] });
      } else {
        const others = [...vpcs.keys()].filter((v) => v !== name);
        const other = others[pick(Math.max(1, others.length))];
        if (other === undefined) continue;
        const key = [name, other].sort().join('--');
        if (peerings.has(key) && action === 6) {
          peerings.delete(key);
          changes.push({ deletes: [{ kind: 'VPCPeering', namespace: 'default', name: key }] });
        } else {
          peerings.add(key);
          const mine = vpcs.get(name)?.[0];
          const theirs = vpcs.get(other)?.[0];
          const permit = pick(2) === 0 || mine === undefined || theirs === undefined ? undefined : [[`${name}/${mine}`, `${other}/${theirs}`] as const];
          changes.push({ upserts: [peering('default', key, [name, other] as const, permit)] });
        }
      }
    }
    const results = chain(changes);
    assert.ok(results.filter((r) => r.ok).length >= 10, 'the walk passes through valid states');
    assert.ok(results.some((r) => r.allocations.vpcs['default/red']?.isolation === 'vlan' || r.allocations.vpcs['default/teal']?.isolation === 'vlan'), 'and through vlan-method VPCs');
    assert.ok(results.some((r) => r.rebuilt.length < 7), 'and recompile does not always rebuild everything');
  });
}

test('allocations a caller replaced (a released quarantine) are the numbers the next recompile keeps', () => {
  const deleted = recompile(first(), { deletes: [{ kind: 'VPC', namespace: 'default', name: 'green' }, { kind: 'VPCAttachment', namespace: 'default', name: 'green-api-5' }] });
  assert.ok(deleted.allocations.quarantine.length > 0);
  // as the service does once every agent applied the generation that freed them
  const released = releaseQuarantine(deleted.allocations, deleted.allocations.generation);
  assert.deepEqual(released.quarantine, []);
  const replaced: CompileResult = { ...deleted, allocations: released, state: { ...deleted.state, previous: released } };
  const change: ResourceChange = { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }), attach('default', 'red-a-5', 'red/a', 'server5--leaf3')] };
  const next = recompile(replaced, change);
  const full = compile(resourceSet(edit(edit([...wiring(), ...intents()], { deletes: [{ kind: 'VPC', namespace: 'default', name: 'green' }, { kind: 'VPCAttachment', namespace: 'default', name: 'green-api-5' }] }), change)), { previous: released });
  for (const [path, text] of full.files) assert.equal(next.files.get(path), text, path);
  assert.equal(serializeAllocations(next.allocations), serializeAllocations(full.allocations));
  // green's VNIs were released: the new VPC may take them
  assert.deepEqual(next.diagnostics, full.diagnostics);
});

test('the VPC entries a chain of recompiles changed are named from the chain, without comparing every VPC', () => {
  const start = first();
  const added = recompile(start, { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }), attach('default', 'red-a-2', 'red/a', 'server2--leaf1')] });
  const deleted = recompile(added, { deletes: [{ kind: 'VPC', namespace: 'default', name: 'green' }, { kind: 'VPCAttachment', namespace: 'default', name: 'green-api-5' }] });
  const attached = recompile(deleted, { upserts: [attach('default', 'blue-web-4', 'blue/web', 'server4--leaf2')] });
  const named = (before: CompileResult, after: CompileResult): string[] | undefined => vpcAllocationChanges(before.allocations, after.allocations)?.map((c) => c.key).sort();
  assert.deepEqual(named(start, added), ['default/red']);
  assert.deepEqual(named(start, deleted), ['default/green', 'default/red']);
  const green = vpcAllocationChanges(start.allocations, deleted.allocations)?.find((c) => c.key === 'default/green');
  assert.equal(green?.before, start.allocations.vpcs['default/green']);
  assert.equal(green?.after, undefined, 'a deleted VPC has no entry after');
  assert.deepEqual(named(deleted, attached), [], 'an attachment moves no VPC numbers');
  assert.deepEqual(named(attached, attached), []);
  // not made from it by recompiles: the caller compares every entry
  assert.equal(vpcAllocationChanges(added.allocations, start.allocations), undefined);
  assert.equal(vpcAllocationChanges(start.allocations, compile(resourceSet(wiring(), intents())).allocations), undefined);
  const replaced = { ...deleted.allocations };
  assert.equal(vpcAllocationChanges(replaced, recompile({ ...deleted, allocations: replaced }, { upserts: [vpc('default', 'pink', 'acme', { a: '10.6.1.0/24' })] }).allocations), undefined, 'allocations a caller replaced');
});

test('the allocations of a recompile read as a plain document: keys, JSON, spread, equality', () => {
  const before = first();
  const after = recompile(before, { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' })] });
  const plain = JSON.parse(JSON.stringify(after.allocations)) as typeof after.allocations;
  assert.deepEqual(Object.keys(after.allocations), ['version', 'generation', 'switches', 'links', 'vpcs', 'externals', 'quarantine']);
  assert.deepEqual(after.allocations, plain);
  assert.deepEqual({ ...after.allocations }, plain);
  assert.deepEqual(Object.keys(after.allocations.vpcs).sort(), ['default/blue', 'default/green', 'default/red', 'globex/shop', 'legacy/billing']);
  assert.equal(after.allocations.vpcs['default/blue'], before.allocations.vpcs['default/blue'], 'an untouched VPC keeps its allocation object');
  assert.equal(after.allocations.links, before.allocations.links, 'and the links their record');
  assert.equal(after.allocations.generation, before.allocations.generation + 1);
});

test('an unchanged switch keeps its files, and a rebuilt one reuses the intents of its unchanged VPCs', () => {
  const before = first();
  const after = recompile(before, { upserts: [vpc('default', 'red', 'acme', { a: '10.5.1.0/24' }), attach('default', 'red-a-3', 'red/a', 'server3--leaf2')] });
  assert.deepEqual(after.rebuilt, ['leaf2']);
  assert.equal(after.files.get('leaf1/frr.conf'), before.files.get('leaf1/frr.conf'));
  const old = before.devices.get('leaf2');
  const now = after.devices.get('leaf2');
  assert.ok(old !== undefined && now !== undefined);
  // shop has no peering, so its part of leaf2 depends on nothing the change touched
  const shop = (d: typeof old): unknown[] => [...d.vlans.filter((v) => v.owner.vpc === 'globex/shop'), ...d.vrfs.filter((v) => v.owner.vpc === 'globex/shop')];
  assert.equal(shop(now).length, 2);
  shop(now).forEach((part, i) => { assert.equal(part, shop(old)[i], 'the VLAN and VRF of shop are the same objects'); });
  assert.equal(now.ports, old.ports, 'and so are the ports');
  assert.ok(now.vrfs.some((v) => v.owner.vpc === 'default/red'));
});

/** One random change to a generated fabric: a VPC added, edited, deleted; an attachment or a peering added or deleted. */
function generatedFabricChange(result: CompileResult, connections: readonly string[], pick: (n: number) => number, step: number): ResourceChange {
  const { vpcs, attachments, peerings } = result.state.resources;
  const ns = (r: { metadata: { namespace?: string } }): string => r.metadata.namespace ?? 'default';
  const action = pick(7);
  const target = vpcs[pick(Math.max(1, vpcs.length))];
  if (action === 0 && target !== undefined) {
    // a VPC deleted with its attachments and peerings (its External peering, if any, is left dangling: a diagnostic)
    const theirs = attachments.filter((a) => ns(a) === ns(target) && a.spec.subnet.startsWith(`${target.metadata.name}/`));
    const peered = peerings.filter((p) => ns(p) === ns(target) && p.spec.vpcs.includes(target.metadata.name));
    return {
      deletes: [
        { kind: 'VPC', namespace: ns(target), name: target.metadata.name },
        ...theirs.map((a) => ({ kind: 'VPCAttachment', namespace: ns(a), name: a.metadata.name })),
        ...peered.map((p) => ({ kind: 'VPCPeering', namespace: ns(p), name: p.metadata.name })),
      ],
    };
  }
  if (action === 1 && attachments.length > 0) {
    const gone = attachments[pick(attachments.length)];
    assert.ok(gone !== undefined);
    return { deletes: [{ kind: 'VPCAttachment', namespace: ns(gone), name: gone.metadata.name }] };
  }
  if (action === 2 && target !== undefined) {
    // an edit: a subnet more, or the l2 label put on or taken off (an l2 VPC with a peering is refused)
    const subnets = Object.fromEntries(Object.entries(target.spec.subnets).map(([k, v]) => [k, v.cidr]));
    const labels = { ...target.metadata.labels };
    if (pick(2) === 0) subnets[`s${step}`] = `172.21.${step}.0/24`;
    else if (labels['weft.dev/isolation'] === 'l2') delete labels['weft.dev/isolation'];
    else labels['weft.dev/isolation'] = 'l2';
    return { upserts: [vpc(ns(target), target.metadata.name, target.spec.tenant, subnets, labels)] };
  }
  if (action === 3 && target !== undefined) {
    const others = vpcs.filter((v) => ns(v) === ns(target) && v !== target);
    const other = others[pick(Math.max(1, others.length))];
    if (other !== undefined) {
      const pair = [target.metadata.name, other.metadata.name].sort() as [string, string];
      return { upserts: [peering(ns(target), `${pair[0]}--${pair[1]}`, pair)] };
    }
  }
  if (action === 4 && peerings.length > 0) {
    const gone = peerings[pick(peerings.length)];
    assert.ok(gone !== undefined);
    return { deletes: [{ kind: 'VPCPeering', namespace: ns(gone), name: gone.metadata.name }] };
  }
  const name = `walk-${step}`;
  const subnets = { a: `172.20.${step}.0/25`, b: `172.20.${step}.128/25` };
  return {
    upserts: [
      vpc('default', name, `walker${pick(3)}`, subnets, pick(3) === 0 ? { 'weft.dev/isolation': 'l2' } : undefined),
      ...[0, 1, 2].map((j) => attach('default', `${name}-${j}`, `${name}/${j === 0 ? 'a' : 'b'}`, connections[pick(connections.length)] ?? '')),
    ],
  };
}

// Walks on a generated fabric (namespaces, tenants, l2 and l3 VPCs, a VyOS border with an
// External that VPCs peer with): after every change, every file byte for byte, the allocations,
// the diagnostics and the statuses of recompile equal those of a full compile.
for (const seed of walkSeeds([8080, 4242, 65537, 20261206])) {
  test(`a seeded walk of 20 edits on a generated fabric of 2 spines x 8 leaves, a border and 40 VPCs (seed ${seed}): recompile equals a full compile after every one`, () => {
    const options = { spines: 2, leaves: 8, servers: 32, vpcs: 40, subnets: 2, attachments: 80, borders: 1 };
    const docs = [...parseFileText(generateWiring(options), 'wiring.yaml').docs, ...parseFileText(generateIntents(options), 'intents.yaml').docs];
    let resources: AnyResource[] = [...parseDocuments(docs).resources];
    let result = compile(resourceSet(resources));
    assert.ok(result.ok, result.diagnostics[0]?.message);
    const connections = resources.filter((r) => r.kind === 'Connection' && 'unbundled' in r.spec).map((r) => r.metadata.name);
    const pick = random(seed);
    const rebuilt: number[] = [];
    const kinds = new Set<string>();
    for (let step = 0; step < 20; step++) {
      const change = generatedFabricChange(result, connections, pick, step);
      [...(change.upserts ?? []), ...(change.deletes ?? [])].forEach((r) => kinds.add(`${'metadata' in r ? 'upsert' : 'delete'} ${r.kind}`));
      const next = recompile(result, change);
      resources = edit(resources, change);
      assertSameAsFullAt(step, next, resources, result);
      rebuilt.push(next.rebuilt.length);
      result = next;
    }
    assert.ok(rebuilt.every((n) => n < 11), `no step rebuilds all 11 switches (${rebuilt.join(', ')})`);
    assert.ok(kinds.size >= 4, `the walk makes several kinds of change (${[...kinds].join(', ')})`);
  });
}

// What a recompile now keeps instead of redoing (ADR 95): tenant counts and over-limit errors,
// and each switch's VLAN owners and numbers. Walks under a policy with a low tenant limit and a
// VLAN pool of a few ids (some reserved), so tenants cross the limit both ways, VLANs run out
// and come back, and freed VLANs are handed out again, each step checked against a full compile.
for (const seed of walkSeeds([5, 6007, 20261206])) {
  test(`a seeded walk of 40 edits under a tight tenant limit and VLAN pool (seed ${seed}): recompile equals a full compile after every one`, () => {
    const pick = random(seed);
    const tight = policy({
      limits: { vpcsPerTenant: 2 },
      pools: { vlan: { start: 100, end: 106 }, reserved: { vlan: [{ start: 102, end: 103 }] } },
      isolation: { default: 'evpn-l3vni', rules: [{ name: 'l2-only', match: { labels: { 'weft.dev/isolation': 'l2' } }, method: 'evpn-l2vni' }] },
    });
    const base = wiring().filter((r) => r.kind !== 'FabricPolicy');
    let resources: AnyResource[] = [...base, tight, ...intents().filter((r) => r.kind !== 'VPC' || r.metadata.namespace !== 'legacy')];
    let result = compile(resourceSet(resources));
    const tenants = ['acme', 'globex', 'initech'];
    const names = ['blue', 'green', 'red', 'teal', 'aaa', 'zzz', 'mint'];
    const connections = Array.from({ length: 8 }, (_, i) => `server${i + 1}--leaf${Math.floor(i / 2) + 1}`);
    let over = 0;
    let exhausted = 0;
    let crossedBack = 0;
    for (let step = 0; step < 40; step++) {
      const name = names[pick(names.length)] ?? 'red';
      const exists = result.state.resources.vpcs.some((v) => v.metadata.namespace === 'default' && v.metadata.name === name);
      const action = pick(4);
      let change: ResourceChange;
      if (exists && action === 0 && name !== 'blue') {
        const theirs = result.state.resources.attachments.filter((a) => a.metadata.namespace === 'default' && a.spec.subnet.startsWith(`${name}/`));
        change = { deletes: [{ kind: 'VPC', namespace: 'default', name }, ...theirs.map((a) => ({ kind: 'VPCAttachment', namespace: 'default', name: a.metadata.name }))] };
      } else if (exists && action === 1) {
        change = { upserts: [attach('default', `${name}-${pick(4)}`, `${name}/a`, connections[pick(connections.length)] ?? '')] };
      } else {
        // a VPC made or made again, maybe for another tenant (blue keeps acme and evpn-l3vni: its External peering needs them)
        const index = names.indexOf(name) + 1;
        const subnets = Object.fromEntries(['a', 'b', 'c'].slice(0, 1 + pick(3)).map((s, i) => [s, `10.${index + 30}.${i}.0/24`]));
        const tenant = name === 'blue' ? 'acme' : (tenants[pick(tenants.length)] ?? 'acme');
        const theirs = result.state.resources.attachments.filter((a) => a.metadata.namespace === 'default' && a.spec.subnet.startsWith(`${name}/`));
        change = {
          upserts: [
            vpc('default', name, tenant, subnets, name !== 'blue' && pick(4) === 0 ? { 'weft.dev/isolation': 'l2' } : undefined),
            ...Object.keys(subnets).map((s, j) => attach('default', `${name}-${s}`, `${name}/${s}`, connections[(index + j * 3) % connections.length] ?? '')),
          ],
          deletes: theirs.filter((a) => !Object.keys(subnets).some((s) => a.metadata.name === `${name}-${s}`)).map((a) => ({ kind: 'VPCAttachment', namespace: 'default', name: a.metadata.name })),
        };
      }
      const next = recompile(result, change);
      resources = edit(resources, change);
      assertSameAsFullAt(step, next, resources, result);
      const wasOver = result.diagnostics.some((d) => d.code === 'WF402');
      const isOver = next.diagnostics.some((d) => d.code === 'WF402');
      if (isOver) over++;
      if (wasOver && !isOver) crossedBack++;
      if (next.diagnostics.some((d) => d.code === 'WF500' && d.message.includes('VLAN pool'))) exhausted++;
      result = next;
    }
    assert.ok(over > 0 && crossedBack > 0, `tenants went over the limit (${over} steps) and back under it (${crossedBack} times)`);
    assert.ok(exhausted > 0, `a switch ran out of VLANs (${exhausted} steps)`);
  });
}
