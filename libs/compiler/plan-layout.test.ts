// A config_db.json whose tables are not all in the layout Weft writes (a table on one line, as
// another tool may leave it) is still compared entry by entry: that table is parsed whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffConfigDb } from './plan.js';

test('a table written on one line is compared entry by entry, beside tables in Weft\'s layout', () => {
  const before = ['{', '  "PORT": {', '    "Ethernet0": {"mtu": "9100"}', '  },', '  "VLAN": {"Vlan10": {"vlanid": "10"}, "Vlan30": {"vlanid": "30"}}', '}', ''].join('\n');
  const after = ['{', '  "PORT": {', '    "Ethernet0": {"mtu": "9000"}', '  },', '  "VLAN": {"Vlan10": {"vlanid": "10", "mtu": "9000"}, "Vlan20": {"vlanid": "20"}}', '}', ''].join('\n');
  assert.deepEqual(diffConfigDb(before, after), [
    '~ PORT|Ethernet0 mtu: 9100 -> 9000',
    '~ VLAN|Vlan10 mtu: (unset) -> 9000',
    '+ VLAN|Vlan20 {"vlanid":"20"}',
    '- VLAN|Vlan30',
  ]);
});
