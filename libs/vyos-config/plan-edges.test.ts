// The change plan where it has a choice to make: a plan with only deletes or only sets is not
// empty; a ConfigTemplate's `delete` of a path the router lacks, or one Weft owns, adds nothing,
// and one below another such delete is not repeated; restoring puts quoted values back quoted;
// a set under a brand-new top node touches that top node; a leaf value deleted with nothing in
// its place is a delete, and a two-word leaf replaced is a modify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfigTree,
  ownershipOfPaths,
  parseDesired,
  parseRunning,
  planChange,
  planIsEmpty,
  renderCommand,
  restorePlan,
  splitWords,
  summarizePlan,
  touchedPaths,
  type ChangePlan,
  type Command,
} from './index.js';

function command(line: string): Command {
  const [verb, ...path] = splitWords(line);
  return { verb: verb?.text === 'delete' ? 'delete' : 'set', path: path.map((w) => w.text), quoted: path.map((w) => w.quoted) };
}
const plan = (deletes: readonly string[], sets: readonly string[]): ChangePlan => ({ deletes: deletes.map(command), sets: sets.map(command) });
const lines = (p: ChangePlan): string[] => [...p.deletes, ...p.sets].map(renderCommand);

test('a plan with only deletes, or only sets, is not empty', () => {
  assert.equal(planIsEmpty(plan([], [])), true);
  assert.equal(planIsEmpty(plan(['delete vrf name Vrf9'], [])), false);
  assert.equal(planIsEmpty(plan([], ["set vrf name Vrf9 table '1009'"])), false);
});

test("a template's delete of what the router lacks, or of what Weft owns, adds nothing; one below another is not repeated", () => {
  const running = parseRunning(["set service lldp interface all", "set service lldp snmp", "set vrf name Vrf9 table '1009'", "set system host-name 'b1'"].join('\n')).tree;
  const desired = parseDesired(["set system host-name 'b1'", 'delete service lldp', 'delete service lldp interface all', 'delete service ntp', "set vrf name Vrf9 table '1009'", 'delete vrf name Vrf9 table'].join('\n')).desired;
  const owned = ownershipOfPaths([['vrf', 'name', 'Vrf9']]);
  assert.deepEqual(lines(planChange(running, desired, owned)), ['delete vrf name Vrf9', 'delete service lldp']);
});

test('restoring a deleted VRF puts its quoted table back quoted, and its names unquoted', () => {
  const before = parseRunning("set vrf name Vrf9 table '1009'\nset vrf name Vrf9 description 'blue'").tree;
  const current = new ConfigTree();
  const restore = restorePlan(before, current, plan(['delete vrf name Vrf9'], []));
  assert.deepEqual(lines(restore), ["set vrf name Vrf9 table '1009'", "set vrf name Vrf9 description 'blue'"]);
});

test('a set under a top node the router lacks touches that top node; two new top nodes are both kept', () => {
  const before = parseRunning("set system host-name 'b1'").tree;
  assert.deepEqual(touchedPaths(plan([], ['set service lldp interface all', "set vrf name Vrf9 table '1009'"]), before), [['service'], ['vrf']]);
});

test('a leaf value deleted with nothing in its place is a delete; a two-word leaf replaced is a modify', () => {
  assert.deepEqual(summarizePlan(plan(["delete interfaces ethernet eth3 mtu '1400'"], [])), [{ op: 'delete', key: "interfaces ethernet eth3 mtu '1400'" }]);
  assert.deepEqual(summarizePlan(plan(["delete host-name 'a'"], ["set host-name 'b'"])), [{ op: 'modify', key: 'host-name', detail: "'a' -> 'b'" }]);
});
