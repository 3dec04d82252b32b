// The exact words a template author reads when a render is stopped: too many loop iterations,
// output growing past the limit inside loops, an object written as text, and a helper used in a
// way Handlebars itself refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { renderSwitchTemplates } from './index.js';

const labels = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`k${index}`, `v${index}`]));
const context = { ...CONTEXT, switch: { ...CONTEXT.switch, labels } };
const loops = (depth: number, body: string): string => '{{#each @root.switch.labels}}'.repeat(depth) + body + '{{/each}}'.repeat(depth);

function render(source: string, variables?: Readonly<Record<string, string>>): string[] {
  const spec = variables === undefined ? { target: 'frr' as const, template: source } : { target: 'frr' as const, variables, template: source };
  const result = renderSwitchTemplates([template('t', spec)], context, RULES);
  assert.deepEqual(result.outputs, []);
  return result.diagnostics.map((d) => `${d.code} ${d.message}`);
}

test('loops that never end, or whose output grows past the limit, are stopped with the limit named', () => {
  assert.deepEqual(render(loops(12, '')), ['WF701 switch leaf1: the template runs more than 100000 loop iterations']);
  assert.deepEqual(render(loops(4, '{{@root.vars.big}}'), { big: 'x'.repeat(4096) }), ['WF703 switch leaf1: the output grows beyond 1048576 characters']);
});

test('an object written as text says which field to write instead; a helper misused says what Handlebars says', () => {
  assert.deepEqual(render('! {{switch.labels}}'), [
    'WF701 switch leaf1: an object (such as switch, fabric, vars or switch.labels) was written as text; write one of its fields, e.g. {{switch.name}}',
  ]);
  assert.deepEqual(render('{{#if}}x{{/if}}'), ['WF701 switch leaf1: rendering failed: #if requires exactly one argument']);
});
