// A malformed config_db.json in an Agent spec: the error names where it is and what is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entriesFromConfigDb, sameFields } from './index.js';

test('a table name that is empty or holds the key separator is refused by name', () => {
  assert.throws(() => entriesFromConfigDb({ 'VLAN|x': { Vlan10: {} } }), { name: 'ConfigDbShapeError', message: 'configDb.VLAN|x: a table name cannot be empty or contain "|"' });
  assert.throws(() => entriesFromConfigDb({ '': { Vlan10: {} } }), { name: 'ConfigDbShapeError', path: 'configDb.', message: 'configDb.: a table name cannot be empty or contain "|"' });
});

test('an empty entry key and an entry that is not an object of fields are refused with their place', () => {
  assert.throws(() => entriesFromConfigDb({ VLAN: { '': { vlanid: '10' } } }), { message: 'configDb.VLAN[""]: an entry key cannot be empty' });
  assert.throws(() => entriesFromConfigDb({ VLAN: { Vlan10: 'vlanid=10' } }), { message: 'configDb.VLAN["Vlan10"]: must be an object of fields' });
});

test('two entries have the same fields only with the same names and values', () => {
  assert.equal(sameFields({ vlanid: '10', mtu: '9000' }, { mtu: '9000', vlanid: '10' }), true);
  assert.equal(sameFields({ vlanid: '10' }, { vlanid: '10', mtu: '9000' }), false);
  assert.equal(sameFields({ vlanid: '10', mtu: '9000' }, { vlanid: '10', mtu: '9100' }), false);
});
