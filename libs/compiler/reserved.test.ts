// Numbers the architecture team reserves in the FabricPolicy (spec.pools.reserved) are never
// handed out by the compiler: not as VNIs, not as per-switch VLANs, not as trunk-domain VLANs,
// and not to an owner that had one before the range was reserved. Checked on what a user sees:
// the VPC's status and the device files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FabricPolicySpec } from '#api';
import { compile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { attach, policy, smallFabric, vpc } from '../../test/support/builders.js';

/** dist/libs/compiler/reserved.test.js -> the repository root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const POOLS = { vlan: { start: 1000, end: 1099 }, vni: { start: 10000, end: 10099 } };

/** Two L3VNI VPCs, each with one subnet attached on leaf1. */
function fabric(reserved?: NonNullable<FabricPolicySpec['pools']>['reserved']): AnyResource[] {
  return [
    ...smallFabric({ leaves: 2 }),
    policy({ pools: { ...POOLS, ...(reserved === undefined ? {} : { reserved }) } }),
    vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
    vpc('default', 'green', 'acme', { web: '10.2.1.0/24' }),
    attach('default', 'blue-web', 'blue/web', 'server1--leaf1'),
    attach('default', 'green-web', 'green/web', 'server1--leaf1'),
  ];
}

/** Compiles; the diagnostics must be exactly `expected` (none by default). */
function compileClean(resources: readonly AnyResource[], previous?: CompileResult, expected: readonly string[] = []): CompileResult {
  const result = compile(groupResources(resources), previous === undefined ? {} : { previous: previous.allocations });
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`),
    expected,
  );
  return result;
}

/** VNIs as the VPCs' status shows them: L3VNI, then each subnet's. */
function vnis(result: CompileResult): Record<string, number[]> {
  return Object.fromEntries(
    [...result.vpcStatus].map(([key, status]) => [key, [status.vni, ...Object.values(status.subnets ?? {}).map((s) => s.vni)].filter((v): v is number => v !== undefined)]),
  );
}

/** The VLANs of a switch's CONFIG_DB (`Vlan1000` -> 1000). */
function configDbVlans(result: CompileResult, sw: string): number[] {
  const db = JSON.parse(result.files.get(`${sw}/config_db.json`) ?? '{}') as { VLAN?: Record<string, unknown> };
  return Object.keys(db.VLAN ?? {})
    .map((name) => Number(name.replace('Vlan', '')))
    .sort((a, b) => a - b);
}

/** The VNIs leaf1's CONFIG_DB maps (VXLAN_TUNNEL_MAP) and its frr.conf names. */
function deviceVnis(result: CompileResult, sw: string): { configDb: number[]; frr: number[] } {
  const db = JSON.parse(result.files.get(`${sw}/config_db.json`) ?? '{}') as { VXLAN_TUNNEL_MAP?: Record<string, { vni: string }> };
  const frr = result.files.get(`${sw}/frr.conf`) ?? '';
  return {
    configDb: Object.values(db.VXLAN_TUNNEL_MAP ?? {})
      .map((m) => Number(m.vni))
      .sort((a, b) => a - b),
    frr: [...frr.matchAll(/^\s*vni (\d+)$/gm)].map((m) => Number(m[1])).sort((a, b) => a - b),
  };
}

test('without reservations the VPCs take the first VNIs and VLANs of the pools (what the reservations move away from)', () => {
  const result = compileClean(fabric());
  assert.deepEqual(vnis(result), { 'default/blue': [10000, 10001], 'default/green': [10002, 10003] });
  assert.deepEqual(configDbVlans(result, 'leaf1'), [1000, 1001, 1002, 1003]);
});

test('reserved VNIs are skipped: the VPCs, CONFIG_DB and frr.conf carry only numbers outside the reserved ranges', () => {
  const result = compileClean(fabric({ vni: [{ start: 10000, end: 10001 }, { start: 10003, end: 10003 }] }));
  assert.deepEqual(vnis(result), { 'default/blue': [10002, 10004], 'default/green': [10005, 10006] });
  const leaf1 = deviceVnis(result, 'leaf1');
  assert.deepEqual(leaf1.configDb, [10002, 10004, 10005, 10006]);
  assert.deepEqual(leaf1.frr, [10002, 10004, 10005, 10006]);
});

test('reserved VLANs are skipped on every switch', () => {
  const result = compileClean(fabric({ vlan: [{ start: 1000, end: 1000 }, { start: 1002, end: 1003 }] }));
  assert.deepEqual(configDbVlans(result, 'leaf1'), [1001, 1004, 1005, 1006]);
});

test('an owner whose number became reserved moves off it, even with the earlier allocations, with a warning that says so', () => {
  const before = compileClean(fabric());
  const after = compileClean(fabric({ vni: [{ start: 10000, end: 10000 }], vlan: [{ start: 1000, end: 1000 }] }), before, [
    'warning WF502 FabricPolicy default spec.pools.vni: default/blue had 10000, which is no longer available in the VNI pool 10000-10099 (FabricPolicy default spec.pools.vni); it gets a new number',
    'warning WF502 Switch leaf1: default/blue had 1000, which is no longer available in the VLAN pool 1000-1099 of switch leaf1 (FabricPolicy default spec.pools.vlan); it gets a new number',
  ]);
  const now = vnis(after);
  assert.ok(!Object.values(now).flat().includes(10000), JSON.stringify(now));
  // the others keep theirs
  assert.deepEqual(now['default/green'], [10002, 10003]);
  assert.equal(now['default/blue']?.[1], 10001);
  assert.ok(!configDbVlans(after, 'leaf1').includes(1000));
});

test('a reservation that covers the whole pool leaves nothing to hand out, and says which pool', () => {
  compileClean(fabric({ vni: [{ start: 10000, end: 10099 }] }), undefined, [
    'error WF500 FabricPolicy default spec.pools.vni: the VNI pool 10000-10099 (FabricPolicy default spec.pools.vni) is exhausted: 4 numbers are needed and 0 could be given',
  ]);
});

test('reserved VLANs are skipped by trunk-domain VLANs too (wiring/trunk-lab.yaml + examples/trunk)', () => {
  const files = ['wiring/trunk-lab.yaml', ...readdirSync(join(ROOT, 'examples/trunk')).filter((f) => f.endsWith('.yaml')).map((f) => `examples/trunk/${f}`)];
  const docs = files.flatMap((file) => parseFileText(readFileSync(join(ROOT, file), 'utf8'), file).docs);
  const parsed = parseDocuments(docs);
  assert.deepEqual(parsed.diagnostics, []);
  const withReserved = (reserved: NonNullable<FabricPolicySpec['pools']>['reserved']): AnyResource[] =>
    parsed.resources.map((r) => (r.kind === 'FabricPolicy' ? { ...r, spec: { ...r.spec, pools: { ...r.spec.pools, reserved } } } : r));
  const domainVlans = (result: CompileResult): number[] =>
    Object.values(result.vpcStatus.get('legacy/billing')?.subnets ?? {})
      .map((s) => s.vlan)
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
  const plain = domainVlans(compileClean(parsed.resources));
  assert.ok(plain.length > 0 && plain[0] === 1000, JSON.stringify(plain));
  const reserved = domainVlans(compileClean(withReserved({ vlan: [{ start: 1000, end: 1009 }] })));
  assert.equal(reserved.length, plain.length);
  assert.ok(reserved.every((v) => v >= 1010), JSON.stringify(reserved));
});
