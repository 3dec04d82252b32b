// A change as a person reads it when values come and go in numbers (a multi-value leaf), and the
// nodes a change touched, as restoring it needs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunning, splitWords, summarizePlan, touchedPaths, type ChangePlan, type Command } from './index.js';

function command(line: string): Command {
  const [verb, ...path] = splitWords(line);
  return { verb: verb?.text === 'delete' ? 'delete' : 'set', path: path.map((w) => w.text), quoted: path.map((w) => w.quoted) };
}

const plan = (deletes: readonly string[], sets: readonly string[]): ChangePlan => ({ deletes: deletes.map(command), sets: sets.map(command) });

test('one value replaced by one is a modify; two for one, or one for two, are deletes and sets', () => {
  assert.deepEqual(summarizePlan(plan(["delete interfaces ethernet eth3 mtu '1400'"], ["set interfaces ethernet eth3 mtu '1500'"])), [
    { op: 'modify', key: 'interfaces ethernet eth3 mtu', detail: "'1400' -> '1500'" },
  ]);
  assert.deepEqual(summarizePlan(plan(["delete interfaces ethernet eth3 address '10.0.0.1/31'", "delete interfaces ethernet eth3 address '10.0.0.3/31'"], ["set interfaces ethernet eth3 address '10.0.0.5/31'"])), [
    { op: 'delete', key: "interfaces ethernet eth3 address '10.0.0.1/31'" },
    { op: 'delete', key: "interfaces ethernet eth3 address '10.0.0.3/31'" },
    { op: 'set', key: "interfaces ethernet eth3 address '10.0.0.5/31'" },
  ]);
  assert.deepEqual(summarizePlan(plan(["delete interfaces ethernet eth3 address '10.0.0.1/31'"], ["set interfaces ethernet eth3 address '10.0.0.5/31'", "set interfaces ethernet eth3 address '10.0.0.7/31'"])), [
    { op: 'delete', key: "interfaces ethernet eth3 address '10.0.0.1/31'" },
    { op: 'set', key: "interfaces ethernet eth3 address '10.0.0.5/31'" },
    { op: 'set', key: "interfaces ethernet eth3 address '10.0.0.7/31'" },
  ]);
});

test('a node without a value, and a quoted word alone, are plain deletes and sets', () => {
  assert.deepEqual(summarizePlan(plan(['delete policy prefix-list weft-old'], ['set policy prefix-list weft-new', "set 'x'"])), [
    { op: 'delete', key: 'policy prefix-list weft-old' },
    { op: 'set', key: 'policy prefix-list weft-new' },
    { op: 'set', key: "'x'" },
  ]);
});

test('touched: each delete, the highest new node of each set, each once, nothing under another', () => {
  const before = parseRunning("set vrf name Vrf1 table '1001'\nset system host-name 'b1'").tree;
  const change = plan(
    ['delete vrf name Vrf1 table', 'delete vrf name Vrf1'],
    ["set vrf name Vrf9 table '1009'", "set vrf name Vrf9 description 'x'", "set system host-name 'b1'", "set system domain-name 'example.com'"],
  );
  assert.deepEqual(touchedPaths(change, before), [
    ['vrf', 'name', 'Vrf1'],
    ['vrf', 'name', 'Vrf9'],
    ['system', 'host-name', 'b1'],
    ['system', 'domain-name'],
  ]);
});
