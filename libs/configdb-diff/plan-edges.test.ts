// CONFIG_DB plans for what the leaf tests do not meet: a VRF that keeps its entry but loses its
// VNI, an SVI moved into or out of a VRF with addresses that differ, PORT fields Weft stops
// setting, and what each change says to the person on call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEFT_OWNED_CONFIGDB_TABLES } from '#render-sonic';
import { applyWrites, planConfigDb, weftOwnership, type Entries } from './index.js';

const OWNERSHIP = weftOwnership(WEFT_OWNED_CONFIGDB_TABLES);
const plan = (desired: Entries, actual: Entries, previous?: Entries): ReturnType<typeof planConfigDb> =>
  planConfigDb({ desired, actual, ownership: OWNERSHIP, ...(previous === undefined ? {} : { previous }) });
const writes = (p: ReturnType<typeof planConfigDb>): string[][] => p.groups.map((g) => [g.label, ...g.writes.map((w) => `${w.op} ${w.key}${w.op === 'del' ? '' : ` ${JSON.stringify(w.fields)}`}`)]);

const MAP = 'VXLAN_TUNNEL_MAP|vtep1|map_10000_Vlan1000';
const NULL = { NULL: 'NULL' };

test('a VRF that stays without its VNI loses the vni before the map goes, and is never left empty', () => {
  const p = plan({ 'VRF|Vrf1': NULL }, { 'VRF|Vrf1': { vni: '10000' }, [MAP]: { vlan: 'Vlan1000', vni: '10000' } });
  assert.deepEqual(p.changes, [
    { op: 'modify', key: 'VRF|Vrf1', detail: 'vni=10000 not wanted' },
    { op: 'delete', key: MAP, detail: 'vlan=Vlan1000, vni=10000' },
  ]);
  assert.deepEqual(writes(p), [
    ['remove VRF', 'hset VRF|Vrf1 {"NULL":"NULL"}', 'hdel VRF|Vrf1 ["vni"]'],
    ['remove VXLAN_TUNNEL_MAP', `del ${MAP}`],
  ]);
});

const SVI = 'VLAN_INTERFACE|Vlan1001';
const address = (prefix: string): string => `${SVI}|${prefix}`;

test('an SVI moved from the default VRF into one: re-created, its addresses too, each change said as it is', () => {
  const actual: Entries = {
    [SVI]: { static_anycast_gateway: 'true' },
    [address('10.10.1.1/24')]: { secondary: 'true' },
    [address('10.10.2.1/24')]: { secondary: 'true' },
    [address('10.10.3.1/24')]: NULL,
  };
  const desired: Entries = { [SVI]: { static_anycast_gateway: 'true', vrf_name: 'Vrf2' }, [address('10.10.1.1/24')]: NULL, [address('10.10.3.1/24')]: NULL, [address('10.10.9.1/24')]: NULL };
  const p = plan(desired, actual);
  assert.deepEqual(p.changes, [
    { op: 'modify', key: address('10.10.1.1/24'), detail: 're-created with its interface' },
    { op: 'delete', key: address('10.10.2.1/24'), detail: 'secondary=true' },
    { op: 'modify', key: SVI, detail: 'vrf_name (none) -> Vrf2: re-created with its addresses' },
    { op: 'set', key: address('10.10.9.1/24'), detail: 'no fields' },
  ]);
  assert.deepEqual(writes(p), [
    ['remove VLAN_INTERFACE', `del ${address('10.10.1.1/24')}`, `del ${address('10.10.2.1/24')}`, `del ${address('10.10.3.1/24')}`],
    ['remove VLAN_INTERFACE', `del ${SVI}`],
    ['write VLAN_INTERFACE', `hset ${SVI} {"static_anycast_gateway":"true","vrf_name":"Vrf2"}`],
    ['write VLAN_INTERFACE', `hset ${address('10.10.1.1/24')} {"NULL":"NULL"}`, `hset ${address('10.10.3.1/24')} {"NULL":"NULL"}`, `hset ${address('10.10.9.1/24')} {"NULL":"NULL"}`],
  ]);
  assert.deepEqual(p.groups.reduce((entries, g) => applyWrites(entries, g.writes), actual), desired);
});

test('an SVI moved out of its VRF says it goes to none', () => {
  const p = plan({ [SVI]: NULL }, { [SVI]: { vrf_name: 'Vrf1' } });
  assert.deepEqual(p.changes, [{ op: 'modify', key: SVI, detail: 'vrf_name Vrf1 -> (none): re-created with its addresses' }]);
});

const PORT = 'PORT|Ethernet0';
const WRITTEN = { admin_status: 'up', description: 'server1/eth0', lanes: '1,2,3,4', mtu: '9000', speed: '100000' };

test('a PORT field Weft stops setting is removed; the platform fields it wrote once stay', () => {
  const desired = { [PORT]: { admin_status: 'up', lanes: '1,2,3,4', mtu: '9000', speed: '100000' } };
  const actual = { [PORT]: { ...WRITTEN, speed: '40000', alias: 'etp1' } };
  const p = plan(desired, actual, { [PORT]: WRITTEN });
  assert.deepEqual(p.changes, [{ op: 'modify', key: PORT, detail: 'description=server1/eth0 not wanted' }]);
  assert.deepEqual(writes(p), [['write PORT', `hdel ${PORT} ["description"]`]]);
});

test('a PORT Weft no longer configures, whose Weft fields are already gone, needs nothing', () => {
  assert.deepEqual(plan({}, { [PORT]: { lanes: '1,2,3,4', speed: '100000' } }, { [PORT]: WRITTEN }), { changes: [], groups: [] });
});

test('a field missing from an entry is said to be missing', () => {
  const p = plan({ 'VLAN|Vlan1001': { admin_status: 'up', mtu: '9000', vlanid: '1001' } }, { 'VLAN|Vlan1001': { admin_status: 'up', vlanid: '1001' } });
  assert.deepEqual(p.changes, [{ op: 'modify', key: 'VLAN|Vlan1001', detail: 'mtu=9000 missing' }]);
});

test('removing the last field of an entry leaves no entry, as Redis drops an emptied hash', () => {
  assert.deepEqual(applyWrites({ 'VLAN|Vlan10': NULL, 'VLAN|Vlan20': { vlanid: '20', mtu: '9000' } }, [{ op: 'hdel', key: 'VLAN|Vlan10', fields: ['NULL'] }, { op: 'hdel', key: 'VLAN|Vlan20', fields: ['mtu'] }]), { 'VLAN|Vlan20': { vlanid: '20' } });
});
