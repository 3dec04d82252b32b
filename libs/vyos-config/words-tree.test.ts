import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigTree, parseCommands, parseDesired, parseRunning, renderCommand, renderWord, splitWords, VyosConfigError } from './index.js';

const texts = (line: string): string[] => splitWords(line).map((word) => word.text);

test('splitWords reads words as bash does: quotes, escapes, comments', () => {
  assert.deepEqual(texts(`set interfaces ethernet eth0 description 'to spine 1'`), ['set', 'interfaces', 'ethernet', 'eth0', 'description', 'to spine 1']);
  assert.deepEqual(texts(`set a "b \\"c\\" \\$d" e\\ f 'g'"h"`), ['set', 'a', 'b "c" $d', 'e f', 'gh']);
  assert.deepEqual(texts('  set a b   # a comment'), ['set', 'a', 'b']);
  assert.deepEqual(texts('# only a comment'), []);
  assert.deepEqual(texts('set a b#c'), ['set', 'a', 'b#c'], 'a # inside a word is not a comment');
  assert.deepEqual(texts("set a ''"), ['set', 'a', '']);
  // show configuration commands is data: an unquoted * or $ is a character, never expanded
  assert.deepEqual(texts('set system login banner pre-login $HOME*'), ['set', 'system', 'login', 'banner', 'pre-login', '$HOME*']);
});

test('splitWords marks the quoted words (VyOS quotes leaf values only)', () => {
  const words = splitWords("set interfaces ethernet eth0 mtu '9100'");
  assert.deepEqual(
    words.map((word) => word.quoted),
    [false, false, false, false, false, true],
  );
});

test('splitWords refuses an open quote or a trailing backslash', () => {
  assert.throws(() => splitWords("set a 'b"), VyosConfigError);
  assert.throws(() => splitWords('set a "b'), VyosConfigError);
  assert.throws(() => splitWords('set a b\\'), /continue the command/);
});

test('renderWord: plain words bare, leaf values and anything else single-quoted, quotes and line breaks refused', () => {
  assert.equal(renderWord('eth0', false), 'eth0');
  assert.equal(renderWord('10.0.0.1/32', false), '10.0.0.1/32');
  assert.equal(renderWord('9100', true), "'9100'");
  assert.equal(renderWord('to spine 1', false), "'to spine 1'");
  for (const hostile of ['$(reboot)', '`id`', 'a;b', 'a|b', '~root', '*', 'a&b', '#x', 'a>b']) {
    assert.equal(renderWord(hostile, false), `'${hostile}'`, hostile);
  }
  assert.equal(renderWord('', false), "''");
  assert.throws(() => renderWord("it's", true), /quotes or line breaks/);
  assert.throws(() => renderWord('a"b', true), /quotes or line breaks/);
  assert.throws(() => renderWord('a\nset system login user x', true), /quotes or line breaks/);
  assert.throws(() => renderWord('a\u0007b', true), /control characters/);
});

test('a hostile word read back through splitWords is the same single word', () => {
  for (const hostile of ['$(reboot)', 'a; set system login user evil', 'x `id` y', '\\', 'a  b']) {
    const line = renderCommand({ verb: 'set', path: ['system', 'login', 'banner', 'pre-login', hostile], quoted: [false, false, false, false, true] });
    assert.deepEqual(texts(line), ['set', 'system', 'login', 'banner', 'pre-login', hostile], line);
  }
});

test('ConfigTree: leaf values are words; a multi-value leaf has several; terminals are the set lines', () => {
  const { tree } = parseRunning(
    [
      "set interfaces ethernet eth0 address '10.0.0.1/31'",
      "set interfaces ethernet eth0 address '10.0.0.3/31'",
      "set interfaces ethernet eth0 hw-id '52:54:00:00:00:01'",
      'set protocols bgp parameters bestpath as-path multipath-relax',
    ].join('\n'),
  );
  assert.deepEqual([...(tree.get(['interfaces', 'ethernet', 'eth0', 'address'])?.children.keys() ?? [])], ['10.0.0.1/31', '10.0.0.3/31']);
  assert.equal(tree.has(['protocols', 'bgp', 'parameters', 'bestpath', 'as-path', 'multipath-relax']), true);
  assert.deepEqual(tree.toCommands(), [
    "set interfaces ethernet eth0 address '10.0.0.1/31'",
    "set interfaces ethernet eth0 address '10.0.0.3/31'",
    "set interfaces ethernet eth0 hw-id '52:54:00:00:00:01'",
    'set protocols bgp parameters bestpath as-path multipath-relax',
  ]);
});

test('ConfigTree.remove deletes a subtree and the ancestors it leaves empty, nothing else', () => {
  const tree = parseRunning("set a b c 'v'\nset a d 'w'\n").tree;
  assert.equal(tree.remove(['a', 'b', 'c', 'v']), true);
  assert.deepEqual(tree.toCommands(), ["set a d 'w'"]);
  assert.equal(tree.remove(['a', 'x']), false);
  assert.equal(tree.remove([]), false);
  assert.equal(tree.remove(['a']), true);
  assert.equal(tree.empty, true);
});

test('ConfigTree.clone is independent and keeps quoting', () => {
  const tree = parseRunning("set system host-name 'border1'").tree;
  const copy = tree.clone();
  copy.remove(['system']);
  assert.deepEqual(tree.toCommands(), ["set system host-name 'border1'"]);
  assert.equal(copy.empty, true);
  assert.deepEqual(ConfigTree.fromPaths([splitWords("system host-name 'x'")]).toCommands(), ["set system host-name 'x'"]);
});

test('parseCommands names each bad line: unknown verbs, missing paths, open quotes', () => {
  const { statements, errors } = parseCommands(["set a 'b'", 'commit', 'delete', "set c 'd", '', '# comment', "'set' x"].join('\n'));
  assert.equal(statements.length, 1);
  assert.deepEqual(
    errors.map((error) => [error.line, error.message]),
    [
      [2, 'expected a set or delete command, found "commit"'],
      [3, 'delete without a configuration path'],
      [4, 'unterminated single quote'],
      [7, 'expected a set or delete command, found "set"'],
    ],
  );
});

test('parseDesired applies lines in order; deletes outside the tree are kept as paths to remove', () => {
  const { desired, errors } = parseDesired(["set a b 'c'", "set a x 'y'", 'delete a x', 'delete service snmp', 'delete a q', "set a q 'r'"].join('\n'));
  assert.deepEqual(errors, []);
  assert.deepEqual(desired.tree.toCommands(), ["set a b 'c'", "set a q 'r'"]);
  assert.deepEqual(desired.absent, [['a', 'x'], ['service', 'snmp']], 'a delete undone by a later set is dropped');
});

test('parseRunning reports lines that are not set commands (a banner, a delete)', () => {
  const { tree, errors } = parseRunning("Welcome\nset a 'b'\ndelete a\n");
  assert.deepEqual(tree.toCommands(), ["set a 'b'"]);
  assert.deepEqual(
    errors.map((error) => error.line),
    [1, 3],
  );
});
