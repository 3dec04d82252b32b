// A compile's plan split by owner: every changed line is told to exactly one VPC, the owners'
// lines together are the whole plan of the switch (the same lines as diffing its files), and an
// owner's lines name nothing of another tenant's VPCs. A change that belongs to no VPC is not split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, planByOwner, planFiles, recompile, type CompileResult } from '#compiler';
import { configDbTables, configDbText } from '#render-sonic';
import { diffConfigDb } from './plan.js';
import { tableLines } from './plan-owners.js';
import type { AnyResource } from '#domain';
import { attach, peering, policy, resourceSet, smallFabric, vpc } from '../../test/support/builders.js';
import { walkSeeds } from '../../test/support/walks.js';
import { splicedFrrStanzas } from '#render-frr';

function wiring(): AnyResource[] {
  return [
    ...smallFabric({ spines: 2, leaves: 2, serversPerLeaf: 3 }),
    policy({ isolation: { default: 'evpn-l3vni', rules: [{ name: 'l2', match: { tenants: ['globex'] }, method: 'evpn-l2vni' }] } }),
  ];
}

const VPCS = [
  vpc('default', 'acme-a', 'acme', { web: '10.1.1.0/24' }),
  vpc('default', 'acme-b', 'acme', { web: '10.1.2.0/24' }),
  vpc('default', 'globex-a', 'globex', { web: '10.2.1.0/24' }),
  vpc('default', 'initech-a', 'initech', { web: '10.3.1.0/24', db: '10.3.2.0/24' }),
];

/** acme-a on both leaves (or on leaf1 only): a leaf's first VPC adds the switch's own SAG and EVPN settings */
function first(leaves = 2): CompileResult {
  const attachments = [attach('default', 'acme-a-1', 'acme-a/web', 'server1--leaf1'), attach('default', 'acme-a-6', 'acme-a/web', 'server6--leaf2')];
  const result = compile(resourceSet(wiring(), VPCS, attachments.slice(0, leaves)));
  assert.deepEqual(result.diagnostics, []);
  return result;
}

/** Attachments of three tenants on both leaves, in one recompile. */
function manyTenants(base: CompileResult): CompileResult {
  const result = recompile(base, {
    upserts: [
      attach('default', 'acme-a-2', 'acme-a/web', 'server2--leaf1'),
      attach('default', 'acme-b-1', 'acme-b/web', 'server1--leaf1'),
      attach('default', 'globex-a-1', 'globex-a/web', 'server2--leaf1'),
      attach('default', 'globex-a-4', 'globex-a/web', 'server4--leaf2'),
      attach('default', 'initech-a-3', 'initech-a/db', 'server3--leaf1'),
      attach('default', 'initech-a-5', 'initech-a/web', 'server5--leaf2'),
    ],
  });
  assert.deepEqual(result.diagnostics, []);
  return result;
}

test('every changed line belongs to one VPC, and the owners\' lines together are the plan of the whole files', () => {
  const base = first();
  const result = manyTenants(base);
  const owned = planByOwner(base, result);
  assert.ok(owned !== undefined, 'attachments of VPCs split by owner');
  const whole = planFiles(base.files, result.files);
  assert.deepEqual([...owned.keys()].sort(), whole.map((p) => p.device).sort());
  for (const device of whole) {
    const byOwner = owned.get(device.device);
    assert.ok(byOwner !== undefined);
    assert.deepEqual([...byOwner.keys()].sort(), device.device === 'leaf1' ? ['default/acme-a', 'default/acme-b', 'default/globex-a', 'default/initech-a'] : ['default/globex-a', 'default/initech-a']);
    for (const file of device.files) {
      const lines: string[] = [...byOwner.values()].flatMap((plan) => plan.files.filter((f) => f.file === file.file).flatMap((f) => f.lines));
      if (file.file === 'config_db.json') {
        // the same entries in the same order as the text diff: the splice's own record of what changed
        const order = new Map(file.lines.map((line, i) => [line, i]));
        assert.deepEqual([...lines].sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1)), file.lines);
      } else {
        assert.deepEqual([...lines].sort(), [...file.lines].sort(), `${device.device}/${file.file}`);
      }
    }
  }
});

test('an owner\'s lines name no other tenant\'s VPC, VLAN, VRF or VNI', () => {
  const base = first();
  const result = manyTenants(base);
  const owned = planByOwner(base, result);
  assert.ok(owned !== undefined);
  for (const [device, byOwner] of owned) {
    const intent = result.devices.get(device);
    assert.ok(intent !== undefined);
    for (const [owner, plan] of byOwner) {
      const text = plan.files.flatMap((f) => f.lines).join('\n');
      const tenant = owner.split('/')[1]?.split('-')[0] ?? '';
      for (const vlan of intent.vlans.filter((v) => !v.owner.vpc.includes(tenant))) {
        assert.doesNotMatch(text, new RegExp(`\\b${vlan.name}\\b`), `${device}: ${owner}'s plan shows ${vlan.owner.vpc}'s ${vlan.name}`);
        // where a VNI is written (a route distinguisher's number is not one)
        if (vlan.vni !== undefined) assert.doesNotMatch(text, new RegExp(`(vni |"vni":"|map_|route-target \\w+ \\d+:)${vlan.vni}\\b`), `${device}: ${owner}'s plan shows ${vlan.owner.vpc}'s VNI`);
        assert.ok(!text.includes(vlan.owner.vpc), `${device}: ${owner}'s plan names ${vlan.owner.vpc}`);
      }
      for (const vrf of intent.vrfs.filter((v) => v.owner.vpc !== undefined && !v.owner.vpc.includes(tenant))) {
        assert.doesNotMatch(text, new RegExp(`\\b${vrf.name}\\b`), `${device}: ${owner}'s plan shows ${vrf.owner.vpc ?? ''}'s ${vrf.name}`);
      }
      assert.ok(text.length > 0);
    }
  }
});

