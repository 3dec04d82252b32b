// Redis keys the shim reads as CONFIG_DB entries: `TABLE|key...`; a key without a table or
// without a key part is no entry (a switch with only such keys is still unconfigured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigDbView, desiredState, intField, listField, type RedisHash } from './index.js';

test('keys without a table or a key part are no entries', () => {
  const hashes = new Map<string, RedisHash>([
    ['VRF', { NULL: 'NULL' }],
    ['|Vrf1', { NULL: 'NULL' }],
    ['VRF|Vrf2', { NULL: 'NULL' }],
  ]);
  const view = new ConfigDbView(hashes);
  assert.deepEqual([view.entries('VRF').map((e) => e.keys), view.entries('').length], [[['Vrf2']], 0]);
  const bare = desiredState({ name: 'leaf1', prefix: 'wl-', netns: 'wl-leaf1', ports: new Map() }, new Map([['VRF', { NULL: 'NULL' }]]), new Set());
  assert.equal(bare.unconfigured, true);
});

test('an entry is found by all its keys, not by some', () => {
  const view = new ConfigDbView(new Map<string, RedisHash>([['VLAN_MEMBER|Vlan1000|Ethernet4', { tagging_mode: 'untagged' }]]));
  assert.deepEqual([view.get('VLAN_MEMBER', 'Vlan1000', 'Ethernet0'), view.get('VLAN_MEMBER', 'Vlan1000', 'Ethernet4')], [undefined, { tagging_mode: 'untagged' }]);
});

test('a list field: name@ or the plain name, split on commas, pieces trimmed, empty ones dropped; a number field within bounds only', () => {
  assert.deepEqual(
    [listField({ 'ports@': ' Ethernet0, ,Ethernet4 ' }, 'ports'), listField({ ports: 'Ethernet8' }, 'ports'), listField({ 'ports@': '' }, 'ports'), listField({}, 'ports')],
    [['Ethernet0', 'Ethernet4'], ['Ethernet8'], [], []],
  );
  assert.deepEqual(
    ['9100', '68', '9216', '67', '9217', '91x', ' 9100', '9100 ', undefined].map((mtu) => intField(mtu === undefined ? {} : { mtu }, 'mtu', 68, 9216)),
    [9100, 68, 9216, undefined, undefined, undefined, undefined, undefined, undefined],
  );
  assert.equal(intField(undefined, 'mtu', 68, 9216), undefined);
});
