// ConfigTemplate output merged into CONFIG_DB: tables of entries of string fields, merged in
// template-name order whatever order they come in; anything else is a programming error that
// names the template and the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TemplateOutput } from '#domain';
import { templateTables } from './template-tables.js';

const output = (template: string, text: string, target: TemplateOutput['target'] = 'configdb'): TemplateOutput => ({ template, target, text });

test('configdb outputs merge by template name: a later name replaces an entry, other targets are ignored', () => {
  const outputs = [
    output('b-ntp', JSON.stringify({ NTP_SERVER: { '192.0.2.1': { iburst: 'off' } }, SYSLOG_SERVER: { '192.0.2.9': { port: '514' } } })),
    output('a-ntp', JSON.stringify({ NTP_SERVER: { '192.0.2.1': { iburst: 'on' }, '192.0.2.2': { iburst: 'on' } } })),
    output('frr-log', 'log syslog', 'frr'),
  ];
  const expected = {
    NTP_SERVER: { '192.0.2.1': { iburst: 'off' }, '192.0.2.2': { iburst: 'on' } },
    SYSLOG_SERVER: { '192.0.2.9': { port: '514' } },
  };
  assert.deepEqual(templateTables(outputs), expected);
  assert.deepEqual(templateTables([...outputs].reverse()), expected);
  assert.deepEqual(templateTables([output('lists', '{"X":{"k":{"f":["a","b"]}}}')]), { X: { k: { f: ['a', 'b'] } } });
  assert.deepEqual(templateTables([]), {});
});

test('output of the wrong shape is refused, naming the template, the table, the entry and the field', () => {
  const cases: readonly [string, string][] = [
    ['not json', 'ConfigTemplate t: its configdb output is not JSON'],
    ['[]', 'ConfigTemplate t: its configdb output is not an object of tables'],
    ['null', 'ConfigTemplate t: its configdb output is not an object of tables'],
    ['{"NTP": []}', 'ConfigTemplate t: table NTP is not an object of entries'],
    ['{"NTP": {"a": "x"}}', 'ConfigTemplate t: table NTP entry "a" is not an object of fields'],
    ['{"NTP": {"a": {"f": 1}}}', 'ConfigTemplate t: table NTP entry "a" field "f" is neither a string nor a list of strings'],
    ['{"NTP": {"a": {"f": ["x", 1]}}}', 'ConfigTemplate t: table NTP entry "a" field "f" is neither a string nor a list of strings'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => templateTables([output('t', text)]), (error: unknown) => error instanceof Error && error.message.startsWith(message), text);
  }
});
