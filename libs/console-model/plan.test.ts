// The plan a write shows before it is applied: the headline and how each line is marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineKind, planHeadline } from './index.js';

test('a plan touching one device says so in the singular', () => {
  assert.equal(planHeadline([{ device: 'leaf1', files: [{ file: 'frr.conf', change: 'changed', lines: ['+ vrf Vrf3'] }] }]), '1 device changes: leaf1.');
});

test('plan lines read as added, removed, changed, or context for the rest', () => {
  assert.deepEqual(
    ['+ VLAN|Vlan1003', '- VLAN|Vlan1001', '~ VLAN|Vlan1002 mtu: 9000 -> 9100', '  router bgp 65101', ''].map(lineKind),
    ['added', 'removed', 'changed', 'context', 'context'],
  );
});
