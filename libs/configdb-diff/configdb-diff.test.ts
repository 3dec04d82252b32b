import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WEFT_OWNED_CONFIGDB_TABLES } from '#render-sonic';
import { REPO_ROOT } from '#testing';
import { ConfigDbShapeError, applyWrites, breakoutConflicts, entriesFromConfigDb, planConfigDb, recordIntent, weftOwnership, type Entries, type PlanInput } from './index.js';

const OWNERSHIP = weftOwnership(WEFT_OWNED_CONFIGDB_TABLES);
const LEAF1 = entriesFromConfigDb(JSON.parse(readFileSync(join(REPO_ROOT, 'test/golden/cases/lab/expected/leaf1/config_db.json'), 'utf8')));

function plan(desired: Entries, actual: Entries, previous?: Entries): ReturnType<typeof planConfigDb> {
  const input: PlanInput = { desired, actual, ownership: OWNERSHIP, ...(previous === undefined ? {} : { previous }) };
  return planConfigDb(input);
}

function applyAll(actual: Entries, p: ReturnType<typeof planConfigDb>, groups = p.groups.length): Entries {
  return p.groups.slice(0, groups).reduce((entries, g) => applyWrites(entries, g.writes), actual);
}

/** The index of the first group that writes `key` (with a field, when given). */
function groupOf(p: ReturnType<typeof planConfigDb>, key: string, field?: string): number {
  return p.groups.findIndex((g) => g.writes.some((w) => w.key === key && (field === undefined || (w.op === 'hset' && field in w.fields))));
}

test('config_db.json becomes Redis hashes: empty entries get the NULL placeholder when written, lists become field@', () => {
  const entries = entriesFromConfigDb({ VLAN: { Vlan10: { vlanid: '10', dhcp_servers: ['192.0.2.1', '192.0.2.2'], mtu: 9100 } }, LOOPBACK_INTERFACE: { Loopback0: {} } });
  assert.deepEqual(entries['VLAN|Vlan10'], { vlanid: '10', 'dhcp_servers@': '192.0.2.1,192.0.2.2', mtu: '9100' });
  const first = plan(entries, {});
  const written = applyAll({}, first);
  assert.deepEqual(written['LOOPBACK_INTERFACE|Loopback0'], { NULL: 'NULL' });
});

test('a malformed desired config_db names the table, the key and the field', () => {
  assert.throws(() => entriesFromConfigDb({ VLAN: { Vlan10: { vlanid: null } } }), (e: unknown) => e instanceof ConfigDbShapeError && /configDb\.VLAN\["Vlan10"\]\.vlanid/.test(e.message));
  assert.throws(() => entriesFromConfigDb({ VLAN: ['Vlan10'] }), /configDb\.VLAN: must be an object of entries/);
  assert.throws(() => entriesFromConfigDb('{}'), /configDb: must be an object of tables/);
});

test('the first apply of a leaf creates what is referenced before what refers to it', () => {
  const p = plan(LEAF1, {});
  assert.equal(p.changes.length, Object.keys(LEAF1).length, 'every key is a change');
  assert.ok(p.changes.every((c) => c.op === 'set'));
  assert.ok(groupOf(p, 'VRF|Vrf1') < groupOf(p, 'VLAN_INTERFACE|Vlan1001'), 'VRF before VLAN_INTERFACE');
  assert.ok(groupOf(p, 'VLAN|Vlan1001') < groupOf(p, 'VLAN_MEMBER|Vlan1001|Ethernet0'), 'VLAN before VLAN_MEMBER');
  assert.ok(groupOf(p, 'VLAN_INTERFACE|Vlan1001') < groupOf(p, 'VLAN_INTERFACE|Vlan1001|10.10.1.1/24'), 'the SVI before its address');
  assert.ok(groupOf(p, 'VXLAN_TUNNEL|vtep1') < groupOf(p, 'VXLAN_EVPN_NVO|nvo1'), 'VXLAN_TUNNEL before VXLAN_EVPN_NVO');
  assert.ok(groupOf(p, 'VXLAN_EVPN_NVO|nvo1') < groupOf(p, 'VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan1000'), 'the NVO before the maps');
  assert.ok(groupOf(p, 'VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan1000') < groupOf(p, 'VRF|Vrf1', 'vni'), "the map before the VRF's vni");
  assert.deepEqual(applyAll({}, p), LEAF1, 'the result is exactly the desired config');
  assert.deepEqual(plan(LEAF1, applyAll({}, p)).groups, [], 'applying again changes nothing');
});

