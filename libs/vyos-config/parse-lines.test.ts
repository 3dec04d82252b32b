// How command text is read, in the cases the other tests do not meet: Windows line ends, tabs,
// every escape inside double quotes, the text and message of each bad line, and a path deleted
// twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommands, parseDesired, parseRunning, splitWords } from './index.js';

const texts = (line: string): string[] => splitWords(line).map((word) => word.text);

test('a line ending in CR is read without it, and a bad line is quoted without it', () => {
  const { statements, errors } = parseCommands("set system host-name 'border1'\r\ncommit\r\n");
  assert.deepEqual(statements.map((s) => s.path.map((w) => w.text)), [['system', 'host-name', 'border1']]);
  assert.deepEqual(errors, [{ line: 2, text: 'commit', message: 'expected a set or delete command, found "commit"' }]);
});

test('tabs separate words; in double quotes only ", \\, $ and ` are escaped', () => {
  assert.deepEqual(texts('set\tsystem\t host-name\tx'), ['set', 'system', 'host-name', 'x']);
  assert.deepEqual(texts('set a "b\\\\c \\`d\\` \\n"'), ['set', 'a', 'b\\c `d` \\n']);
  assert.deepEqual(texts('set a "x\\"y"'), ['set', 'a', 'x"y']);
});

test('an open double quote and a trailing backslash say so on their line', () => {
  const { errors } = parseCommands('set a "b\nset a b\\');
  assert.deepEqual(errors, [
    { line: 1, text: 'set a "b', message: 'unterminated double quote' },
    { line: 2, text: 'set a b\\', message: 'a trailing backslash would continue the command on the next line' },
  ]);
});

test('a delete in the running configuration is named with its path', () => {
  const { errors } = parseRunning("set a 'b'\ndelete service  snmp\n");
  assert.deepEqual(errors, [{ line: 2, text: 'service snmp', message: 'a delete in the running configuration' }]);
});

test('a path deleted twice is one absent path', () => {
  const { desired } = parseDesired('delete service snmp\ndelete service snmp\ndelete service ntp\n');
  assert.deepEqual(desired.absent, [['service', 'snmp'], ['service', 'ntp']]);
});
