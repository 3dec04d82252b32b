// What a template author reads when a ConfigTemplate goes wrong in the less common ways: label
// selectors in `weft explain`, long name lists, an unknown target, `lookup` misses, a helper
// called by a quoted name, CONFIG_DB output of the wrong shape, and a flood of problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigTemplateSpec } from '#api';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { checkTemplates, explainTemplates, renderSwitchTemplates, type TemplateDevice } from './index.js';

const LEAF1: TemplateDevice = { name: 'leaf1', role: 'leaf', os: 'sonic', labels: { rack: 'r1' } };

function render(spec: ConfigTemplateSpec): string[] {
  return renderSwitchTemplates([template('t', spec)], CONTEXT, RULES).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);
}

test('explain: a label selector that matches says so; a long list of names is cut after eight', () => {
  const names = Array.from({ length: 11 }, (_, i) => `leaf${i + 2}`);
  assert.deepEqual(explainTemplates([template('rack1', { target: 'configdb', selector: { labels: { rack: 'r1' } }, template: '{}' }), template('named', { target: 'frr', selector: { names }, template: 'log syslog' })], LEAF1), [
    { template: 'named', target: 'frr', selected: false, reason: 'selector.names [leaf2, leaf3, leaf4, leaf5, leaf6, leaf7, leaf8, leaf9, ... (3 more)] does not include leaf1' },
    { template: 'rack1', target: 'configdb', selected: true, reason: 'target configdb fits sonic; selector.labels rack=r1 matches' },
  ]);
  assert.deepEqual(explainTemplates([template('eight', { target: 'frr', selector: { names: names.slice(0, 8) }, template: 'x' })], LEAF1)[0]?.reason, 'selector.names [leaf2, leaf3, leaf4, leaf5, leaf6, leaf7, leaf8, leaf9] does not include leaf1');
});

test('a target that is none of configdb, frr and vyos fits no switch, and says which targets there are', () => {
  const junos = template('junos', { target: 'junos' as ConfigTemplateSpec['target'], template: 'set system' });
  assert.deepEqual(
    checkTemplates([junos]).map((d) => `${d.code} ${d.path}: ${d.message} (${d.hint ?? ''})`),
    ['WF704 ConfigTemplate junos spec.target: unknown target "junos" (the targets are configdb, frr and vyos)'],
  );
  assert.deepEqual(explainTemplates([junos], LEAF1), [{ template: 'junos', target: 'junos', selected: false, reason: 'target "junos" is unknown (configdb, frr or vyos)' }]);
});

test('lookup: a missing key names the key and where it is; a number is looked up as its digits', () => {
  const variables = { '0': '192.0.2.1', level: 'informational' };
  assert.deepEqual(render({ target: 'frr', variables, template: 'log host {{lookup vars 0}}\nlog host {{lookup vars "nope"}}' }), [
    'WF701 ConfigTemplate t spec.template: switch leaf1: lookup found no "nope" (line 2, column 10)',
  ]);
  assert.deepEqual(render({ target: 'frr', variables, template: 'log host {{lookup vars 1}}' }), ['WF701 ConfigTemplate t spec.template: switch leaf1: lookup found no "1" (line 1, column 10)']);
  // an inherited member is no variable
  assert.deepEqual(render({ target: 'frr', variables, template: 'log {{lookup vars "toString"}}' }), ['WF701 ConfigTemplate t spec.template: switch leaf1: lookup found no "toString" (line 1, column 5)']);
  const ok = renderSwitchTemplates([template('t', { target: 'frr', variables, template: 'log host {{lookup vars 0}}\nlog syslog {{lookup vars "level"}}' })], CONTEXT, RULES);
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(ok.outputs[0]?.text, 'log host 192.0.2.1\nlog syslog informational\n');
});

test('a helper called by a quoted name is checked like any other', () => {
  assert.deepEqual(
    checkTemplates([template('q', { target: 'frr', template: '{{"uppercase" vars.x}}' })]).map((d) => d.message),
    ['unknown helper "uppercase" (line 1, column 1); the helpers are each, if, lookup, unless, with'],
  );
  assert.deepEqual(
    checkTemplates([template('n', { target: 'frr', template: '{{7 vars.x}}' })]).map((d) => d.message),
    ['unknown helper "7" (line 1, column 1); the helpers are each, if, lookup, unless, with'],
  );
});

test('CONFIG_DB output: tables of entries of string fields; null, lists, empty table names and too many problems are named', () => {
  assert.deepEqual(render({ target: 'configdb', template: '{"": {}}' }), ['WF703 ConfigTemplate t spec.template: switch leaf1: a table name is empty']);
  assert.deepEqual(render({ target: 'configdb', template: '{"NTP_SERVER": null}' }), ['WF703 ConfigTemplate t spec.template: switch leaf1: table NTP_SERVER must be an object of keys, got null']);
  assert.deepEqual(render({ target: 'configdb', template: '{"NTP_SERVER": []}' }), ['WF703 ConfigTemplate t spec.template: switch leaf1: table NTP_SERVER must be an object of keys, got an array']);
  assert.deepEqual(render({ target: 'configdb', template: '{"NTP_SERVER": {"a": {"x": {"y": 1}}}}' }), [
    'WF703 ConfigTemplate t spec.template: switch leaf1: NTP_SERVER["a"].x must be a string or a list of strings, got an object',
  ]);
  assert.deepEqual(render({ target: 'configdb', template: '{"NTP_SERVER": {"a": {"x": ["1", 2]}}}' }), [
    'WF703 ConfigTemplate t spec.template: switch leaf1: NTP_SERVER["a"].x must be a string or a list of strings, got an array',
  ]);
  const ok = renderSwitchTemplates([template('t', { target: 'configdb', template: '{"NTP_SERVER": {"a": {"x": ["1", "2"], "y": "3"}}}' })], CONTEXT, RULES);
  assert.deepEqual(ok.diagnostics, []);
  // thirty bad fields: twenty are listed, then how many more
  const fields = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, i]));
  const flood = render({ target: 'configdb', template: JSON.stringify({ NTP_SERVER: { a: fields } }) });
  assert.equal(flood.length, 21);
  // the first twenty fields in natural order (f0 ... f19), whatever order the messages sort in
  assert.ok(flood.includes('WF703 ConfigTemplate t spec.template: switch leaf1: NTP_SERVER["a"].f19 must be a string or a list of strings, got 19'));
  assert.ok(!flood.some((line) => line.includes('.f20 ')));
  assert.equal(flood[20], 'WF703 ConfigTemplate t spec.template: switch leaf1: and 10 more problems like these');
  // twenty are listed as they are
  assert.equal(render({ target: 'configdb', template: JSON.stringify({ NTP_SERVER: { a: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i])) } }) }).length, 20);
});
