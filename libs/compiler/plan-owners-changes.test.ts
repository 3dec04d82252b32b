// A plan split by owner for changes the first owner tests do not make: an entry changed in
// place, a VPC's frr.conf stanza added and then removed, a switch added; and the table-by-table
// walk of two renders for entries removed and changed and tables that come and go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, planByOwner, recompile, type CompileResult, type OwnedPlans } from '#compiler';
import { configDbTables, configDbText, type SerializedTable } from '#render-sonic';
import type { AnyResource, DeviceIntent } from '#domain';
import { diffConfigDb } from './plan.js';
import { tableLines } from './plan-owners.js';
import { attach, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

function base(extra: readonly AnyResource[] = []): CompileResult {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24', db: '10.1.3.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      attach('default', 'r1', 'red/web', 'server2--leaf1'),
      extra,
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  return result;
}

/** owner -> file -> lines, of one device */
function byOwner(owned: OwnedPlans | undefined, device: string): Record<string, Record<string, readonly string[]>> {
  assert.ok(owned !== undefined, 'the change is split by owner');
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const [owner, plan] of owned.get(device) ?? []) out[owner] = Object.fromEntries(plan.files.map((f) => [f.file, f.lines]));
  return out;
}

test('an attachment turned untagged is a changed entry of its own VPC', () => {
  const before = base();
  const after = recompile(before, { upserts: [attach('default', 'b1', 'blue/web', 'server1--leaf1', true)] });
  assert.deepEqual(byOwner(planByOwner(before, after), 'leaf1'), {
    'default/blue': { 'config_db.json': ['~ VLAN_MEMBER|Vlan1001|Ethernet0 tagging_mode: tagged -> untagged'] },
  });
});

test('a subnet added to a switch and removed again: its L2VNI stanza is added, then removed, as its VPC\'s lines', () => {
  const before = base();
  const added = recompile(before, { upserts: [attach('default', 'r2', 'red/db', 'server2--leaf1')] });
  const stanza = ['  vni 10003', '   rd 10.0.0.1:1004', '   route-target import 65000:10003', '   route-target export 65000:10003', '  exit-vni'];
  const plus = byOwner(planByOwner(before, added), 'leaf1');
  assert.deepEqual(Object.keys(plus), ['default/red']);
  assert.deepEqual(plus['default/red']?.['frr.conf'], stanza.map((l) => `+ ${l}`));
  assert.ok(plus['default/red']['config_db.json']?.includes('+ VLAN_MEMBER|Vlan1004|Ethernet4 {"tagging_mode":"tagged"}'));
  const removed = recompile(added, { deletes: [{ kind: 'VPCAttachment', namespace: 'default', name: 'r2' }] });
  const minus = byOwner(planByOwner(added, removed), 'leaf1');
  assert.deepEqual(minus['default/red']?.['frr.conf'], stanza.map((l) => `- ${l}`));
  assert.ok(minus['default/red']['config_db.json']?.includes('- VLAN_MEMBER|Vlan1004|Ethernet4'));
});

test('a switch added is a change of no VPC: the plan is not split', () => {
  const before = base();
  const after = recompile(before, { upserts: [sw('leaf9', 'leaf')] });
  assert.ok(after.files.has('leaf9/config_db.json'));
  assert.equal(planByOwner(before, after), undefined);
});

/** a device rendered afresh (no earlier intent): its text, and every table serialized */
function rendered(device: DeviceIntent): { text: string; tables: ReadonlyMap<string, SerializedTable> } {
  const copy = { ...device };
  const text = configDbText(copy);
  const tables = configDbTables(copy);
  assert.ok(tables !== undefined);
  return { text, tables };
}

test('two renders walked table by table: entries removed, added and changed, and whole tables, read as the texts compare', () => {
  const empty = compile(resourceSet(smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }))).devices.get('leaf1');
  const full = base().devices.get('leaf1');
  const untagged = base([attach('default', 'b1', 'blue/web', 'server1--leaf1', true)]).devices.get('leaf1');
  assert.ok(empty !== undefined && full !== undefined && untagged !== undefined);
  for (const [x, y] of [
    [empty, full],
    [full, empty],
    [full, untagged],
  ] as const) {
    const a = rendered(x);
    const b = rendered(y);
    assert.deepEqual(tableLines(a.tables, b.tables), diffConfigDb(a.text, b.text));
  }
  const removed = tableLines(rendered(full).tables, rendered(empty).tables);
  assert.ok(removed?.includes('- VRF|Vrf1'), removed?.join('\n'));
  assert.ok(removed?.every((l) => l.startsWith('- ') || l.startsWith('~ ')));
  assert.deepEqual(tableLines(rendered(full).tables, rendered(untagged).tables), ['~ VLAN_MEMBER|Vlan1001|Ethernet0 tagging_mode: tagged -> untagged']);
});
