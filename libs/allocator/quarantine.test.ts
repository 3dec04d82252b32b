// The VNI quarantine for Externals and for allocations read from a hand-edited file: a deleted
// External's VNI waits like a VPC's, a VNI is quarantined once, and a fresh owner never gets a
// number the pool hands out twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateNumbers, emptyAllocations, updateQuarantine, type Allocations } from '#allocator';

const withEntries = (vpcs: Allocations['vpcs'], externals: Allocations['externals'], quarantine: Allocations['quarantine'] = []): Allocations => ({
  ...emptyAllocations(),
  vpcs,
  externals,
  quarantine,
});

test('a deleted External frees its VNI into quarantine; a kept one does not', () => {
  const internet = { vrf: 3, vni: 10003 };
  const before = withEntries({}, { 'default/internet': internet, 'default/transit': { vrf: 4, vni: 10004 } });
  const after = withEntries({}, { 'default/internet': internet });
  assert.deepEqual(updateQuarantine(before, after, 5), [{ pool: 'vni', value: 10004, owner: 'external:default/transit', since: 5 }]);
});

test('an External whose VNI changed frees the old one; a VPC that takes it back ends its quarantine', () => {
  const before = withEntries({}, { 'default/internet': { vrf: 3, vni: 10003 } });
  const after = withEntries({}, { 'default/internet': { vrf: 3, vni: 10009 } });
  assert.deepEqual(updateQuarantine(before, after, 6), [{ pool: 'vni', value: 10003, owner: 'external:default/internet', since: 6 }]);
  const back = withEntries({}, { 'default/internet': { vrf: 3, vni: 10003 } });
  assert.deepEqual(updateQuarantine({ ...after, quarantine: [{ pool: 'vni', value: 10003, owner: 'external:default/internet', since: 6 }] }, back, 7), [
    { pool: 'vni', value: 10009, owner: 'external:default/internet', since: 7 },
  ]);
});

test('a VNI already in quarantine, freed again (a hand-edited file), is listed once with its first date', () => {
  const before = withEntries(
    { 'default/blue': { isolation: 'evpn-l3vni', vrf: 1, vni: 10000, subnets: { web: { vni: 10000 } } } },
    {},
    [{ pool: 'vni', value: 10000, owner: 'default/old', since: 2 }],
  );
  assert.deepEqual(updateQuarantine(before, withEntries({}, {}), 8), [{ pool: 'vni', value: 10000, owner: 'default/old', since: 2 }]);
  const twice = withEntries({ 'default/blue': { isolation: 'evpn-l3vni', vrf: 1, vni: 10001, subnets: { web: { vni: 10001 } } } }, {});
  assert.deepEqual(updateQuarantine(twice, withEntries({}, {}), 8), [{ pool: 'vni', value: 10001, owner: 'default/blue', since: 8 }]);
});

test('fresh owners after a kept one get distinct numbers, each the lowest still free', () => {
  const r = allocateNumbers([{ owner: 'a', previous: 12 }, { owner: 'b' }, { owner: 'c' }, { owner: 'd' }], { label: 'test pool', range: { start: 10, end: 20 } }, 'path');
  assert.deepEqual(Object.fromEntries(r.assigned), { a: 12, b: 10, c: 11, d: 13 });
});
