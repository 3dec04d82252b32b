// An earlier allocations.json, entry by entry: what parseAllocations keeps is safe to read, and
// each entry it drops is named in a warning that says what the entry should have been.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocations } from '#allocator';

const warnings = (r: ReturnType<typeof parseAllocations>): string[] => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

test('an External entry needs integer vrf and vni; each other one is dropped with a warning naming it', () => {
  const r = parseAllocations(
    {
      version: 1,
      externals: {
        'default/fraction': { vrf: 1.5, vni: 10001 },
        'default/kept': { vrf: 2, vni: 10002 },
        'default/no-vni': { vrf: 3 },
        'default/text-vni': { vrf: 4, vni: '10004' },
        'default/text-vrf': { vrf: '5', vni: 10005 },
      },
    },
    'old.json',
  );
  assert.deepEqual(r.allocations?.externals, { 'default/kept': { vrf: 2, vni: 10002 } });
  const gets = 'it is ignored and its owner gets new numbers';
  assert.deepEqual(warnings(r), [
    `warning WF502 allocations old.json externals.default/fraction: is not an External entry with a vrf and a vni; ${gets}`,
    `warning WF502 allocations old.json externals.default/no-vni: is not an External entry with a vrf and a vni; ${gets}`,
    `warning WF502 allocations old.json externals.default/text-vni: is not an External entry with a vrf and a vni; ${gets}`,
    `warning WF502 allocations old.json externals.default/text-vrf: is not an External entry with a vrf and a vni; ${gets}`,
  ]);
});

test('a VPC entry needs a subnets object of objects; a switch entry must be an object', () => {
  const r = parseAllocations(
    {
      version: 1,
      vpcs: {
        'default/blue': { isolation: 'evpn-l3vni', vrf: 2, vni: 10002, subnets: { web: 7 } },
        'default/red': { isolation: 'evpn-l3vni', vrf: 3, vni: 10004, subnets: { a: { vni: 10005 } } },
      },
      switches: { leaf1: 'x', leaf2: { asn: 65002 } },
    },
    'old.json',
  );
  assert.deepEqual(Object.keys(r.allocations?.vpcs ?? {}), ['default/red']);
  assert.deepEqual(r.allocations?.switches, { leaf2: { asn: 65002 } });
  const gets = 'it is ignored and its owner gets new numbers';
  assert.deepEqual(warnings(r), [
    `warning WF502 allocations old.json switches.leaf1: is not a switch entry; ${gets}`,
    `warning WF502 allocations old.json vpcs.default/blue: is not a VPC entry with a subnets object; ${gets}`,
  ]);
});

test('links are kept as they are, and a generation that is not an integer counts as 0', () => {
  const links = { 'leaf1/Ethernet0--spine1/Ethernet0': '10.0.1.0/31', 'leaf2/Ethernet0--spine1/Ethernet4': '10.0.1.2/31' };
  const r = parseAllocations({ version: 1, generation: 2.5, links, quarantine: 'none' }, 'old.json');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.allocations?.links, links);
  assert.equal(r.allocations.generation, 0);
  assert.deepEqual(r.allocations.quarantine, []);
  assert.equal(parseAllocations({ version: 1, generation: '4' }, 'old.json').allocations?.generation, 0);
  assert.equal(parseAllocations({ version: 1, generation: 4 }, 'old.json').allocations?.generation, 4);
});
