// The allocator as a function: owners keep their numbers, new owners get the lowest free ones,
// nothing is handed out twice, exhaustion names the pool, freed VNIs wait in quarantine, and an
// earlier allocations.json read from disk can be anything without crashing what reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateNumbers,
  emptyAllocations,
  findDoubleOwners,
  parseAllocations,
  releaseQuarantine,
  serializeAllocations,
  updateQuarantine,
  vniOwners,
  type Allocations,
  type PoolSpec,
} from '#allocator';

const pool = (start: number, end: number, extra: Partial<PoolSpec> = {}): PoolSpec => ({ label: `test pool ${start}-${end}`, range: { start, end }, ...extra });

function assigned(result: ReturnType<typeof allocateNumbers>): Record<string, number> {
  return Object.fromEntries(result.assigned);
}

test('new owners get the lowest free numbers in request order', () => {
  const r = allocateNumbers([{ owner: 'a' }, { owner: 'b' }, { owner: 'c' }], pool(10, 20), 'path');
  assert.deepEqual(assigned(r), { a: 10, b: 11, c: 12 });
  assert.deepEqual(r.diagnostics, []);
});

test('owners keep their earlier numbers, and new owners fill the gaps around them', () => {
  const r = allocateNumbers([{ owner: 'new1' }, { owner: 'old', previous: 10 }, { owner: 'new2' }, { owner: 'old2', previous: 12 }], pool(10, 20), 'path');
  assert.deepEqual(assigned(r), { old: 10, old2: 12, new1: 11, new2: 13 });
});

test('reserved and excluded numbers are never handed out, not even to an owner that had one', () => {
  const r = allocateNumbers(
    [{ owner: 'a' }, { owner: 'b', previous: 12 }, { owner: 'c' }],
    pool(10, 20, { reserved: [{ start: 10, end: 11 }], excluded: new Set([12, 13]) }),
    'FabricPolicy default spec.pools.vni',
  );
  assert.deepEqual(assigned(r), { a: 14, b: 15, c: 16 });
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`),
    ['warning WF502: b had 12, which is no longer available in the test pool 10-20; it gets a new number'],
  );
});

test('two owners claiming one earlier number: the first keeps it, the second gets a new one', () => {
  const r = allocateNumbers([{ owner: 'a', previous: 15 }, { owner: 'b', previous: 15 }], pool(10, 20), 'path');
  assert.deepEqual(assigned(r), { a: 15, b: 10 });
  assert.equal(new Set(r.assigned.values()).size, r.assigned.size);
});

test('an earlier number outside a narrowed pool moves into the pool', () => {
  const r = allocateNumbers([{ owner: 'a', previous: 5 }], pool(10, 20), 'path');
  assert.deepEqual(assigned(r), { a: 10 });
});

test('exhaustion is an error that names the pool, the need and what could be given', () => {
  const r = allocateNumbers([{ owner: 'a' }, { owner: 'b' }, { owner: 'c' }], pool(1, 2, { label: 'VNI pool 1-2 (FabricPolicy default spec.pools.vni)' }), 'FabricPolicy default spec.pools.vni');
  assert.deepEqual(assigned(r), { a: 1, b: 2 });
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`),
    ['error WF500 FabricPolicy default spec.pools.vni: the VNI pool 1-2 (FabricPolicy default spec.pools.vni) is exhausted: 3 numbers are needed and 2 could be given'],
  );
});

test('a pool that ends before it starts gives nothing and says so', () => {
  const r = allocateNumbers([{ owner: 'a' }], pool(20, 10), 'path');
  assert.equal(r.assigned.size, 0);
  assert.equal(r.diagnostics[0]?.code, 'WF500');
});

test('no number ever has two owners, whatever the earlier numbers were', () => {
  // every earlier number collides with another or sits outside the pool
  const requests = Array.from({ length: 50 }, (_, i) => ({ owner: `o${i}`, previous: 100 + (i % 7) * 3 }));
  const r = allocateNumbers(requests, pool(100, 160, { excluded: new Set([103, 106]) }), 'path');
  const values = [...r.assigned.values()];
  assert.equal(values.length, 50);
  assert.equal(new Set(values).size, 50);
  for (const v of values) assert.ok(v >= 100 && v <= 160 && v !== 103 && v !== 106, String(v));
});

function allocationsWith(vpcs: Allocations['vpcs'], externals: Allocations['externals'] = {}, quarantine: Allocations['quarantine'] = [], generation = 1): Allocations {
  return { ...emptyAllocations(), generation, vpcs, externals, quarantine };
}

test('vniOwners lists L3VNIs, subnet VNIs and External VNIs with their owners', () => {
  const a = allocationsWith(
    { 'default/blue': { isolation: 'evpn-l3vni', vrf: 1, vni: 10000, subnets: { web: { vni: 10001 }, app: { vni: 10002 } } }, 'legacy/billing': { isolation: 'vlan', vrf: 2, subnets: { app: { vlan: 1000 } } } },
    { 'default/internet': { vrf: 3, vni: 10003 } },
  );
  assert.deepEqual(
    vniOwners(a).sort((x, y) => x.value - y.value),
    [
      { owner: 'default/blue', value: 10000 },
      { owner: 'default/blue/web', value: 10001 },
      { owner: 'default/blue/app', value: 10002 },
      { owner: 'external:default/internet', value: 10003 },
    ],
  );
});

