import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigTemplateSpec } from '#api';
import type { ConfigTemplate, Diagnostic } from '#domain';
import {
  MAX_OUTPUT_CHARACTERS,
  checkTemplates,
  explainTemplates,
  normalizeText,
  renderSwitchTemplates,
  selectTemplates,
  type OwnershipRules,
  type TemplateContext,
  type TemplateDevice,
} from './index.js';

// Ownership rules of the tests' own, so these tests do not depend on the renderers.
const OWNED_TABLES = new Set(['VLAN', 'VLAN_MEMBER', 'VRF', 'VXLAN_TUNNEL']);
const OWNED_VYOS_PATHS = [['protocols', 'bgp'], ['vrf']];

function splitWords(line: string): string[] {
  if ((line.match(/'/g) ?? []).length % 2 !== 0) throw new Error('unterminated single quote');
  return (line.match(/'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^'(.*)'$/, '$1'));
}

const RULES: OwnershipRules = {
  configDbTableOwned: (table) => OWNED_TABLES.has(table),
  configDbKeyOwned: (table, key) => table.startsWith('ACL_') && key.startsWith('WEFT_'),
  frrLineOwned: (line) => /^(router bgp|vrf |vni )/.test(line),
  vyosPathOwned: (words) => OWNED_VYOS_PATHS.some((owned) => owned.every((word, index) => words[index + 1] === word)),
  splitVyosCommand: splitWords,
};

function template(name: string, spec: ConfigTemplateSpec): ConfigTemplate {
  return { apiVersion: 'policy.weft.dev/v1alpha1', kind: 'ConfigTemplate', metadata: { name }, spec };
}

const FABRIC = { spineAsn: 65100, loopbacks: '10.0.0.0/24', mtu: 9100, anycastGatewayMac: '00:00:5e:00:01:01' };

function context(overrides: Partial<TemplateContext['switch']> = {}): TemplateContext {
  return {
    switch: { name: 'leaf1', role: 'leaf', os: 'sonic', asn: 65101, routerId: '10.0.0.11', labels: { rack: 'r1', site: 'ams' }, ...overrides },
    fabric: FABRIC,
  };
}

const LEAF1: TemplateDevice = { name: 'leaf1', role: 'leaf', os: 'sonic', labels: { rack: 'r1', site: 'ams' } };
const SPINE1: TemplateDevice = { name: 'spine1', role: 'spine', os: 'sonic', labels: { site: 'ams' } };
const BORDER_VYOS: TemplateDevice = { name: 'border1', role: 'border', os: 'vyos' };
const BORDER_FRR: TemplateDevice = { name: 'border2', role: 'border', os: 'frr', labels: { site: 'fra' } };

function names(templates: readonly ConfigTemplate[]): string[] {
  return templates.map((t) => t.metadata.name);
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

function renderOne(spec: ConfigTemplateSpec, ctx: TemplateContext = context()) {
  return renderSwitchTemplates([template('extra', spec)], ctx, RULES);
}

test('selection: roles, os, labels and names must all match; no selector matches every switch the target fits', () => {
  const templates = [
    template('spines', { target: 'frr', selector: { roles: ['spine'] }, template: 'log syslog' }),
    template('everywhere-frr', { target: 'frr', template: 'log syslog' }),
    template('rack1', { target: 'configdb', selector: { labels: { rack: 'r1' } }, template: '{}' }),
    template('ams-leaves', { target: 'configdb', selector: { roles: ['leaf'], labels: { site: 'ams' } }, template: '{}' }),
    template('by-name', { target: 'frr', selector: { names: ['leaf1', 'border2'] }, template: 'log syslog' }),
    template('sonic-only', { target: 'frr', selector: { os: ['sonic'] }, template: 'log syslog' }),
    template('vyos-ntp', { target: 'vyos', template: 'set service ntp server 192.0.2.123' }),
    template('nobody', { target: 'frr', selector: { names: [] }, template: 'log syslog' }),
  ];
  assert.deepEqual(names(selectTemplates(templates, LEAF1)), ['ams-leaves', 'by-name', 'everywhere-frr', 'rack1', 'sonic-only']);
  assert.deepEqual(names(selectTemplates(templates, SPINE1)), ['everywhere-frr', 'sonic-only', 'spines']);
  // configdb does not fit FRR nodes, frr text does not fit VyOS (VyOS owns its FRR).
  assert.deepEqual(names(selectTemplates(templates, BORDER_FRR)), ['by-name', 'everywhere-frr']);
  assert.deepEqual(names(selectTemplates(templates, BORDER_VYOS)), ['vyos-ntp']);
  // A label the switch lacks, or has with another value, does not match.
  assert.deepEqual(names(selectTemplates(templates, { ...LEAF1, labels: { site: 'ams' } })), ['ams-leaves', 'by-name', 'everywhere-frr', 'sonic-only']);
  assert.deepEqual(names(selectTemplates(templates, { ...LEAF1, labels: { rack: 'r2', site: 'fra' } })), ['by-name', 'everywhere-frr', 'sonic-only']);
});

test('explain says which templates apply to a switch and why the others do not', () => {
  const templates = [
    template('spines', { target: 'frr', selector: { roles: ['spine'] }, template: 'log syslog' }),
    template('rack2', { target: 'configdb', selector: { labels: { rack: 'r2', room: 'a' } }, template: '{}' }),
    template('ntp', { target: 'configdb', template: '{}' }),
    template('vyos-ntp', { target: 'vyos', selector: { roles: ['leaf'] }, template: 'set service ntp server 192.0.2.123' }),
    template('leaves', { target: 'frr', selector: { roles: ['leaf'], names: ['leaf1', 'leaf2'] }, template: 'log syslog' }),
  ];
  assert.deepEqual(explainTemplates(templates, LEAF1), [
    { template: 'leaves', target: 'frr', selected: true, reason: 'target frr fits sonic; selector.roles [leaf] includes leaf; selector.names [leaf1, leaf2] includes leaf1' },
    { template: 'ntp', target: 'configdb', selected: true, reason: 'no selector; target configdb fits sonic' },
    {
      template: 'rack2',
      target: 'configdb',
      selected: false,
      reason: 'selector.labels rack=r2 does not match (the switch has rack=r1); selector.labels room=a does not match (the switch has no label room)',
    },
    { template: 'spines', target: 'frr', selected: false, reason: 'selector.roles [spine] does not include leaf' },
    { template: 'vyos-ntp', target: 'vyos', selected: false, reason: 'target vyos applies to vyos switches, not sonic' },
  ]);
});

test('checkTemplates reports Handlebars syntax errors with their line, and targets no switch can take', () => {
  const diagnostics = checkTemplates([
    template('broken', { target: 'frr', template: 'log syslog\nlog host {{vars.x}\nlog stdout\n' }),
    template('fine', { target: 'frr', selector: { names: ['no-such-switch'] }, template: 'log syslog {{vars.level}}' }),
    template('vyos-on-sonic', { target: 'vyos', selector: { os: ['sonic', 'vyos'] }, template: 'set service ntp' }),
  ]);
  assert.deepEqual(codes(diagnostics), ['WF700', 'WF704']);
  const [syntax, target] = diagnostics as [Diagnostic, Diagnostic];
  assert.equal(syntax.path, 'ConfigTemplate broken spec.template');
  assert.match(syntax.message, /^the template does not parse: Parse error on line 2:\n/);
  assert.equal(target.path, 'ConfigTemplate vyos-on-sonic spec.selector.os');
  assert.equal(target.message, 'selector.os lists sonic, but target vyos applies to vyos switches only');
});

test('checkTemplates refuses partials, decorators, unknown helpers and JavaScript built-ins', () => {
  const diagnostics = checkTemplates([
    template('partial', { target: 'frr', template: 'log syslog\n  {{> banner}}' }),
    template('inline', { target: 'frr', template: '{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}' }),
    template('helper', { target: 'frr', template: '{{uppercase vars.level}}' }),
    template('log', { target: 'frr', template: '{{log "hello"}}' }),
    template('proto', { target: 'frr', template: '{{switch.constructor}}' }),
  ]);
  const messages = diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);
  assert.ok(messages.includes('WF700 ConfigTemplate helper spec.template: unknown helper "uppercase" (line 1, column 1); the helpers are each, if, lookup, unless, with'), messages.join('\n'));
  assert.ok(messages.includes('WF700 ConfigTemplate log spec.template: unknown helper "log" (line 1, column 1); the helpers are each, if, lookup, unless, with'));
  assert.ok(messages.includes('WF700 ConfigTemplate partial spec.template: partials are not supported in ConfigTemplates (line 2, column 3)'));
  assert.ok(messages.some((m) => m.startsWith('WF700 ConfigTemplate inline spec.template: decorators and inline partials are not supported')));
  assert.ok(messages.includes('WF700 ConfigTemplate proto spec.template: "switch.constructor" reads the JavaScript built-in "constructor", not a template variable (line 1, column 3)'));
});

test('variables from spec.variables, the switch and the fabric render', () => {
  const result = renderOne({
    target: 'frr',
    variables: { syslogServer: '192.0.2.10', level: 'informational' },
    template: [
      '! {{switch.name}} ({{switch.role}}, {{switch.os}}) AS {{switch.asn}} id {{switch.routerId}}   ',
      'log syslog {{vars.level}}',
      '{{#each switch.labels}}',
      '! label {{@key}}={{this}}',
      '{{/each}}',
      '{{#if switch.description}}! {{switch.description}}{{/if}}',
      '! fabric spine AS {{fabric.spineAsn}}, mtu {{fabric.mtu}}, loopbacks {{fabric.loopbacks}}',
      '',
      '',
    ].join('\n'),
  });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.outputs, [
    {
      template: 'extra',
      target: 'frr',
      text: [
        '! leaf1 (leaf, sonic) AS 65101 id 10.0.0.11',
        'log syslog informational',
        '! label rack=r1',
        '! label site=ams',
        '',
        '! fabric spine AS 65100, mtu 9100, loopbacks 10.0.0.0/24',
        '',
      ].join('\n'),
    },
  ]);
});

test('strict mode: a missing variable is WF701 naming the template, the switch and the variable', () => {
  const result = renderOne({ target: 'frr', variables: { level: 'debugging' }, template: 'log syslog {{vars.level}}\nlog host {{vars.syslogServer}}\n' });
  assert.deepEqual(result.outputs, []);
  assert.equal(result.diagnostics.length, 1);
  const [diagnostic] = result.diagnostics as [Diagnostic];
  assert.equal(diagnostic.code, 'WF701');
  assert.equal(diagnostic.path, 'ConfigTemplate extra spec.template');
  assert.equal(diagnostic.message, 'switch leaf1: variable "vars.syslogServer" is not defined (line 2, column 12)');
  // Inside a loop and in a missing switch field too, and `if` may test for a missing one.
  const each = renderOne({ target: 'frr', template: '{{#each vars.servers}}log host {{this}}\n{{/each}}' });
  assert.equal(each.diagnostics[0]?.message, 'switch leaf1: variable "vars.servers" is not defined (line 1, column 9)');
  const description = renderOne({ target: 'frr', template: '! {{switch.description}}' });
  assert.equal(description.diagnostics[0]?.message, 'switch leaf1: variable "switch.description" is not defined (line 1, column 5)');
  const guarded = renderOne({ target: 'frr', template: '{{#if vars.servers}}log host {{vars.servers}}{{else}}log syslog{{/if}}' });
  assert.deepEqual(guarded.outputs.map((o) => o.text), ['log syslog\n']);
  const lookup = renderOne({ target: 'frr', variables: { a: '1' }, template: 'log syslog {{lookup vars "b"}}' });
  assert.equal(lookup.diagnostics[0]?.message, 'switch leaf1: lookup found no "b" (line 1, column 12)');
});

test('a template that does not compile is WF700 when rendered too, and produces nothing', () => {
  const spec: ConfigTemplateSpec = { target: 'frr', template: 'log syslog\n{{#each vars}}{{/with}}\n' };
  const result = renderOne(spec);
  assert.deepEqual(result.outputs, []);
  assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.message}`), ["WF700 the template does not parse: each doesn't match with - 2:3"]);
  // The same diagnostic as checkTemplates gives, so a caller running both can deduplicate.
  assert.deepEqual(result.diagnostics, checkTemplates([template('extra', spec)]));
});

test('configdb: NTP_SERVER and SYSLOG_SERVER pass as canonical JSON; VLAN is Weft\'s (WF702)', () => {
  const ntp = renderOne({
    target: 'configdb',
    variables: { ntp: '192.0.2.123', syslog: '192.0.2.10' },
    template: '{"SYSLOG_SERVER": {"{{vars.syslog}}": {"port": "514"}}, "NTP_SERVER": {"{{vars.ntp}}": {"iburst": "on", "association_type": "server"}}}',
  });
  assert.deepEqual(ntp.diagnostics, []);
  assert.deepEqual(ntp.outputs, [
    {
      template: 'extra',
      target: 'configdb',
      text: `${JSON.stringify(
        { NTP_SERVER: { '192.0.2.123': { association_type: 'server', iburst: 'on' } }, SYSLOG_SERVER: { '192.0.2.10': { port: '514' } } },
        null,
        2,
      )}\n`,
    },
  ]);
  const vlan = renderOne({ target: 'configdb', template: '{"NTP_SERVER": {"192.0.2.1": {}}, "VLAN": {"Vlan100": {"vlanid": "100"}}}' });
  assert.deepEqual(vlan.outputs, []);
  assert.deepEqual(codes(vlan.diagnostics), ['WF702']);
  assert.equal(vlan.diagnostics[0]?.message, 'switch leaf1: the output writes table VLAN, which Weft owns');
});

test('configdb: an operator ACL passes; an entry of Weft\'s own WEFT_* ACLs is WF702', () => {
  const own = renderOne({ target: 'configdb', template: '{"ACL_TABLE": {"SSH_ONLY": {"type": "CTRLPLANE", "services": ["SSH"]}}}' });
  assert.deepEqual(own.diagnostics, []);
  const weft = renderOne({ target: 'configdb', template: '{"ACL_RULE": {"WEFT_VRF1|ALLOW_ALL": {"PRIORITY": "99999", "PACKET_ACTION": "FORWARD"}}}' });
  assert.deepEqual(weft.outputs, []);
  assert.deepEqual(codes(weft.diagnostics), ['WF702']);
  assert.equal(weft.diagnostics[0]?.message, 'switch leaf1: the output writes ACL_RULE|WEFT_VRF1|ALLOW_ALL, which Weft owns');
});

test('configdb: output that is not JSON, or not tables of entries of string fields, is WF703', () => {
  const notJson = renderOne({ target: 'configdb', template: '{"NTP_SERVER": {' });
  assert.deepEqual(codes(notJson.diagnostics), ['WF703']);
  assert.match(notJson.diagnostics[0]?.message ?? '', /^switch leaf1: the output is not JSON: .+/);
  const shapes = renderOne({ target: 'configdb', template: '{"NTP_SERVER": {"192.0.2.1": {"iburst": true}, "192.0.2.2": "x"}, "SNMP": []}' });
  assert.deepEqual(shapes.diagnostics.map((d) => d.message), [
    'switch leaf1: NTP_SERVER["192.0.2.1"].iburst must be a string or a list of strings, got true',
    'switch leaf1: NTP_SERVER["192.0.2.2"] must be an object of fields, got "x"',
    'switch leaf1: table SNMP must be an object of keys, got an array',
  ]);
  const array = renderOne({ target: 'configdb', template: '[]' });
  assert.equal(array.diagnostics[0]?.message, 'switch leaf1: the output must be a JSON object of CONFIG_DB tables, got an array');
});

test('frr: logging passes; router bgp is rejected with its line number and statement', () => {
  const logging = renderOne({ target: 'frr', template: 'log syslog informational\n!\nlog timestamp precision 3\n' });
  assert.deepEqual(logging.diagnostics, []);
  assert.equal(logging.outputs[0]?.text, 'log syslog informational\n!\nlog timestamp precision 3\n');
  const bgp = renderOne({ target: 'frr', template: 'log syslog\nrouter bgp 65000\n neighbor 192.0.2.1 remote-as 65001\n' });
  assert.deepEqual(bgp.outputs, []);
  assert.deepEqual(codes(bgp.diagnostics), ['WF702']);
  assert.equal(bgp.diagnostics[0]?.message, 'switch leaf1: output line 2 "router bgp 65000" configures what Weft owns');
});

test('vyos: set service ntp passes; protocols bgp is Weft\'s (WF702); anything but set/delete is WF703', () => {
  const vyos = context({ name: 'border1', role: 'border', os: 'vyos', labels: {} });
  const ntp = renderOne({ target: 'vyos', template: '# time\nset service ntp server 192.0.2.123\ndelete service ntp server 192.0.2.1\n' }, vyos);
  assert.deepEqual(ntp.diagnostics, []);
  assert.equal(ntp.outputs[0]?.text, '# time\nset service ntp server 192.0.2.123\ndelete service ntp server 192.0.2.1\n');
  const bgp = renderOne({ target: 'vyos', template: 'set service ntp server 192.0.2.123\nset protocols bgp system-as 1\n' }, vyos);
  assert.deepEqual(bgp.outputs, []);
  assert.deepEqual(bgp.diagnostics.map((d) => `${d.code} ${d.message}`), [
    'WF702 switch border1: output line 2 "set protocols bgp system-as 1" changes configuration Weft owns',
  ]);
  const notSet = renderOne({ target: 'vyos', template: 'set service ntp server 192.0.2.123\nrun reboot now\nset\n' }, vyos);
  assert.deepEqual(notSet.diagnostics.map((d) => `${d.code} ${d.message}`), [
    'WF703 switch border1: output line 2 "run reboot now" is not a set or delete command',
    'WF703 switch border1: output line 3 "set" is not a set or delete command',
  ]);
  const quote = renderOne({ target: 'vyos', template: "set system login banner post-login 'hello\n" }, vyos);
  assert.deepEqual(quote.diagnostics.map((d) => `${d.code} ${d.message}`), [
    'WF703 switch border1: output line 1 "set system login banner post-login \'hello" does not tokenize: unterminated single quote',
  ]);
});

test('a template that renders nothing for a switch gives no output and no error', () => {
  const result = renderOne({ target: 'frr', template: '{{#if switch.labels.syslog}}log syslog{{/if}}\n\n' });
  assert.deepEqual(result, { outputs: [], diagnostics: [] });
});

test('rendering is deterministic: input order of templates and labels does not matter', () => {
  const templates = [
    template('b-syslog', { target: 'frr', template: 'log syslog\n{{#each switch.labels}}! {{@key}}={{this}}\n{{/each}}' }),
    template('a-ntp', { target: 'configdb', template: '{"NTP_SERVER": {"192.0.2.2": {}, "192.0.2.10": {}, "192.0.2.1": {}}}' }),
    template('c-missing', { target: 'frr', template: '{{vars.nope}}' }),
  ];
  const first = renderSwitchTemplates(templates, context({ labels: { zone: 'z', rack: 'r1', site: 'ams' } }), RULES);
  const second = renderSwitchTemplates([...templates].reverse(), context({ labels: { site: 'ams', rack: 'r1', zone: 'z' } }), RULES);
  assert.equal(JSON.stringify(second), JSON.stringify(first));
  assert.deepEqual(first.outputs.map((o) => o.template), ['a-ntp', 'b-syslog']);
  assert.equal(first.outputs[1]?.text, 'log syslog\n! rack=r1\n! site=ams\n! zone=z\n');
  assert.equal(first.outputs[0]?.text, `${JSON.stringify({ NTP_SERVER: { '192.0.2.1': {}, '192.0.2.2': {}, '192.0.2.10': {} } }, null, 2)}\n`);
  assert.deepEqual(codes(first.diagnostics), ['WF701']);
});

test('hostile templates end in diagnostics, never in an exception, a hang or empty output', () => {
  const labels = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`k${index}`, `v${index}`]));
  const ctx = context({ labels });
  const big = 'x'.repeat(4096);
  const loops = (depth: number, body: string): string => '{{#each @root.switch.labels}}'.repeat(depth) + body + '{{/each}}'.repeat(depth);
  const cases: readonly [string, string, string][] = [
    ['huge output', '{{vars.big}}\n'.repeat(300), 'WF703'],
    ['huge output in loops', loops(4, '{{@root.vars.big}}'), 'WF703'],
    ['endless loops', loops(12, ''), 'WF701'],
    ['each over a missing key', '{{#each vars.missing}}x{{/each}}', 'WF701'],
    ['each without a list', '{{#each}}x{{/each}}', 'WF701'],
    ['a helper that does not exist', '{{shout vars.big}}', 'WF700'],
    ['a block helper that does not exist', '{{#repeat 1000000000}}x{{/repeat}}', 'WF700'],
    ['recursive inline partial', '{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}', 'WF700'],
    ['an object written as text', '{{switch.labels}}', 'WF701'],
    ['a field of text', '{{vars.big.length.x}}', 'WF701'],
    ['prototype access', '{{vars.__proto__.polluted}}', 'WF700'],
    ['unterminated block', '{{#each switch.labels}}', 'WF700'],
  ];
  for (const [what, source, code] of cases) {
    const render = () => renderSwitchTemplates([template('hostile', { target: 'frr', variables: { big }, template: source })], ctx, RULES);
    assert.doesNotThrow(render, what);
    const result = render();
    assert.deepEqual(result.outputs, [], what);
    const found = codes(result.diagnostics);
    assert.ok(found.length > 0 && found.every((c) => c === code), `${what}: ${found.join(', ')}`);
  }
  const throwingRules: OwnershipRules = { ...RULES, frrLineOwned: () => { throw new Error('rule crashed'); } };
  const crashed = renderSwitchTemplates([template('t', { target: 'frr', template: 'log syslog' })], context(), throwingRules);
  assert.deepEqual(crashed.diagnostics.map((d) => `${d.code} ${d.message}`), ['WF701 switch leaf1: the template could not be rendered: rule crashed']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('output over the size limit is refused even without loops', () => {
  const source = `{{vars.line}}\n`.repeat(Math.ceil(MAX_OUTPUT_CHARACTERS / 4000) + 1);
  const result = renderOne({ target: 'frr', variables: { line: `! ${'y'.repeat(4000)}` }, template: source });
  assert.deepEqual(result.outputs, []);
  assert.match(result.diagnostics[0]?.message ?? '', /^switch leaf1: the output has \d+ characters, more than the limit of 1048576$/);
});

test('normalizeText trims trailing whitespace and blank edges and ends with one newline', () => {
  assert.equal(normalizeText('\n\n a  \r\nb\t\n\n\n'), ' a\nb\n');
  assert.equal(normalizeText('a\n\n\nb'), 'a\n\n\nb\n');
  assert.equal(normalizeText(' \n\t\n'), '');
});