test('a VRF is never without fields on the way: its vni comes last, the placeholder goes', () => {
  const p = plan({ 'VRF|Vrf9': { vni: '9000' } }, {});
  assert.deepEqual(
    p.groups.map((g) => g.writes),
    [[{ op: 'hset', key: 'VRF|Vrf9', fields: { NULL: 'NULL' } }], [{ op: 'hset', key: 'VRF|Vrf9', fields: { vni: '9000' } }, { op: 'hdel', key: 'VRF|Vrf9', fields: ['NULL'] }]],
  );
});

test('removing a VPC deletes in reverse order: the VRF vni first, the map before the VLAN, the VRF last', () => {
  const without = Object.fromEntries(Object.entries(LEAF1).filter(([k]) => !/Vlan100[23]|Vrf2|map_1000[45]/.test(k)));
  const p = plan(without, LEAF1);
  assert.ok(p.changes.every((c) => c.op === 'delete'));
  const deleted = p.changes.map((c) => c.key);
  assert.ok(deleted.indexOf('VXLAN_TUNNEL_MAP|vtep1|map_10004_Vlan1002') < deleted.indexOf('VLAN|Vlan1002'));
  assert.ok(deleted.indexOf('VLAN_MEMBER|Vlan1003|Ethernet4') < deleted.indexOf('VLAN|Vlan1003'));
  assert.ok(deleted.indexOf('VLAN_INTERFACE|Vlan1003|10.20.1.1/24') < deleted.indexOf('VLAN_INTERFACE|Vlan1003'));
  assert.ok(deleted.indexOf('VLAN_INTERFACE|Vlan1002') < deleted.indexOf('VRF|Vrf2'));
  assert.equal(deleted.at(-1), 'VRF|Vrf2');
  assert.deepEqual(applyAll(LEAF1, p), without);
});

test('PORT is merged: the platform keeps its lanes, speed, alias and any field Weft never wrote', () => {
  const actual: Entries = {
    ...LEAF1,
    'PORT|Ethernet0': { lanes: '65,66,67,68', speed: '40000', alias: 'fortyGigE0/0', index: '0', fec: 'rs', admin_status: 'down', mtu: '9100', description: 'server1/eth0' },
  };
  const p = plan(LEAF1, actual);
  assert.deepEqual(p.changes, [{ op: 'modify', key: 'PORT|Ethernet0', detail: 'admin_status down -> up, mtu 9100 -> 9000' }]);
  const after = applyAll(actual, p);
  assert.deepEqual(after['PORT|Ethernet0'], { lanes: '65,66,67,68', speed: '40000', alias: 'fortyGigE0/0', index: '0', fec: 'rs', admin_status: 'up', mtu: '9000', description: 'server1/eth0' });
});

test('a PORT entry that is missing is written whole, lanes and speed included; a PORT is never deleted', () => {
  const actual = Object.fromEntries(Object.entries(LEAF1).filter(([k]) => k !== 'PORT|Ethernet4'));
  assert.deepEqual(applyAll(actual, plan(LEAF1, actual))['PORT|Ethernet4'], LEAF1['PORT|Ethernet4']);
  const fewer = Object.fromEntries(Object.entries(LEAF1).filter(([k]) => k !== 'PORT|Ethernet4'));
  const p = plan(fewer, LEAF1, LEAF1);
  assert.deepEqual(p.changes.map((c) => [c.op, c.key]), [['modify', 'PORT|Ethernet4']], 'only the fields Weft wrote go');
  assert.deepEqual(applyAll(LEAF1, p)['PORT|Ethernet4'], { lanes: '5,6,7,8', speed: '100000' });
});

