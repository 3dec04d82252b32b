// What a template author reads when `lookup` is given nothing to look up: no key, and no place,
// since Handlebars passes none when the options take the place of an argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { renderSwitchTemplates } from './index.js';

function render(source: string): { messages: string[]; texts: string[] } {
  const result = renderSwitchTemplates([template('t', { target: 'frr', template: source })], CONTEXT, RULES);
  return { messages: result.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`), texts: result.outputs.map((o) => o.text) };
}

test('lookup with nothing to look up, or only a hash, says it found no key, without a place it cannot know', () => {
  assert.deepEqual(render('log syslog {{lookup}}'), { messages: ['WF701 ConfigTemplate t spec.template: switch leaf1: lookup found no key'], texts: [] });
  assert.deepEqual(render('log syslog {{lookup switch name=1}}').messages, ['WF701 ConfigTemplate t spec.template: switch leaf1: lookup found no key']);
});
