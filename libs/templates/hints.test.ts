// The hints a template author reads under each kind of problem, and the less common shapes of
// output: comments and indented lines, short commands, floods of owned lines, rules that throw
// something that is no Error, and a template read from a file (its source travels along).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigTemplateSpec } from '#api';
import type { ConfigTemplate, Diagnostic } from '#domain';
import { LEAF1_TEMPLATE_CONTEXT as CONTEXT, TEMPLATE_RULES as RULES, configTemplate as template } from '#testing';
import { checkTemplates, MAX_OUTPUT_CHARACTERS, renderSwitchTemplates, type OwnershipRules, type TemplateContext } from './index.js';

const VYOS: TemplateContext = { ...CONTEXT, switch: { ...CONTEXT.switch, name: 'border1', role: 'border', os: 'vyos' } };

const SYNTAX_HINT = 'ConfigTemplates are Handlebars templates in strict mode; the helpers are each, if, unless, with and lookup';
const RENDER_HINT = 'define the variable in spec.variables, or guard it with {{#if ...}}; the data is switch, fabric and vars';
const CONFIGDB_OUTPUT_HINT = 'a configdb template renders a JSON object of CONFIG_DB tables: {"TABLE": {"key": {"field": "value"}}}';
const VYOS_OUTPUT_HINT = 'a vyos template renders VyOS commands, one per line: set <path> [value] or delete <path>; # starts a comment';
const FRR_OWNED_HINT = 'Weft generates BGP, VRFs and EVPN from VPCs and wiring; a template may add FRR configuration Weft does not generate, such as logging';