test('a key of a table Weft does not own is removed only when the record says Weft wrote it', () => {
  const withoutNtp = Object.fromEntries(Object.entries(LEAF1).filter(([k]) => !k.startsWith('NTP_SERVER')));
  assert.deepEqual(plan(withoutNtp, LEAF1).changes, [], 'no record: not ours to remove');
  assert.deepEqual(plan(withoutNtp, LEAF1, LEAF1).changes.map((c) => [c.op, c.key]), [['delete', 'NTP_SERVER|192.0.2.123']]);
  const foreign = { ...LEAF1, 'NTP_SERVER|192.0.2.9': { iburst: 'on' } };
  assert.deepEqual(plan(LEAF1, foreign, LEAF1).changes, [], "someone else's NTP server stays");
});

test('a key in a table Weft owns whole that Weft does not want is removed (a VLAN member added by hand)', () => {
  const actual = { ...LEAF1, 'VLAN_MEMBER|Vlan1001|Ethernet4': { tagging_mode: 'tagged' }, 'BGP_NEIGHBOR|10.0.0.1': { asn: '65000' } };
  const p = plan(LEAF1, actual);
  assert.deepEqual(p.changes.map((c) => [c.op, c.key]).sort(), [['delete', 'BGP_NEIGHBOR|10.0.0.1'], ['delete', 'VLAN_MEMBER|Vlan1001|Ethernet4']]);
});

test('hand-deleted and hand-modified keys are each one change, restored exactly', () => {
  const actual: Record<string, Record<string, string>> = { ...LEAF1 };
  delete actual['VLAN_MEMBER|Vlan1001|Ethernet0'];
  actual['VXLAN_TUNNEL_MAP|vtep1|map_10003_Vlan1001'] = { vlan: 'Vlan1001', vni: '99999' };
  actual['VLAN|Vlan1001'] = { ...LEAF1['VLAN|Vlan1001'], extra: 'x' };
  const p = plan(LEAF1, actual);
  assert.deepEqual(
    p.changes.map((c) => [c.op, c.key, c.detail]),
    [
      ['modify', 'VLAN|Vlan1001', 'extra=x not wanted'],
      ['set', 'VLAN_MEMBER|Vlan1001|Ethernet0', 'tagging_mode=untagged'],
      ['modify', 'VXLAN_TUNNEL_MAP|vtep1|map_10003_Vlan1001', 'vni 99999 -> 10003'],
    ],
  );
  assert.deepEqual(applyAll(actual, p), LEAF1);
});

test('moving an SVI to another VRF re-creates it and its addresses (intfmgrd refuses it in place)', () => {
  const desired = { ...LEAF1, 'VLAN_INTERFACE|Vlan1001': { static_anycast_gateway: 'true', vrf_name: 'Vrf2' } };
  const p = plan(desired, LEAF1);
  assert.deepEqual(p.changes.map((c) => [c.op, c.key]), [['modify', 'VLAN_INTERFACE|Vlan1001']]);
  const writes = p.groups.flatMap((g) => g.writes).map((w) => `${w.op} ${w.key}`);
  assert.deepEqual(writes, ['del VLAN_INTERFACE|Vlan1001|10.10.1.1/24', 'del VLAN_INTERFACE|Vlan1001', 'hset VLAN_INTERFACE|Vlan1001', 'hset VLAN_INTERFACE|Vlan1001|10.10.1.1/24']);
  assert.deepEqual(applyAll(LEAF1, p), desired);
});

test("a VRF's new VNI: the old vni goes before the old map, the new one after the new map", () => {
  const desired: Record<string, Record<string, string>> = { ...LEAF1, 'VRF|Vrf1': { vni: '20000' }, 'VXLAN_TUNNEL_MAP|vtep1|map_20000_Vlan1000': { vlan: 'Vlan1000', vni: '20000' } };
  delete desired['VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan1000'];
  const p = plan(desired, LEAF1);
  const at = (predicate: (w: { op: string; key: string; fields?: unknown }) => boolean): number => p.groups.findIndex((g) => g.writes.some(predicate));
  const vniRemoved = at((w) => w.key === 'VRF|Vrf1' && w.op === 'hdel');
  const oldMapRemoved = at((w) => w.key === 'VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan1000');
  const newMap = at((w) => w.key === 'VXLAN_TUNNEL_MAP|vtep1|map_20000_Vlan1000');
  const vniSet = at((w) => w.key === 'VRF|Vrf1' && w.op === 'hset' && JSON.stringify(w.fields) === '{"vni":"20000"}');
  assert.ok(vniRemoved < oldMapRemoved && oldMapRemoved < newMap && newMap < vniSet, JSON.stringify(p.groups, null, 1));
  assert.deepEqual(applyAll(LEAF1, p), desired);
});

