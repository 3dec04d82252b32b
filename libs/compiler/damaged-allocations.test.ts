// An earlier allocations.json is read back from disk and may be damaged, hand-edited or from an
// older policy. Each row damages one underlay number and states the numbers the compile gives:
// a damaged or unavailable number is replaced by the lowest free one (with a warning only when
// it was a number that is no longer available), and every good number is kept, so nothing else
// is renumbered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocations, type Allocations } from '#allocator';
import { compile, type CompileResult } from '#compiler';
import type { AnyResource } from '#domain';
import { conn, policy, resourceSet, server, smallFabric, sw } from '../../test/support/builders.js';

const say = (result: CompileResult): string[] => result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

/** An allocations.json with these sections, read as the CLI and the service read it. */
function earlier(sections: Record<string, unknown>): Allocations {
  const parsed = parseAllocations(JSON.parse(JSON.stringify({ version: 1, ...sections })), 'test');
  assert.ok(parsed.allocations, JSON.stringify(parsed.diagnostics));
  return parsed.allocations;
}

const underlay = (result: CompileResult): Record<string, string> =>
  Object.fromEntries(Object.entries(result.allocations.switches).map(([name, s]) => [name, `AS ${s.asn} ${s.loopback}`]));

/** smallFabric's numbers with nothing earlier: leaves first, in name order. */
const FRESH = { leaf1: 'AS 65101 10.0.0.1', leaf2: 'AS 65102 10.0.0.2', spine1: 'AS 65100 10.0.0.3', spine2: 'AS 65100 10.0.0.4' };

/** Earlier numbers far from the fresh ones, so a kept number is told from a fresh one. */
const KEPT: Record<string, Record<string, unknown>> = {
  leaf1: { asn: 65111, loopback: '10.0.0.11' },
  leaf2: { asn: 65112, loopback: '10.0.0.12' },
  spine1: { asn: 65100, loopback: '10.0.0.13' },
  spine2: { asn: 65100, loopback: '10.0.0.14' },
};
const KEPT_NUMBERS = { leaf1: 'AS 65111 10.0.0.11', leaf2: 'AS 65112 10.0.0.12', spine1: 'AS 65100 10.0.0.13', spine2: 'AS 65100 10.0.0.14' };

interface SwitchRow {
  readonly name: string;
  /** fields of leaf1's earlier entry, over KEPT */
  readonly leaf1: Record<string, unknown>;
  /** leaf1's numbers now (the others keep theirs) */
  readonly want: string;
  readonly warnings?: readonly string[];
  readonly resources?: readonly AnyResource[];
}

const LOOPBACK_POOL = 'the loopback pool 10.0.0.0/16 (FabricPolicy (defaults) spec.underlay.loopbacks)';