function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.path}: ${d.message} | ${d.hint ?? 'no hint'}`);
}

function render(spec: ConfigTemplateSpec, context: TemplateContext = CONTEXT, rules: OwnershipRules = RULES): { lines: string[]; texts: string[] } {
  const result = renderSwitchTemplates([template('t', spec)], context, rules);
  return { lines: lines(result.diagnostics), texts: result.outputs.map((o) => o.text) };
}

test('a template that does not compile, or does not render, says what templates are and where data comes from', () => {
  assert.deepEqual(lines(checkTemplates([template('t', { target: 'frr', template: '{{shout vars.x}}' })])), [
    `WF700 ConfigTemplate t spec.template: unknown helper "shout" (line 1, column 1); the helpers are each, if, lookup, unless, with | ${SYNTAX_HINT}`,
  ]);
  assert.deepEqual(render({ target: 'frr', template: 'log host {{vars.server}}' }).lines, [
    `WF701 ConfigTemplate t spec.template: switch leaf1: variable "vars.server" is not defined (line 1, column 12) | ${RENDER_HINT}`,
  ]);
});

test('output too large has no hint about variables: nothing is missing', () => {
  const source = `{{vars.line}}\n`.repeat(Math.ceil(MAX_OUTPUT_CHARACTERS / 4000) + 1);
  const result = renderSwitchTemplates([template('t', { target: 'frr', variables: { line: `! ${'y'.repeat(4000)}` }, template: source })], CONTEXT, RULES);
  assert.deepEqual(result.outputs, []);
  assert.deepEqual(result.diagnostics.map((d) => [d.code, d.hint]), [['WF703', undefined]]);
});

test('CONFIG_DB output that is not JSON names the parser\'s reason and shows the shape to write', () => {
  const [line = '', ...more] = render({ target: 'configdb', template: '{"NTP_SERVER": {' }).lines;
  assert.deepEqual(more, []);
  // the reason is the parser's own message (not "SyntaxError: ..."), whatever its wording after that
  assert.ok(line.startsWith("WF703 ConfigTemplate t spec.template: switch leaf1: the output is not JSON: Expected property name or '}' in JSON at position 17"), line);
  assert.ok(line.endsWith(` | ${CONFIGDB_OUTPUT_HINT}`), line);
});

test('a selector.os the target does not take says how to fix it', () => {
  assert.deepEqual(lines(checkTemplates([template('t', { target: 'configdb', selector: { os: ['sonic', 'frr'] }, template: '{}' })])), [
    'WF704 ConfigTemplate t spec.selector.os: selector.os lists frr, but target configdb applies to sonic switches only | remove frr from selector.os, or write a separate template with the target that frr takes',
  ]);
});

test('frr: comments are not configuration; an indented owned line is owned and quoted trimmed', () => {
  // even by rules that would take the words of a comment for Weft's
  const anywhere: OwnershipRules = { ...RULES, frrLineOwned: (line) => line.includes('router bgp') };
  assert.deepEqual(render({ target: 'frr', template: '! router bgp 65000 is Weft\'s\nlog syslog\n' }, CONTEXT, anywhere), { lines: [], texts: ["! router bgp 65000 is Weft's\nlog syslog\n"] });
  assert.deepEqual(render({ target: 'frr', template: 'log syslog\n  router bgp 65000\n' }).lines, [
    `WF702 ConfigTemplate t spec.template: switch leaf1: output line 2 "router bgp 65000" configures what Weft owns | ${FRR_OWNED_HINT}`,
  ]);
});

test('a flood of owned lines is cut after twenty, and the count of the rest is an owned problem too', () => {
  const source = Array.from({ length: 25 }, (_, i) => `router bgp ${65000 + i}`).join('\n');
  const found = render({ target: 'frr', template: source }).lines;
  assert.equal(found.length, 21);
  assert.ok(found.includes(`WF702 ConfigTemplate t spec.template: switch leaf1: and 5 more problems like these | ${FRR_OWNED_HINT}`), found.join('\n'));
  assert.ok(found.includes(`WF702 ConfigTemplate t spec.template: switch leaf1: output line 20 "router bgp 65019" configures what Weft owns | ${FRR_OWNED_HINT}`));
  assert.ok(!found.some((line) => line.includes('output line 21 ')));
});

test('vyos: indented commands and two-word commands are commands; anything else shows the form to write', () => {
  assert.deepEqual(render({ target: 'vyos', template: '  set service ntp\ndelete banner\n' }, VYOS), { lines: [], texts: ['  set service ntp\ndelete banner\n'] });
  assert.deepEqual(render({ target: 'vyos', template: 'show configuration' }, VYOS).lines, [
    `WF703 ConfigTemplate t spec.template: switch border1: output line 1 "show configuration" is not a set or delete command | ${VYOS_OUTPUT_HINT}`,
  ]);
});

test('ownership rules that throw something other than an Error are reported with what they threw', () => {
  const tokenizer: OwnershipRules = {
    ...RULES,
    splitVyosCommand: () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a foreign rule may throw anything
      throw 'no words';
    },
  };
  assert.deepEqual(render({ target: 'vyos', template: 'set service ntp' }, VYOS, tokenizer).lines, [
    `WF703 ConfigTemplate t spec.template: switch border1: output line 1 "set service ntp" does not tokenize: no words | ${VYOS_OUTPUT_HINT}`,
  ]);
  const owner: OwnershipRules = {
    ...RULES,
    frrLineOwned: () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a foreign rule may throw anything
      throw 42;
    },
  };
  assert.deepEqual(render({ target: 'frr', template: 'log syslog' }, CONTEXT, owner).lines, [
    'WF701 ConfigTemplate t spec.template: switch leaf1: the template could not be rendered: 42 | no hint',
  ]);
});

test('a template read from a file keeps its source on every diagnostic', () => {
  const fromFile: ConfigTemplate = { ...template('t', { target: 'frr', template: 'log host {{vars.server}}' }), source: 'templates.yaml:7' };
  const rendered = renderSwitchTemplates([fromFile], CONTEXT, RULES).diagnostics;
  assert.deepEqual(rendered.map((d) => [d.code, d.source]), [['WF701', 'templates.yaml:7']]);
  const checked = checkTemplates([{ ...fromFile, spec: { target: 'frr', template: '{{> p}}' } }]);
  assert.deepEqual(checked.map((d) => [d.code, d.source]), [['WF700', 'templates.yaml:7']]);
});