test('stopped after any group, the next plan finishes the job: nothing missing, nothing left over', () => {
  const older: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(LEAF1).filter(([k]) => !/Vlan1003|map_10005/.test(k)));
  older['SYSLOG_SERVER|192.0.2.99'] = { port: '514' };
  older['VLAN_INTERFACE|Vlan1001'] = { static_anycast_gateway: 'true', vrf_name: 'Vrf2' };
  const base = { ...older, 'PORT|Ethernet0': { ...older['PORT|Ethernet0'], alias: 'platform-alias' } };
  const first = plan(LEAF1, base, older);
  assert.ok(first.groups.length >= 5, `a plan with several groups (${first.groups.length})`);
  const intent = recordIntent(older, LEAF1);
  for (let stopped = 0; stopped <= first.groups.length; stopped++) {
    const partial = applyAll(base, first, stopped);
    for (const [key, fields] of Object.entries(partial)) assert.ok(Object.keys(fields).length > 0, `${key} is never an empty hash`);
    const rest = plan(LEAF1, partial, intent);
    const finished = applyAll(partial, rest);
    const expected = { ...LEAF1, 'PORT|Ethernet0': { ...LEAF1['PORT|Ethernet0'], alias: 'platform-alias' } };
    assert.deepEqual(finished, expected, `stopped after ${stopped} groups`);
    assert.deepEqual(plan(LEAF1, finished, LEAF1).changes, [], `stopped after ${stopped} groups: converged`);
  }
});

test("a port's claimed platform fields are Weft's on that entry only: speed changes there, the platform's speed stays elsewhere", () => {
  const actual: Entries = {
    ...LEAF1,
    'PORT|Ethernet0': { ...LEAF1['PORT|Ethernet0'], lanes: '65', speed: '100000', fec: 'rs' },
    'PORT|Ethernet4': { ...LEAF1['PORT|Ethernet4'], lanes: '69', speed: '40000' },
  };
  const desired: Entries = {
    ...LEAF1,
    'PORT|Ethernet0': { ...LEAF1['PORT|Ethernet0'], speed: '25000', fec: 'none' },
  };
  const claimed = planConfigDb({ desired, actual, ownership: weftOwnership(WEFT_OWNED_CONFIGDB_TABLES, { 'PORT|Ethernet0': ['speed', 'fec'] }) });
  assert.deepEqual(claimed.changes, [{ op: 'modify', key: 'PORT|Ethernet0', detail: 'speed 100000 -> 25000, fec rs -> none' }]);
  assert.deepEqual(applyAll(actual, claimed)['PORT|Ethernet0']?.lanes, '65', 'lanes are never claimed');
  assert.deepEqual(plan(desired, actual).changes, [], 'unclaimed, the same fields are the platform\'s');
});

test('a breakout mode is written to a cage that has none and never changed; a different mode is a conflict naming the port and the command', () => {
  const desired: Entries = { ...LEAF1, 'BREAKOUT_CFG|Ethernet0': { brkout_mode: '4x25G' } };
  assert.deepEqual(plan(desired, LEAF1).changes, [{ op: 'set', key: 'BREAKOUT_CFG|Ethernet0', detail: 'brkout_mode=4x25G' }]);
  const cut: Entries = { ...LEAF1, 'BREAKOUT_CFG|Ethernet0': { brkout_mode: '1x100G' }, 'BREAKOUT_CFG|Ethernet8': { brkout_mode: '1x100G' } };
  assert.deepEqual(plan(desired, cut).changes, [], 'the plan leaves the mode alone');
  assert.deepEqual(breakoutConflicts(desired, cut), [
    'Ethernet0 is in breakout mode 1x100G, the wiring wants 4x25G: run `config interface breakout Ethernet0 4x25G` on the switch (Weft does not re-create ports itself)',
  ]);
  assert.deepEqual(breakoutConflicts(desired, { ...LEAF1, 'BREAKOUT_CFG|Ethernet0': { brkout_mode: '4x25G' } }), []);
});