const SWITCH_ROWS: readonly SwitchRow[] = [
  { name: 'good numbers', leaf1: {}, want: 'AS 65111 10.0.0.11' },
  { name: 'an AS number that is not an integer', leaf1: { asn: 65102.5 }, want: 'AS 65101 10.0.0.11' },
  { name: 'an AS number written as text', leaf1: { asn: '65105' }, want: 'AS 65101 10.0.0.11' },
  {
    name: 'an AS number below the leaf pool',
    leaf1: { asn: 64000 },
    want: 'AS 65101 10.0.0.11',
    warnings: ['warning WF502 FabricPolicy (defaults) spec.underlay.asn: leaf1 had 64000, which is no longer available in the AS number pool from 65101 (FabricPolicy (defaults) spec.underlay.asn.leafStart); it gets a new number'],
  },
  {
    name: "the spines' AS number, in a leaf pool that starts there",
    leaf1: { asn: 65100 },
    resources: [policy({ underlay: { asn: { leafStart: 65100 } } })],
    want: 'AS 65101 10.0.0.11',
    warnings: ['warning WF502 FabricPolicy default spec.underlay.asn: leaf1 had 65100, which is no longer available in the AS number pool from 65100 (FabricPolicy default spec.underlay.asn.leafStart); it gets a new number'],
  },
  {
    name: 'a loopback outside the pool (named as an address)',
    leaf1: { loopback: '10.1.0.1' },
    want: 'AS 65111 10.0.0.1',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.underlay.loopbacks: leaf1 had 10.1.0.1, which is no longer available in ${LOOPBACK_POOL}; it gets a new number`],
  },
  {
    name: 'the broadcast address of the loopback pool',
    leaf1: { loopback: '10.0.255.255' },
    want: 'AS 65111 10.0.0.1',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.underlay.loopbacks: leaf1 had 10.0.255.255, which is no longer available in ${LOOPBACK_POOL}; it gets a new number`],
  },
  {
    name: 'a loopback that another switch has as its router id',
    leaf1: { loopback: '10.0.0.1' },
    resources: [sw('spine9', 'spine', 'sonic', undefined, { routerId: '10.0.0.1' })],
    want: 'AS 65111 10.0.0.2',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.underlay.loopbacks: leaf1 had 10.0.0.1, which is no longer available in ${LOOPBACK_POOL}; it gets a new number`],
  },
  { name: 'a loopback that is no address', leaf1: { loopback: '10.0.0.300' }, want: 'AS 65111 10.0.0.1' },
  { name: 'a loopback as a list', leaf1: { loopback: ['10.0.0.9'] }, want: 'AS 65111 10.0.0.1' },
  { name: 'a loopback as a number', leaf1: { loopback: 167772169 }, want: 'AS 65111 10.0.0.1' },
];

for (const row of SWITCH_ROWS) {
  test(`an earlier switch entry with ${row.name}: the numbers the compile gives`, () => {
    const switches = { ...KEPT, leaf1: { ...KEPT['leaf1'], ...row.leaf1 } };
    const result = compile(resourceSet(smallFabric(), row.resources ?? []), { previous: earlier({ switches }) });
    assert.deepEqual(say(result), row.warnings ?? []);
    const { spine9, ...numbers } = underlay(result);
    assert.deepEqual(numbers, { ...KEPT_NUMBERS, leaf1: row.want });
    assert.equal(spine9, row.resources?.some((r) => r.kind === 'Switch') === true ? 'AS 65100 10.0.0.1' : undefined);
  });
}

test('a spine with an AS number of its own is not told that a spine has it', () => {
  const spines = smallFabric().map((r) => (r.kind === 'Switch' && r.spec.role === 'spine' ? sw(r.metadata.name, 'spine', 'sonic', undefined, { asn: 65001 }) : r));
  const result = compile(resourceSet(spines));
  assert.deepEqual(say(result), []);
  assert.deepEqual(underlay(result), { ...FRESH, spine1: 'AS 65001 10.0.0.3', spine2: 'AS 65001 10.0.0.4' });
});

test('a leaf pool starting at the spines\' AS number skips it', () => {
  const result = compile(resourceSet(smallFabric(), policy({ underlay: { asn: { leafStart: 65100 } } })));
  assert.deepEqual(say(result), []);
  assert.deepEqual(underlay(result), FRESH);
});

const exhausted = (pool: string, given: number): string =>
  `error WF500 FabricPolicy default spec.underlay.loopbacks: the loopback pool ${pool} (FabricPolicy default spec.underlay.loopbacks) is exhausted: 4 numbers are needed and ${given} could be given`;

// a /31 or /32 pool has no network and broadcast address to leave out; a shorter one has
const LOOPBACK_POOL_ROWS: readonly { pool: string; want: Record<string, string> }[] = [
  { pool: '10.9.0.0/29', want: { leaf1: 'AS 65101 10.9.0.1', leaf2: 'AS 65102 10.9.0.2', spine1: 'AS 65100 10.9.0.3', spine2: 'AS 65100 10.9.0.4' } },
  { pool: '10.9.0.0/30', want: { leaf1: 'AS 65101 10.9.0.1', leaf2: 'AS 65102 10.9.0.2' } },
  { pool: '10.9.0.0/31', want: { leaf1: 'AS 65101 10.9.0.1' } },
  { pool: '10.9.0.0/32', want: {} },
];

for (const row of LOOPBACK_POOL_ROWS) {
  test(`a loopback pool ${row.pool} gives the switches it can hold an address, and the others none`, () => {
    const result = compile(resourceSet(smallFabric(), policy({ underlay: { loopbacks: row.pool } })));
    const given = Object.keys(row.want).length;
    assert.deepEqual(say(result), given === 4 ? [] : [exhausted(row.pool, given)]);
    assert.deepEqual(underlay(result), row.want);
    assert.deepEqual(result.diagnostics.map((d) => d.hint), given === 4 ? [] : ['widen the pool in the FabricPolicy, or remove unused objects']);
  });
}

// PortChannels

const BUNDLES: readonly AnyResource[] = [
  server('db1'),
  conn.bundled('db1--leaf1', 'db1', [
    ['eth0', 'leaf1/Ethernet20'],
    ['eth1', 'leaf1/Ethernet24'],
  ]),
  server('db2'),
  conn.bundled('db2--leaf1', 'db2', [
    ['eth0', 'leaf1/Ethernet28'],
    ['eth1', 'leaf1/Ethernet32'],
  ]),
];

const PORT_CHANNEL_ROWS: readonly { name: string; portChannels: unknown; want: Record<string, number>; warnings?: readonly string[] }[] = [
  { name: 'good numbers', portChannels: { 'db1--leaf1': 9, 'db2--leaf1': 7 }, want: { 'db1--leaf1': 9, 'db2--leaf1': 7 } },
  { name: 'a number that is not an integer', portChannels: { 'db1--leaf1': 7.5, 'db2--leaf1': 7 }, want: { 'db1--leaf1': 1, 'db2--leaf1': 7 } },
  { name: 'a number written as text', portChannels: { 'db1--leaf1': '9', 'db2--leaf1': 7 }, want: { 'db1--leaf1': 1, 'db2--leaf1': 7 } },
  { name: 'a list instead of an object', portChannels: [9, 7], want: { 'db1--leaf1': 1, 'db2--leaf1': 2 } },
  { name: 'null instead of an object', portChannels: null, want: { 'db1--leaf1': 1, 'db2--leaf1': 2 } },
  {
    name: 'a number past 9999',
    portChannels: { 'db1--leaf1': 10000, 'db2--leaf1': 7 },
    want: { 'db1--leaf1': 1, 'db2--leaf1': 7 },
    warnings: ['warning WF502 Switch leaf1: db1--leaf1 had 10000, which is no longer available in the PortChannel numbers of leaf1 (1-9999); it gets a new number'],
  },
  {
    name: 'one number for two bundles',
    portChannels: { 'db1--leaf1': 7, 'db2--leaf1': 7 },
    want: { 'db1--leaf1': 7, 'db2--leaf1': 1 },
    warnings: ['warning WF502 Switch leaf1: db2--leaf1 had 7, which is no longer available in the PortChannel numbers of leaf1 (1-9999); it gets a new number'],
  },
];

for (const row of PORT_CHANNEL_ROWS) {
  test(`earlier PortChannels with ${row.name}: the PortChannels leaf1 gets`, () => {
    const previous = earlier({ switches: { leaf1: { asn: 65101, loopback: '10.0.0.1', portChannels: row.portChannels } } });
    const result = compile(resourceSet(smallFabric(), BUNDLES), { previous });
    assert.deepEqual(say(result), row.warnings ?? []);
    assert.deepEqual(result.allocations.switches['leaf1']?.portChannels, row.want);
    assert.deepEqual(underlay(result), FRESH);
  });
}

test("a switch's PortChannels come in connection order, also when a later bundle kept its number", () => {
  const previous = earlier({ switches: { leaf1: { asn: 65101, loopback: '10.0.0.1', portChannels: { 'db2--leaf1': 7 } } } });
  const result = compile(resourceSet(smallFabric(), BUNDLES), { previous });
  assert.deepEqual(say(result), []);
  assert.deepEqual(
    result.devices.get('leaf1')?.portChannels.map((p) => `${p.name} ${p.description}`),
    ['PortChannel1 db1', 'PortChannel7 db2'],
  );
  assert.deepEqual(Object.keys(result.allocations.switches['leaf1']?.portChannels ?? {}), ['db1--leaf1', 'db2--leaf1']);
});

test('a switch without a single connection has no PortChannels', () => {
  const result = compile(resourceSet(smallFabric(), sw('leaf9', 'leaf')));
  assert.deepEqual(result.allocations.switches['leaf9']?.portChannels, {});
  assert.deepEqual(result.allocations.switches['spine1']?.portChannels, {});
});

// numbered fabric links

const LINK_POLICY = policy({ underlay: { links: '10.1.0.0/29' } });
const LINK_POOL = 'the fabric link pool 10.1.0.0/29 (FabricPolicy default spec.underlay.links)';

const LINK_ROWS: readonly { name: string; links: Record<string, unknown>; want: Record<string, string>; warnings?: readonly string[] }[] = [
  {
    name: 'good /31s',
    links: { 'spine1--leaf1': '10.1.0.6/31', 'spine1--leaf2': '10.1.0.4/31', 'spine2--leaf1': '10.1.0.2/31', 'spine2--leaf2': '10.1.0.0/31' },
    want: { 'spine1--leaf1': '10.1.0.6/31', 'spine1--leaf2': '10.1.0.4/31', 'spine2--leaf1': '10.1.0.2/31', 'spine2--leaf2': '10.1.0.0/31' },
  },
  {
    name: 'a /31 written with its upper address',
    links: { 'spine1--leaf1': '10.1.0.7/31', 'spine2--leaf2': '10.1.0.2/31' },
    want: { 'spine1--leaf1': '10.1.0.6/31', 'spine1--leaf2': '10.1.0.0/31', 'spine2--leaf1': '10.1.0.4/31', 'spine2--leaf2': '10.1.0.2/31' },
  },
  {
    name: 'a /32 at an odd address',
    links: { 'spine1--leaf1': '10.1.0.3/32', 'spine2--leaf2': '10.1.0.6/31' },
    want: { 'spine1--leaf1': '10.1.0.0/31', 'spine1--leaf2': '10.1.0.2/31', 'spine2--leaf1': '10.1.0.4/31', 'spine2--leaf2': '10.1.0.6/31' },
  },
  {
    name: 'a /31 below the pool',
    links: { 'spine1--leaf1': '10.0.255.254/31', 'spine2--leaf2': '10.1.0.0/31' },
    want: { 'spine1--leaf1': '10.1.0.2/31', 'spine1--leaf2': '10.1.0.4/31', 'spine2--leaf1': '10.1.0.6/31', 'spine2--leaf2': '10.1.0.0/31' },
  },
  {
    name: 'a /31 just past the pool',
    links: { 'spine1--leaf1': '10.1.0.8/31', 'spine2--leaf2': '10.1.0.0/31' },
    want: { 'spine1--leaf1': '10.1.0.2/31', 'spine1--leaf2': '10.1.0.4/31', 'spine2--leaf1': '10.1.0.6/31', 'spine2--leaf2': '10.1.0.0/31' },
  },
  {
    name: 'text that is no prefix, and a number',
    links: { 'spine1--leaf1': 'x', 'spine1--leaf2': 167837696, 'spine2--leaf2': '10.1.0.0/31' },
    want: { 'spine1--leaf1': '10.1.0.2/31', 'spine1--leaf2': '10.1.0.4/31', 'spine2--leaf1': '10.1.0.6/31', 'spine2--leaf2': '10.1.0.0/31' },
  },
  {
    name: 'one /31 for two links',
    links: { 'spine1--leaf1': '10.1.0.4/31', 'spine2--leaf2': '10.1.0.4/31' },
    want: { 'spine1--leaf1': '10.1.0.4/31', 'spine1--leaf2': '10.1.0.0/31', 'spine2--leaf1': '10.1.0.2/31', 'spine2--leaf2': '10.1.0.6/31' },
    warnings: [`warning WF502 FabricPolicy default spec.underlay.links: spine2--leaf2 had 10.1.0.4/31, which is no longer available in ${LINK_POOL}; it gets a new number`],
  },
];

for (const row of LINK_ROWS) {
  test(`earlier fabric links with ${row.name}: the /31 each link gets`, () => {
    const result = compile(resourceSet(smallFabric(), LINK_POLICY), { previous: earlier({ links: row.links }) });
    assert.deepEqual(say(result), row.warnings ?? []);
    assert.deepEqual(result.allocations.links, row.want);
    // in connection order, as allocations.json lists them
    assert.deepEqual(Object.keys(result.allocations.links), Object.keys(row.want).sort());
  });
}

test('a fabric link pool too small for the links says so, and the links past it get no /31', () => {
  const result = compile(resourceSet(smallFabric(), policy({ underlay: { links: '10.1.0.0/30' } })));
  assert.deepEqual(say(result), [
    'error WF500 FabricPolicy default spec.underlay.links: the fabric link pool 10.1.0.0/30 (FabricPolicy default spec.underlay.links) is exhausted: 4 numbers are needed and 2 could be given',
  ]);
  assert.deepEqual(result.allocations.links, { 'spine1--leaf1': '10.1.0.0/31', 'spine1--leaf2': '10.1.0.2/31' });
});
