// `weft plan` over files that are not a switch's: a fabric-wide file shows under (fabric), a
// file added or removed whole is diffed against nothing, and a config_db.json not in Weft's own
// layout (compact JSON) is still compared entry by entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlan, planFiles } from '#compiler';

test('plan of a fabric file added, a switch file removed and a compact config_db.json changed', () => {
  const before = new Map([
    ['leaf2/frr.conf', 'a\nb\n'],
    ['leaf1/config_db.json', '{"VLAN":{"Vlan10":{"vlanid":"10"}}}'],
  ]);
  const after = new Map([
    ['dhcp.json', '{"SUBNETS":{"s1":{"pool":"x"}}}'],
    ['leaf1/config_db.json', '{"VLAN":{"Vlan10":{"vlanid":"11"},"Vlan20":{"vlanid":"20"}}}'],
  ]);
  assert.equal(
    formatPlan(planFiles(before, after)),
    [
      '(fabric):',
      '  dhcp.json (added, 1 line)',
      '    + SUBNETS|s1 {"pool":"x"}',
      'leaf1:',
      '  config_db.json (changed, 2 lines)',
      '    ~ VLAN|Vlan10 vlanid: 10 -> 11',
      '    + VLAN|Vlan20 {"vlanid":"20"}',
      'leaf2:',
      '  frr.conf (removed, 2 lines)',
      '    - a',
      '    - b',
      'Plan: 3 devices change, 5 lines in all.',
      '',
    ].join('\n'),
  );
  assert.deepEqual(planFiles(after, before).find((p) => p.device === '')?.files, [{ file: 'dhcp.json', change: 'removed', lines: ['- SUBNETS|s1'] }]);
  assert.deepEqual(planFiles(new Map(), new Map([['leaf3/frr.conf', 'x\n']])).at(0)?.files, [{ file: 'frr.conf', change: 'added', lines: ['+ x'] }]);
});
