// The plan a user reads before applying (`weft plan`, and the service's dry runs): per device,
// which files are added, removed or changed, CONFIG_DB entry by entry and text line by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlan, planFiles } from './index.js';
import { diffConfigDb, diffLines } from './plan.js';

const files = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

test('diffLines prints only the lines that changed, a removed line before the one replacing it, around a common head and tail', () => {
  assert.deepEqual(diffLines('a\nb\nc', 'a\nb\nc'), []);
  assert.deepEqual(diffLines('a\nb\nc', 'a\nx\nc'), ['- b', '+ x']);
  assert.deepEqual(diffLines('a\nc', 'a\nb\nc'), ['+ b']);
  assert.deepEqual(diffLines('a\nb\nc', 'a\nc'), ['- b']);
  assert.deepEqual(diffLines('x\na\nb', 'a\nb\ny'), ['- x', '+ y']);
  assert.deepEqual(diffLines('', 'a\nb'), ['- ', '+ a', '+ b']);
  assert.deepEqual(diffLines('a\nb', ''), ['- a', '- b', '+ ']);
});

test('diffLines keeps the longest common run of lines and reports the rest', () => {
  // a moved block: the longer common run (b c d) stays, the moved line shows as removed and added
  assert.deepEqual(diffLines('a\nb\nc\nd\ne', 'b\nc\nd\na\ne'), ['- a', '+ a']);
  assert.deepEqual(diffLines('router bgp 1\n neighbor x\n neighbor y\nexit', 'router bgp 1\n neighbor y\n neighbor z\nexit'), ['-  neighbor x', '+  neighbor z']);
  assert.deepEqual(diffLines('1\n2\n3\n4', '4\n3\n2\n1'), ['- 1', '- 2', '- 3', '+ 3', '+ 2', '+ 1']);
});

test('diffConfigDb: entries added and removed whole, fields changed one by one, tables and keys in order', () => {
  const before = JSON.stringify({
    VLAN: { Vlan1000: { vlanid: '1000', mtu: '9000' }, Vlan1001: { vlanid: '1001' } },
    VRF: { Vrf1: { vni: '10000' } },
  });
  const after = JSON.stringify({
    VLAN: { Vlan1000: { vlanid: '1000', mtu: '9100', description: 'blue' }, Vlan1002: { vlanid: '1002' } },
    VLAN_MEMBER: { 'Vlan1002|Ethernet4': { tagging_mode: 'untagged' } },
    VRF: { Vrf1: { vni: '10000' } },
  });
  assert.deepEqual(diffConfigDb(before, after), [
    '~ VLAN|Vlan1000 description: (unset) -> blue',
    '~ VLAN|Vlan1000 mtu: 9000 -> 9100',
    '- VLAN|Vlan1001',
    '+ VLAN|Vlan1002 {"vlanid":"1002"}',
    '+ VLAN_MEMBER|Vlan1002|Ethernet4 {"tagging_mode":"untagged"}',
  ]);
  assert.deepEqual(diffConfigDb(after, before).slice(0, 2), ['~ VLAN|Vlan1000 description: blue -> (unset)', '~ VLAN|Vlan1000 mtu: 9100 -> 9000']);
  // a list field is shown as JSON, keys in natural order
  assert.deepEqual(diffConfigDb('{"PORT":{"Ethernet10":{"x":["a"]},"Ethernet9":{"x":["a"]}}}', '{"PORT":{"Ethernet10":{"x":["b"]},"Ethernet9":{"x":["b"]}}}'), [
    '~ PORT|Ethernet9 x: ["a"] -> ["b"]',
    '~ PORT|Ethernet10 x: ["a"] -> ["b"]',
  ]);
  // a file that is not JSON (or not an object) compares as empty
  assert.deepEqual(diffConfigDb('not json', '{"VRF":{"Vrf1":{}}}'), ['+ VRF|Vrf1 {}']);
  assert.deepEqual(diffConfigDb('null', '{"VRF":{"Vrf1":{}}}'), ['+ VRF|Vrf1 {}']);
});

test('planFiles: per device in natural order, each file added, removed or changed; unchanged files and devices left out', () => {
  const before = files({
    'leaf1/config_db.json': '{"VRF":{"Vrf1":{}}}',
    'leaf1/frr.conf': 'a\nb\n',
    'leaf10/frr.conf': 'x\n',
    'leaf2/frr.conf': 'same\n',
    'leaf3/frr.conf': 'gone\n',
  });
  const after = files({
    'leaf1/config_db.json': '{"VRF":{"Vrf1":{},"Vrf2":{}}}',
    'leaf1/frr.conf': 'a\nc\n',
    'leaf10/frr.conf': 'x\n',
    'leaf2/frr.conf': 'same\n',
    'leaf4/frr.conf': 'new\n',
  });
  assert.deepEqual(planFiles(before, after), [
    {
      device: 'leaf1',
      files: [
        { file: 'config_db.json', change: 'changed', lines: ['+ VRF|Vrf2 {}'] },
        { file: 'frr.conf', change: 'changed', lines: ['- b', '+ c'] },
      ],
    },
    { device: 'leaf3', files: [{ file: 'frr.conf', change: 'removed', lines: ['- gone'] }] },
    { device: 'leaf4', files: [{ file: 'frr.conf', change: 'added', lines: ['+ new'] }] },
  ]);
  assert.deepEqual(planFiles(before, before), []);
});

test('formatPlan: the text weft plan prints', () => {
  const plans = planFiles(files({ 'leaf1/frr.conf': 'a\n', 'leaf2/frr.conf': 'x\n' }), files({ 'leaf1/frr.conf': 'b\n', 'leaf2/frr.conf': 'x\ny\n' }));
  assert.equal(
    formatPlan(plans),
    [
      'leaf1:',
      '  frr.conf (changed, 2 lines)',
      '    - a',
      '    + b',
      'leaf2:',
      '  frr.conf (changed, 1 line)',
      '    + y',
      'Plan: 2 devices change, 3 lines in all.',
      '',
    ].join('\n'),
  );
  assert.equal(formatPlan(planFiles(files({ 'leaf1/frr.conf': 'a' }), files({ 'leaf1/frr.conf': 'b' }))), 'leaf1:\n  frr.conf (changed, 2 lines)\n    - a\n    + b\nPlan: 1 device change, 2 lines in all.\n');
  assert.equal(formatPlan(planFiles(files({ 'leaf1/frr.conf': 'a\nb' }), files({ 'leaf1/frr.conf': 'a' }))), 'leaf1:\n  frr.conf (changed, 1 line)\n    - b\nPlan: 1 device change, 1 line in all.\n');
  assert.equal(formatPlan([]), 'No changes: every device is up to date.\n');
});
