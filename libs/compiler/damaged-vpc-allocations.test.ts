// VPC and External numbers read back from an earlier allocations.json that may be damaged,
// hand-edited or from an older policy. Each row damages one number and states the numbers the
// compile gives: the damaged one is replaced by the lowest free number (with a warning when it
// was a number no longer available), every good one is kept, so nothing else is renumbered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllocations, type Allocations } from '#allocator';
import { compile, recompile, type CompileResult } from '#compiler';
import type { AnyResource } from '#domain';
import { attach, conn, external, externalAttach, policy, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

const say = (result: CompileResult): string[] => result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`);

/** An allocations.json with these sections, read as the CLI and the service read it. */
function earlier(sections: Record<string, unknown>): Allocations {
  const parsed = parseAllocations(JSON.parse(JSON.stringify({ version: 1, ...sections })), 'test');
  assert.ok(parsed.allocations, JSON.stringify(parsed.diagnostics));
  return parsed.allocations;
}

/** smallFabric with a border and an uplink to an ISP. */
const FABRIC: readonly AnyResource[] = [
  ...smallFabric(),
  sw('border1', 'border', 'frr'),
  conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/eth0'),
  conn.external('border1--isp', 'border1/eth2', '192.0.2.1/31', '192.0.2.0', 64999),
];
const BLUE: readonly AnyResource[] = [
  vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', app: '10.1.2.0/24' }),
  attach('default', 'b1', 'blue/web', 'server1--leaf1'),
  attach('default', 'b2', 'blue/app', 'server3--leaf2'),
];
const INET: readonly AnyResource[] = [external('default', 'inet', ['0.0.0.0/0']), externalAttach('default', 'inet-isp', 'inet', 'border1--isp')];

/** The numbers of blue and inet, one line each. */
function overlay(result: CompileResult): string[] {
  const blue = result.allocations.vpcs['default/blue'];
  const inet = result.allocations.externals['default/inet'];
  return [
    `blue vrf ${blue?.vrf} vni ${blue?.vni} web ${blue?.subnets['web']?.vni} app ${blue?.subnets['app']?.vni}`,
    `inet vrf ${inet?.vrf} vni ${inet?.vni}`,
  ];
}

/** Earlier numbers far from the fresh ones (blue vrf 1, vnis 10000-10002; inet vrf 2, vni 10003). */
const KEPT_BLUE = { isolation: 'evpn-l3vni', vrf: 7, vni: 10020, subnets: { web: { vni: 10021 }, app: { vni: 10022 } } };
const KEPT_INET = { vrf: 9, vni: 10030 };

interface OverlayRow {
  readonly name: string;
  /** blue's earlier entry */
  readonly blue: Record<string, unknown>;
  readonly want: string;
  readonly warnings?: readonly string[];
  readonly resources?: readonly AnyResource[];
}

const VRF_POOL = 'the VRF id pool 1-4000 (FabricPolicy (defaults) spec.pools.vrf)';
const VNI_POOL = 'the VNI pool 10000-999999 (FabricPolicy (defaults) spec.pools.vni)';

const ROWS: readonly OverlayRow[] = [
  { name: 'good numbers', blue: KEPT_BLUE, want: 'blue vrf 7 vni 10020 web 10021 app 10022' },
  { name: 'a VRF id that is not an integer', blue: { ...KEPT_BLUE, vrf: 7.5 }, want: 'blue vrf 1 vni 10020 web 10021 app 10022' },
  { name: 'a VRF id written as text', blue: { ...KEPT_BLUE, vrf: '7' }, want: 'blue vrf 1 vni 10020 web 10021 app 10022' },
  {
    name: 'a VRF id past the pool',
    blue: { ...KEPT_BLUE, vrf: 4001 },
    want: 'blue vrf 1 vni 10020 web 10021 app 10022',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.pools.vrf: default/blue had 4001, which is no longer available in ${VRF_POOL}; it gets a new number`],
  },
  {
    name: "the External's VRF id",
    blue: { ...KEPT_BLUE, vrf: 9 },
    want: 'blue vrf 9 vni 10020 web 10021 app 10022',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.pools.vrf: external:default/inet had 9, which is no longer available in ${VRF_POOL}; it gets a new number`],
  },
  { name: 'an L3VNI written as text', blue: { ...KEPT_BLUE, vni: '10020' }, want: 'blue vrf 7 vni 10000 web 10021 app 10022' },
  { name: 'an L3VNI that is not an integer', blue: { ...KEPT_BLUE, vni: 10020.5 }, want: 'blue vrf 7 vni 10000 web 10021 app 10022' },
  {
    name: 'an L3VNI below the pool',
    blue: { ...KEPT_BLUE, vni: 5 },
    want: 'blue vrf 7 vni 10000 web 10021 app 10022',
    warnings: [`warning WF502 FabricPolicy (defaults) spec.pools.vni: default/blue had 5, which is no longer available in ${VNI_POOL}; it gets a new number`],
  },
  { name: 'a subnet VNI written as text', blue: { ...KEPT_BLUE, subnets: { web: { vni: '10021' }, app: { vni: 10022 } } }, want: 'blue vrf 7 vni 10020 web 10000 app 10022' },
  { name: 'a subnet entry that is a list', blue: { ...KEPT_BLUE, subnets: { web: [10021], app: { vni: 10022 } } }, want: 'blue vrf 1 vni 10000 web 10002 app 10001' },
  {
    name: 'a subnet VNI the policy reserves',
    blue: KEPT_BLUE,
    resources: [policy({ pools: { reserved: { vni: [{ start: 10021, end: 10021 }] } } })],
    want: 'blue vrf 7 vni 10020 web 10000 app 10022',
    warnings: ['warning WF502 FabricPolicy default spec.pools.vni: default/blue/web had 10021, which is no longer available in the VNI pool 10000-999999 (FabricPolicy default spec.pools.vni); it gets a new number'],
  },
  {
    name: "the External's VNI as a subnet VNI",
    blue: { ...KEPT_BLUE, subnets: { web: { vni: 10030 }, app: { vni: 10022 } } },
    want: 'blue vrf 7 vni 10020 web 10030 app 10022',
    warnings: [
      `warning WF502 FabricPolicy (defaults) spec.pools.vni: external:default/inet had 10030, which is no longer available in ${VNI_POOL}; it gets a new number`,
      'error WF501 allocations vpcs: VNI 10030 has 2 owners in the earlier allocations: default/blue/web, external:default/inet',
    ],
  },
];

for (const row of ROWS) {
  test(`an earlier VPC entry with ${row.name}: the numbers the compile gives`, () => {
    const previous = earlier({ vpcs: { 'default/blue': row.blue }, externals: { 'default/inet': KEPT_INET } });
    const result = compile(resourceSet(FABRIC, BLUE, INET, row.resources ?? []), { previous });
    assert.deepEqual(say(result), row.warnings ?? []);
    const inetLost = (row.warnings ?? []).some((w) => w.includes('external:default/inet had 10030'));
    const inetVrfLost = (row.warnings ?? []).some((w) => w.includes('external:default/inet had 9'));
    assert.deepEqual(overlay(result), [row.want, `inet vrf ${inetVrfLost ? 1 : 9} vni ${inetLost ? 10000 : 10030}`]);
  });
}

test('an External the VRF id pool has no room for gets no numbers, and the pool says so', () => {
  const result = compile(resourceSet(FABRIC, BLUE, INET, policy({ pools: { vrf: { start: 1, end: 1 } } })));
  assert.deepEqual(say(result), [
    'error WF500 FabricPolicy default spec.pools.vrf: the VRF id pool 1-1 (FabricPolicy default spec.pools.vrf) is exhausted: 2 numbers are needed and 1 could be given',
  ]);
  assert.deepEqual(overlay(result), ['blue vrf 1 vni 10000 web 10002 app 10001', 'inet vrf undefined vni undefined']);
  assert.deepEqual(result.allocations.externals, {});
});

test('an External the VNI pool has no room for gets no numbers, and the pool says so', () => {
  const result = compile(resourceSet(FABRIC, BLUE, INET, policy({ pools: { vni: { start: 10000, end: 10002 } } })));
  assert.deepEqual(say(result), [
    'error WF500 FabricPolicy default spec.pools.vni: the VNI pool 10000-10002 (FabricPolicy default spec.pools.vni) is exhausted: 4 numbers are needed and 3 could be given',
  ]);
  assert.deepEqual(result.allocations.externals, {});
});

test('an External that comes back gets its quarantined VNI again, and the quarantine lets it go', () => {
  const quarantine = [
    { pool: 'vni', value: 10050, owner: 'external:default/inet', since: 1 },
    { pool: 'vni', value: 10051, owner: 'default/blue/web', since: 1 },
  ];
  const result = compile(resourceSet(FABRIC, BLUE, INET), { previous: earlier({ generation: 1, quarantine }) });
  assert.deepEqual(say(result), []);
  assert.deepEqual(overlay(result), ['blue vrf 1 vni 10000 web 10051 app 10001', 'inet vrf 2 vni 10050']);
  assert.deepEqual(result.allocations.quarantine, []);
});

test('Externals take their numbers in name order, whatever order they are given in', () => {
  const result = compile(resourceSet(FABRIC, BLUE, INET, external('default', 'aaa', ['198.51.100.0/24'])));
  assert.deepEqual(say(result), []);
  assert.deepEqual(result.allocations.externals, { 'default/aaa': { vrf: 2, vni: 10003 }, 'default/inet': { vrf: 3, vni: 10004 } });
});

test('VPCs added by one recompile take their numbers in name order, whatever order the change lists them in', () => {
  const first = compile(resourceSet(FABRIC, BLUE));
  const added = recompile(first, {
    upserts: [vpc('default', 'zeta', 'acme', { z: '10.3.1.0/24' }), vpc('default', 'alpha', 'acme', { a: '10.2.1.0/24' })],
  });
  assert.deepEqual(say(added), []);
  const numbers = (key: string): string => {
    const v = added.allocations.vpcs[key];
    return `vrf ${v?.vrf} vni ${v?.vni} subnets ${JSON.stringify(v?.subnets)}`;
  };
  assert.equal(numbers('default/alpha'), 'vrf 2 vni 10003 subnets {"a":{"vni":10004}}');
  assert.equal(numbers('default/zeta'), 'vrf 3 vni 10005 subnets {"z":{"vni":10006}}');
  assert.equal(numbers('default/blue'), 'vrf 1 vni 10000 subnets {"app":{"vni":10001},"web":{"vni":10002}}');
});

test('a recompile that deletes one VPC and adds another gives the new one fresh numbers and no warning', () => {
  const first = compile(resourceSet(FABRIC, BLUE, vpc('default', 'green', 'acme', { g: '10.5.1.0/24' })));
  assert.deepEqual(first.allocations.vpcs['default/green'], { isolation: 'evpn-l3vni', vrf: 2, vni: 10003, subnets: { g: { vni: 10004 } } });
  const changed = recompile(first, { deletes: [{ kind: 'VPC', name: 'green' }], upserts: [vpc('default', 'alpha', 'acme', { a: '10.2.1.0/24' })] });
  assert.deepEqual(say(changed), []);
  // green's VRF id is not handed out in the compile that frees it, and its VNIs are quarantined
  assert.deepEqual(changed.allocations.vpcs['default/alpha'], { isolation: 'evpn-l3vni', vrf: 3, vni: 10005, subnets: { a: { vni: 10006 } } });
  assert.deepEqual(changed.allocations.vpcs['default/blue'], first.allocations.vpcs['default/blue']);
  assert.deepEqual(
    changed.allocations.quarantine.map((q) => `${q.owner} ${q.value}`),
    ['default/green 10003', 'default/green/g 10004'],
  );
});

// trunk-domain VLANs (the vlan method)

const VLAN_POLICY = policy({ isolation: { default: 'vlan' } });
const TRUNK = conn.trunk('leaf1--leaf2', 'leaf1/Ethernet40', 'leaf2/Ethernet40');
const RED = [vpc('default', 'red', 'acme', { x: '10.1.1.0/24' }), attach('default', 'r1', 'red/x', 'server1--leaf1')];
const GREEN = [vpc('default', 'green', 'acme', { y: '10.2.1.0/24' }), attach('default', 'g1', 'green/y', 'server3--leaf2')];
/** blue/b on leaf1, blue/a on leaf2 (and on leaf1, its gateway) */
const TRUNKED_BLUE = [vpc('default', 'blue', 'acme', { a: '10.3.1.0/24', b: '10.3.2.0/24' }), attach('default', 'bb', 'blue/b', 'server1--leaf1'), attach('default', 'ba', 'blue/a', 'server3--leaf2')];

const vlansOf = (result: CompileResult, key: string): Record<string, number | undefined> =>
  Object.fromEntries(Object.entries(result.allocations.vpcs[key]?.subnets ?? {}).map(([name, s]) => [name, s.vlan]));

test('vlan VPCs on two switches without a trunk each take the first VLAN of their own switch', () => {
  const result = compile(resourceSet(smallFabric(), VLAN_POLICY, RED, GREEN));
  assert.deepEqual(say(result), []);
  assert.deepEqual(vlansOf(result, 'default/red'), { x: 1000 });
  assert.deepEqual(vlansOf(result, 'default/green'), { y: 1000 });
});

const VLAN_ROWS: readonly { name: string; subnets: Record<string, unknown>; want: Record<string, number>; warnings?: readonly string[] }[] = [
  { name: 'good VLANs', subnets: { a: { vlan: 1008 }, b: { vlan: 1007 } }, want: { a: 1008, b: 1007 } },
  { name: 'a VLAN written as text', subnets: { a: { vlan: '1008' }, b: { vlan: 1007 } }, want: { a: 1000, b: 1007 } },
  {
    name: 'a VLAN below the pool',
    subnets: { a: { vlan: 5 }, b: { vlan: 1007 } },
    want: { a: 1000, b: 1007 },
    warnings: ['warning WF502 FabricPolicy default spec.pools.vlan: default/blue/a had 5, which is no longer available in the VLAN pool 1000-3999 of trunk domain leaf1 (FabricPolicy default spec.pools.vlan); it gets a new number'],
  },
];

for (const row of VLAN_ROWS) {
  test(`an earlier vlan VPC with ${row.name}: the VLANs of its trunk domain`, () => {
    const previous = earlier({ vpcs: { 'default/blue': { isolation: 'vlan', vrf: 1, subnets: row.subnets } } });
    const result = compile(resourceSet(smallFabric(), VLAN_POLICY, TRUNK, TRUNKED_BLUE), { previous });
    assert.deepEqual(say(result), row.warnings ?? []);
    assert.deepEqual(vlansOf(result, 'default/blue'), row.want);
  });
}

test('a VLAN out of the pool on a switch of its own names the switch', () => {
  const previous = earlier({ vpcs: { 'default/red': { isolation: 'vlan', vrf: 1, subnets: { x: { vlan: 4000 } } } } });
  const result = compile(resourceSet(smallFabric(), VLAN_POLICY, RED), { previous });
  assert.deepEqual(say(result), [
    'warning WF502 FabricPolicy default spec.pools.vlan: default/red/x had 4000, which is no longer available in the VLAN pool 1000-3999 of trunk domain switch:leaf1 (FabricPolicy default spec.pools.vlan); it gets a new number',
  ]);
  assert.deepEqual(vlansOf(result, 'default/red'), { x: 1000 });
});

test("a trunk domain's subnets take VLANs in name order, whichever switch each is on", () => {
  const result = compile(resourceSet(smallFabric(), VLAN_POLICY, TRUNK, TRUNKED_BLUE));
  assert.deepEqual(say(result), []);
  assert.deepEqual(vlansOf(result, 'default/blue'), { a: 1000, b: 1001 });
});

test("a trunk domain keeps clear of a VLAN a switch of it had for another owner, and not of a damaged one", () => {
  const switches = { leaf2: { asn: 65102, loopback: '10.0.0.2', vlans: { 'default/old/q': 1000, 'default/old/r': '1001', 'default/blue/a': 1002 } } };
  const result = compile(resourceSet(smallFabric(), VLAN_POLICY, TRUNK, TRUNKED_BLUE), { previous: earlier({ switches }) });
  assert.deepEqual(say(result), []);
  assert.deepEqual(vlansOf(result, 'default/blue'), { a: 1001, b: 1002 });
});

test('vlan VPCs added by one recompile take VLANs in name order, whatever order they are kept in', () => {
  // the compile keeps placements in a map that iterates teal before red
  const teal = [vpc('default', 'teal', 'acme', { t: '10.4.1.0/24' }), attach('default', 't1', 'teal/t', 'server3--leaf2')];
  const first = compile(resourceSet(smallFabric(), VLAN_POLICY, TRUNK));
  const added = recompile(first, { upserts: [...teal, ...RED] });
  assert.deepEqual(say(added), []);
  assert.deepEqual(vlansOf(added, 'default/red'), { x: 1000 });
  assert.deepEqual(vlansOf(added, 'default/teal'), { t: 1001 });
});