test('findDoubleOwners finds a VNI with two owners, and only that', () => {
  const doubles = findDoubleOwners([
    { owner: 'default/blue', value: 10000 },
    { owner: 'default/green', value: 10000 },
    { owner: 'default/red', value: 10001 },
  ]);
  assert.deepEqual([...doubles], [[10000, ['default/blue', 'default/green']]]);
});

test('freed VNIs go into quarantine with their owner and the generation that freed them', () => {
  const before = allocationsWith({
    'default/blue': { isolation: 'evpn-l3vni', vrf: 1, vni: 10000, subnets: { web: { vni: 10001 } } },
    'default/green': { isolation: 'evpn-l3vni', vrf: 2, vni: 10002, subnets: { api: { vni: 10003 } } },
  });
  const after = allocationsWith({ 'default/green': { isolation: 'evpn-l3vni', vrf: 2, vni: 10002, subnets: { api: { vni: 10003 } } } }, {}, [], 2);
  assert.deepEqual(updateQuarantine(before, after, 2), [
    { pool: 'vni', value: 10000, owner: 'default/blue', since: 2 },
    { pool: 'vni', value: 10001, owner: 'default/blue/web', since: 2 },
  ]);
});

test('a quarantined VNI leaves quarantine when it is in use again, and stays otherwise', () => {
  const quarantine = [
    { pool: 'vni' as const, value: 10000, owner: 'default/blue', since: 2 },
    { pool: 'vni' as const, value: 10001, owner: 'default/blue/web', since: 2 },
  ];
  const before = allocationsWith({}, {}, quarantine, 2);
  const after = allocationsWith({ 'default/blue': { isolation: 'evpn-l3vni', vrf: 1, vni: 10000, subnets: { web: { vni: 10009 } } } }, {}, [], 3);
  assert.deepEqual(updateQuarantine(before, after, 3), [{ pool: 'vni', value: 10001, owner: 'default/blue/web', since: 2 }]);
});

test('releaseQuarantine frees only what every agent has removed', () => {
  const a = allocationsWith({}, {}, [
    { pool: 'vni', value: 10000, owner: 'x', since: 2 },
    { pool: 'vni', value: 10001, owner: 'y', since: 4 },
  ]);
  assert.deepEqual(releaseQuarantine(a, 3).quarantine, [{ pool: 'vni', value: 10001, owner: 'y', since: 4 }]);
  assert.deepEqual(releaseQuarantine(a, 4).quarantine, []);
});

test('serializeAllocations sorts keys at every level, so equal allocations are equal bytes', () => {
  const a = allocationsWith({ 'default/z': { isolation: 'evpn-l2vni', vrf: 2, subnets: { b: { vni: 2 }, a: { vni: 1 } } }, 'default/a': { isolation: 'vlan', vrf: 1, subnets: {} } });
  const b = allocationsWith({ 'default/a': { subnets: {}, vrf: 1, isolation: 'vlan' }, 'default/z': { vrf: 2, isolation: 'evpn-l2vni', subnets: { a: { vni: 1 }, b: { vni: 2 } } } });
  assert.equal(serializeAllocations(a), serializeAllocations(b));
  const text = serializeAllocations(a);
  assert.ok(text.endsWith('}\n'));
  assert.ok(text.indexOf('"default/a"') < text.indexOf('"default/z"'));
  assert.deepEqual(parseAllocations(JSON.parse(text), 'a.json'), { allocations: a, diagnostics: [] });
});

test('parseAllocations refuses what is not an allocations.json', () => {
  for (const value of [null, 7, 'text', [], {}, { version: 2 }]) {
    const r = parseAllocations(value, 'old.json');
    assert.equal(r.allocations, undefined);
    assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), ['WF502 allocations old.json: is not a Weft allocations.json (version 1)']);
  }
  const r = parseAllocations({ version: 1, vpcs: [] }, 'old.json');
  assert.equal(r.allocations, undefined);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), ['WF502 allocations old.json vpcs: expected an object']);
});

test('parseAllocations drops malformed entries with a warning, so their owners get fresh numbers', () => {
  const r = parseAllocations(
    {
      version: 1,
      generation: 3,
      vpcs: { 'default/blue': 5, 'default/green': { isolation: 'evpn-l3vni', vrf: 2, vni: 10002, subnets: 'web' }, 'default/red': { isolation: 'evpn-l3vni', vrf: 3, vni: 10004, subnets: { a: { vni: 10005 } } } },
      externals: { 'default/internet': null },
      switches: { leaf1: 'x' },
      quarantine: [{ pool: 'vni', value: 9, owner: 'x', since: 1 }, { pool: 'vlan', value: 1 }, 'junk'],
    },
    'old.json',
  );
  assert.ok(r.allocations, JSON.stringify(r.diagnostics));
  assert.deepEqual(Object.keys(r.allocations.vpcs), ['default/red']);
  assert.deepEqual(r.allocations.externals, {});
  assert.deepEqual(r.allocations.switches, {});
  assert.deepEqual(r.allocations.quarantine, [{ pool: 'vni', value: 9, owner: 'x', since: 1 }]);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`),
    [
      'warning WF502 allocations old.json externals.default/internet',
      'warning WF502 allocations old.json switches.leaf1',
      'warning WF502 allocations old.json vpcs.default/blue',
      'warning WF502 allocations old.json vpcs.default/green',
    ],
  );
  // what survives is safe to read
  assert.deepEqual(vniOwners(r.allocations), [
    { owner: 'default/red', value: 10004 },
    { owner: 'default/red/a', value: 10005 },
  ]);
});
