// A block helper written without its `#` (`{{if x}}`), or `lookup` written as a block: the
// template author reads which helper, how to write it and where, before any switch renders it.
// Before, `{{if x}}` passed the check and failed every render with Handlebars' own
// "options.fn is not a function".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { checkTemplates, renderSwitchTemplates } from './index.js';

const check = (source: string): string[] => checkTemplates([template('t', { target: 'frr', template: source })]).map((d) => `${d.code} ${d.path}: ${d.message}`);

test('each, if, unless and with written without # are refused by the check, naming the helper, its block form and where', () => {
  assert.deepEqual(check('hostname x\n{{if switch.name}}'), ['WF700 ConfigTemplate t spec.template: "if" wraps a block: write {{#if ...}}...{{/if}} (line 2, column 1)']);
  assert.deepEqual(check('{{unless switch.name}}'), ['WF700 ConfigTemplate t spec.template: "unless" wraps a block: write {{#unless ...}}...{{/unless}} (line 1, column 1)']);
  assert.deepEqual(check('  {{each switch.labels}}'), ['WF700 ConfigTemplate t spec.template: "each" wraps a block: write {{#each ...}}...{{/each}} (line 1, column 3)']);
  assert.deepEqual(check('{{with switch}}'), ['WF700 ConfigTemplate t spec.template: "with" wraps a block: write {{#with ...}}...{{/with}} (line 1, column 1)']);
  assert.deepEqual(check('{{lookup switch (if switch.name)}}'), ['WF700 ConfigTemplate t spec.template: "if" wraps a block: write {{#if ...}}...{{/if}} (line 1, column 17)']);
});

test('lookup written as a block is refused; each helper in its own form passes and renders', () => {
  assert.deepEqual(check('{{#lookup switch "name"}}x{{/lookup}}'), ['WF700 ConfigTemplate t spec.template: "lookup" returns a value and takes no block: write {{lookup ...}} (line 1, column 1)']);
  const source = '{{#if switch.name}}{{lookup switch "name"}}{{/if}}{{#unless vars.none}} ok{{/unless}}{{#with switch}} {{name}}{{/with}}{{#each switch.labels}} {{this}}{{/each}}';
  assert.deepEqual(check(source), []);
  const rendered = renderSwitchTemplates([template('t', { target: 'frr', template: source })], CONTEXT, RULES);
  assert.deepEqual(rendered.diagnostics, []);
  assert.deepEqual(rendered.outputs.map((o) => o.text), ['leaf1 ok leaf1 r1\n']);
});

test('a switch never renders a template whose block helper lacks its #: the diagnostic is the same, no text', () => {
  const rendered = renderSwitchTemplates([template('t', { target: 'frr', template: '{{if switch.name}}' })], CONTEXT, RULES);
  assert.deepEqual(rendered.outputs, []);
  assert.deepEqual(rendered.diagnostics.map((d) => d.message), ['"if" wraps a block: write {{#if ...}}...{{/if}} (line 1, column 1)']);
});
