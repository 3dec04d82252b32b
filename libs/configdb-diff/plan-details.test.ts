// What a CONFIG_DB plan says and does in the cases the other tests do not meet: long field lists,
// several tables in one group, what a record of earlier writes holds, hashes Redis drops or
// creates, and config_db.json values of the wrong kind, named with their place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEFT_OWNED_CONFIGDB_TABLES } from '#render-sonic';
import { applyWrites, breakoutConflicts, entriesFromConfigDb, planConfigDb, recordIntent, weftOwnership, type Entries } from './index.js';

const OWNERSHIP = weftOwnership(WEFT_OWNED_CONFIGDB_TABLES);
const plan = (desired: Entries, actual: Entries, previous?: Entries): ReturnType<typeof planConfigDb> =>
  planConfigDb({ desired, actual, ownership: OWNERSHIP, ...(previous === undefined ? {} : { previous }) });

test('a change of more than six fields names six and counts the rest; six are named all', () => {
  const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, `${i}`]));
  assert.deepEqual(plan({ 'VLAN|Vlan10': eight }, {}).changes, [{ op: 'set', key: 'VLAN|Vlan10', detail: 'f0=0, f1=1, f2=2, f3=3, f4=4, f5=5 and 2 more' }]);
  const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, `${i}`]));
  assert.deepEqual(plan({ 'VLAN|Vlan10': six }, {}).changes, [{ op: 'set', key: 'VLAN|Vlan10', detail: 'f0=0, f1=1, f2=2, f3=3, f4=4, f5=5' }]);
  assert.deepEqual(plan({}, { 'VLAN|Vlan10': eight }).changes, [{ op: 'delete', key: 'VLAN|Vlan10', detail: 'f0=0, f1=1, f2=2, f3=3, f4=4, f5=5 and 2 more' }]);
});

test('one group writes every table of its rank, named in order', () => {
  const p = plan({ 'SYSLOG_SERVER|192.0.2.10': { port: '514' }, 'NTP_SERVER|192.0.2.1': { iburst: 'on' } }, {});
  assert.deepEqual(
    p.groups.map((g) => [g.label, g.writes.map((w) => `${w.op} ${w.key}`)]),
    [['write NTP_SERVER, SYSLOG_SERVER', ['hset NTP_SERVER|192.0.2.1', 'hset SYSLOG_SERVER|192.0.2.10']]],
  );
});

test('DEVICE_METADATA is the platform\'s too: never removed, even when Weft does not want it', () => {
  assert.deepEqual(plan({}, { 'DEVICE_METADATA|localhost': { hostname: 'leaf1' } }), { changes: [], groups: [] });
});

test('the record of what was written holds the fields of both, the newer winning', () => {
  assert.deepEqual(recordIntent({ 'NTP_SERVER|a': { iburst: 'on', x: '1' }, 'VLAN|Vlan1': { vlanid: '1' } }, { 'NTP_SERVER|a': { x: '2' }, 'SYSLOG_SERVER|b': { port: '514' } }), {
    'NTP_SERVER|a': { iburst: 'on', x: '2' },
    'VLAN|Vlan1': { vlanid: '1' },
    'SYSLOG_SERVER|b': { port: '514' },
  });
  assert.deepEqual(recordIntent(undefined, { 'VLAN|Vlan1': { vlanid: '1' } }), { 'VLAN|Vlan1': { vlanid: '1' } });
});

test('writes on hashes Redis does not hold: hset creates one, hdel leaves none, del of none is nothing', () => {
  assert.deepEqual(
    applyWrites({ 'VLAN|Vlan1': { vlanid: '1' } }, [
      { op: 'hset', key: 'VLAN|Vlan2', fields: { vlanid: '2' } },
      { op: 'hdel', key: 'VLAN|Vlan3', fields: ['vlanid'] },
      { op: 'del', key: 'VLAN|Vlan4' },
      { op: 'hset', key: 'VLAN|Vlan1', fields: { mtu: '9000' } },
    ]),
    { 'VLAN|Vlan1': { vlanid: '1', mtu: '9000' }, 'VLAN|Vlan2': { vlanid: '2' } },
  );
});

test('config_db.json values: numbers and booleans are text, a list field keeps its @, anything else is refused by place and kind', () => {
  assert.deepEqual(entriesFromConfigDb({ ACL_TABLE: { SSH: { 'ports@': ['Ethernet0', 'Ethernet4'], stage: true, priority: 10 } } }), {
    'ACL_TABLE|SSH': { 'ports@': 'Ethernet0,Ethernet4', stage: 'true', priority: '10' },
  });
  const refused = (value: unknown): string => {
    try {
      entriesFromConfigDb({ VLAN: { Vlan10: { vlanid: value } } });
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  assert.equal(refused(null), 'configDb.VLAN["Vlan10"].vlanid: a field value must be a string, a number, a boolean or a list of strings, not null');
  assert.equal(refused({ a: 1 }), 'configDb.VLAN["Vlan10"].vlanid: a field value must be a string, a number, a boolean or a list of strings, not object');
  assert.equal(refused(['10', null]), 'configDb.VLAN["Vlan10"].vlanid[1]: a field value must be a string, a number, a boolean or a list of strings, not null');
});

test('a breakout conflict needs a mode on both sides; other tables are not cages', () => {
  const desired: Entries = { 'BREAKOUT_CFG|Ethernet0': { brkout_mode: '4x25G' }, 'BREAKOUT_CFG|Ethernet8': {}, 'PORT|Ethernet0': { brkout_mode: '1x100G' } };
  const actual: Entries = { 'BREAKOUT_CFG|Ethernet0': {}, 'BREAKOUT_CFG|Ethernet8': { brkout_mode: '1x100G' }, 'PORT|Ethernet0': { brkout_mode: '4x25G' } };
  assert.deepEqual(breakoutConflicts(desired, actual), []);
});
