// The engine's edges as a template author meets them: text is written as it is (no HTML
// escaping), the limits hold at their exact numbers, lookup reads only keys of objects, and every
// helper call is checked wherever it is written: in a subexpression, with only hash arguments, or
// named by a literal. Partials and decorators are refused with their own words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { MAX_ITERATIONS, MAX_OUTPUT_CHARACTERS, checkTemplates, renderSwitchTemplates } from './index.js';

function render(source: string, variables?: Readonly<Record<string, string>>, context = CONTEXT): { messages: string[]; texts: string[] } {
  const spec = variables === undefined ? { target: 'frr' as const, template: source } : { target: 'frr' as const, variables, template: source };
  const result = renderSwitchTemplates([template('t', spec)], context, RULES);
  return { messages: result.diagnostics.map((d) => `${d.code} ${d.message}`), texts: result.outputs.map((o) => o.text) };
}

const check = (source: string): string[] => checkTemplates([template('t', { target: 'frr', template: source })]).map((d) => d.message);
const HELPERS = 'the helpers are each, if, lookup, unless, with';

test('a value with <, &, quotes is written as it is: device configuration is not HTML', () => {
  assert.deepEqual(render('! {{vars.x}}', { x: `<a href="x">&'b'</a>` }), { messages: [], texts: [`! <a href="x">&'b'</a>\n`] });
});

test('output of exactly the limit renders; one character more is refused, naming both numbers', () => {
  const exact = render('{{vars.big}}', { big: 'x'.repeat(MAX_OUTPUT_CHARACTERS) });
  assert.deepEqual(exact.messages, []);
  assert.deepEqual(exact.texts.map((t) => t.length), [MAX_OUTPUT_CHARACTERS + 1]); // and its newline
  assert.deepEqual(render('{{vars.big}}', { big: 'x'.repeat(MAX_OUTPUT_CHARACTERS + 1) }), {
    messages: [`WF703 switch leaf1: the output has ${MAX_OUTPUT_CHARACTERS + 1} characters, more than the limit of ${MAX_OUTPUT_CHARACTERS}`],
    texts: [],
  });
});

test('a loop of exactly the iteration limit runs; one more iteration is stopped', () => {
  const withLabels = (count: number) => ({ ...CONTEXT, switch: { ...CONTEXT.switch, labels: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, ''])) } });
  assert.deepEqual(render('{{#each switch.labels}}{{this}}{{/each}}ok', undefined, withLabels(MAX_ITERATIONS)), { messages: [], texts: ['ok\n'] });
  assert.deepEqual(render('{{#each switch.labels}}{{this}}{{/each}}ok', undefined, withLabels(MAX_ITERATIONS + 1)), {
    messages: [`WF701 switch leaf1: the template runs more than ${MAX_ITERATIONS} loop iterations`],
    texts: [],
  });
});

test('text spent in loops may reach eight times the output limit; the whole output is then refused for its own size', () => {
  const labels = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, '']));
  const context = { ...CONTEXT, switch: { ...CONTEXT.switch, labels } };
  const big = 'x'.repeat(MAX_OUTPUT_CHARACTERS);
  // eight bodies of exactly the limit: the loop budget (8 x the limit) is met, not passed
  assert.deepEqual(render('{{#each switch.labels}}{{@root.vars.big}}{{/each}}', { big }, context).messages, [
    `WF703 switch leaf1: the output has ${8 * MAX_OUTPUT_CHARACTERS} characters, more than the limit of ${MAX_OUTPUT_CHARACTERS}`,
  ]);
  // one character more in the last body passes the budget inside the loop
  assert.deepEqual(render('{{#each switch.labels}}{{@root.vars.big}}{{#if @last}}x{{/if}}{{/each}}', { big }, context).messages, [
    `WF703 switch leaf1: the output grows beyond ${MAX_OUTPUT_CHARACTERS} characters`,
  ]);
});

test('lookup reads keys of objects only: not a property of text, not a boolean key even where a variable has that name', () => {
  assert.deepEqual(render('{{lookup switch.name "length"}}').messages, ['WF701 switch leaf1: lookup found no "length" (line 1, column 1)']);
  assert.deepEqual(render('{{lookup vars true}}', { true: 'yes' }).messages, ['WF701 switch leaf1: lookup found no key (line 1, column 1)']);
  assert.deepEqual(render('{{lookup vars "true"}}', { true: 'yes' }), { messages: [], texts: ['yes\n'] });
});

test('a helper is checked in a subexpression, with hash arguments only, and when named by a string, number or boolean', () => {
  assert.deepEqual(check('{{lookup switch (nope 1)}}'), [`unknown helper "nope" (line 1, column 17); ${HELPERS}`]);
  assert.deepEqual(check('{{nope key=1}}'), [`unknown helper "nope" (line 1, column 1); ${HELPERS}`]);
  assert.deepEqual(check('{{"nope" switch}}'), [`unknown helper "nope" (line 1, column 1); ${HELPERS}`]);
  assert.deepEqual(check('{{5 switch}}'), [`unknown helper "5" (line 1, column 1); ${HELPERS}`]);
  assert.deepEqual(check('{{true switch}}'), [`unknown helper "true" (line 1, column 1); ${HELPERS}`]);
  assert.deepEqual(check('{{"lookup" switch "name"}}'), []);
});

test('partials and decorators are refused, each in its own words and where it is', () => {
  assert.deepEqual(check('x\n{{> p}}'), ['partials are not supported in ConfigTemplates (line 2, column 1)']);
  assert.deepEqual(check('{{#> p}}x{{/p}}'), ['partials are not supported in ConfigTemplates (line 1, column 1)']);
  assert.deepEqual(check('{{#*inline "x"}}y{{/inline}}'), ['decorators and inline partials are not supported in ConfigTemplates (line 1, column 1)']);
});
