// What a template author reads for a missing variable passed as a helper's hash argument, a
// `lookup` by a key that is no name, and a target that names no OS, not even a built-in name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigTemplateSpec } from '#api';
import type { ConfigTemplate } from '#domain';
import { checkTemplates, explainTemplates, renderSwitchTemplates, targetFitsOs, type OwnershipRules, type TemplateContext } from './index.js';

const RULES: OwnershipRules = {
  configDbTableOwned: (table) => table === 'VLAN',
  frrLineOwned: (line) => line.startsWith('router bgp'),
  vyosPathOwned: () => false,
  splitVyosCommand: (line) => line.split(' '),
};

const template = (name: string, spec: ConfigTemplateSpec): ConfigTemplate => ({ apiVersion: 'policy.weft.dev/v1alpha1', kind: 'ConfigTemplate', metadata: { name }, spec });
const CONTEXT: TemplateContext = {
  switch: { name: 'leaf1', role: 'leaf', os: 'sonic', asn: 65101, routerId: '10.0.0.11', labels: { rack: 'r1' } },
  fabric: { spineAsn: 65100, loopbacks: '10.0.0.0/24', mtu: 9100, anycastGatewayMac: '00:00:5e:00:01:01' },
};

function render(source: string): { messages: string[]; texts: string[] } {
  const result = renderSwitchTemplates([template('t', { target: 'frr', variables: { one: 'x' }, template: source })], CONTEXT, RULES);
  return { messages: result.diagnostics.map((d) => `${d.code} ${d.message}`), texts: result.outputs.map((o) => o.text) };
}

test('a missing variable given as a hash argument of a helper fails the render, naming it and where it is', () => {
  assert.deepEqual(render('{{#each switch.labels key=vars.nope}}{{this}}{{/each}}'), {
    messages: ['WF701 switch leaf1: variable "vars.nope" is not defined (line 1, column 27)'],
    texts: [],
  });
  assert.deepEqual(render('{{#each switch.labels key=vars.one}}! {{this}}\n{{/each}}').texts, ['! r1\n']);
});

test('lookup by a key that is no name says it found no key; by a number, names the number', () => {
  assert.deepEqual(render('{{lookup switch true}}').messages, ['WF701 switch leaf1: lookup found no key (line 1, column 1)']);
  assert.deepEqual(render('{{lookup switch 5}}').messages, ['WF701 switch leaf1: lookup found no "5" (line 1, column 1)']);
});

test('a target that is no OS\'s, such as a name every object has, fits no switch', () => {
  for (const target of ['toString', 'constructor', 'sonic']) {
    assert.equal(targetFitsOs(target, 'sonic'), false, target);
    const explained = explainTemplates([template('odd', { target: target as ConfigTemplateSpec['target'], template: 'x' })], { name: 'leaf1', role: 'leaf', os: 'sonic' });
    assert.deepEqual(explained.map((e) => [e.selected, e.reason]), [[false, `target "${target}" is unknown (configdb, frr or vyos)`]], target);
  }
  assert.equal(targetFitsOs('frr', 'frr'), true);
  assert.ok(checkTemplates([template('odd', { target: 'toString' as ConfigTemplateSpec['target'], template: 'x' })]).length > 0);
});