test('removing attachments splits too: the entries and stanzas that go are their VPC\'s', () => {
  const base = first();
  const middle = manyTenants(base);
  const result = recompile(middle, { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'globex-a-4' }, { kind: 'VPCAttachment', namespace: 'default', name: 'initech-a-5' }] });
  const owned = planByOwner(middle, result);
  assert.ok(owned !== undefined);
  const leaf2 = owned.get('leaf2');
  assert.deepEqual([...(leaf2?.keys() ?? [])].sort(), ['default/globex-a', 'default/initech-a']);
  assert.ok(leaf2?.get('default/globex-a')?.files.every((f) => f.lines.every((l) => l.startsWith('- '))));
});

test('a change that belongs to no VPC (a leaf\'s first VPC turns on its anycast gateway and EVPN) is not split', () => {
  const base = first(1);
  const result = recompile(base, { upserts: [attach('default', 'globex-a-4', 'globex-a/web', 'server4--leaf2')] });
  const leaf2 = planFiles(base.files, result.files).find((p) => p.device === 'leaf2');
  assert.ok(leaf2?.files.some((f) => f.lines.some((l) => l.startsWith('+ SAG|GLOBAL'))));
  assert.equal(planByOwner(base, result), undefined);
});

test('two full renders compared table by table give the lines of comparing their texts', () => {
  const base = first();
  const result = manyTenants(base);
  for (const device of ['leaf1', 'leaf2']) {
    const before = base.devices.get(device);
    const after = result.devices.get(device);
    assert.ok(before !== undefined && after !== undefined);
    // rendered afresh (no earlier intent): nothing spliced, every table serialized
    const a = { ...before };
    const b = { ...after };
    const textA = configDbText(a);
    const textB = configDbText(b);
    const tablesA = configDbTables(a);
    const tablesB = configDbTables(b);
    assert.ok(tablesA !== undefined && tablesB !== undefined);
    const lines = tableLines(tablesA, tablesB);
    assert.ok(lines !== undefined && lines.length > 0);
    assert.deepEqual(lines, diffConfigDb(textA, textB));
  }
});

function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
}

for (const seed of walkSeeds([11, 4099, 20261206])) {
  test(`a seeded walk of 40 recompiles beside peered VPCs (seed ${seed}): frr.conf's owners from the splice's stanzas are those from the texts`, () => {
    const pick = random(seed);
    const peered = [attach('default', 'acme-a-1', 'acme-a/web', 'server1--leaf1'), attach('default', 'acme-b-4', 'acme-b/web', 'server4--leaf2'), attach('default', 'acme-b-2', 'acme-b/web', 'server2--leaf1'), peering('default', 'acme-a--acme-b', ['acme-a', 'acme-b'])];
    let result = compile(resourceSet(wiring(), VPCS, peered));
    assert.deepEqual(result.diagnostics, []);
    const live: string[] = [];
    let fromStanzas = 0;
    for (let step = 0; step < 40; step++) {
      const action = pick(4);
      const n = 100 + step;
      const servers = ['server1--leaf1', 'server2--leaf1', 'server3--leaf1', 'server4--leaf2', 'server5--leaf2', 'server6--leaf2'];
      const change =
        action === 0 && live.length > 0
          ? (() => {
              const name = live.splice(pick(live.length), 1)[0] ?? '';
              return { deletes: [{ kind: 'VPC', namespace: 'default', name }, { kind: 'VPCAttachment', namespace: 'default', name: `${name}-x` }] };
            })()
          : action === 1
            ? { upserts: [attach('default', `extra-${n}`, `${['acme-a', 'acme-b', 'initech-a'][pick(3)] ?? 'acme-a'}/web`, servers[pick(servers.length)] ?? 'server1--leaf1')] }
            : (() => {
                const name = `v${n}`;
                live.push(name);
                return { upserts: [vpc('default', name, `t${pick(5)}`, { x: `10.${50 + step}.0.0/24` }), attach('default', `${name}-x`, `${name}/x`, servers[pick(servers.length)] ?? 'server1--leaf1')] };
              })();
      const next = recompile(result, change);
      const spliced = next.rebuilt.some((sw) => {
        const [a, b] = [result.devices.get(sw), next.devices.get(sw)];
        return a !== undefined && b !== undefined && b.vrfs.some((vrf) => vrf.leaks.length > 0) && splicedFrrStanzas(b, a) !== undefined;
      });
      const owned = planByOwner(result, next);
      if (spliced && owned !== undefined && [...owned.values()].some((byOwner) => [...byOwner.values()].some((plan) => plan.files.some((f) => f.file === 'frr.conf')))) fromStanzas++;
      assert.deepEqual(owned, planByOwner(result, next, { frrFromText: true }), `step ${step + 1}`);
      result = next;
    }
    assert.ok(fromStanzas > 15, `most steps split a spliced frr.conf of a leaf with leaks (${fromStanzas} of 40)`);
  });
}
