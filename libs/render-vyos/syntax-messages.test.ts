// Every shell metacharacter a VyOS command may not hold unquoted, and the exact words of each
// refusal, as a template author reads them under WF703.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VyosRenderError, VyosSyntaxError, quoteVyosValue, splitVyosCommand } from './index.js';

test('each unquoted metacharacter is refused by name, with what to do', () => {
  for (const character of [';', '&', '|', '<', '>', '(', ')', '$', '`', '*', '?', '[', ']', '{', '}']) {
    assert.throws(() => splitVyosCommand(`set system login banner x${character}y`), (error: unknown) => error instanceof VyosSyntaxError && error.message === `unquoted shell metacharacter '${character}'; quote the value`, character);
    assert.deepEqual(splitVyosCommand(`set system login banner 'x${character}y'`), ['set', 'system', 'login', 'banner', `x${character}y`]);
  }
});

test('the other refusals say what the shell would do and how to write it instead', () => {
  const message = (line: string): string => {
    try {
      splitVyosCommand(line);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  assert.equal(message('set a "x$y"'), "'$' inside double quotes would be expanded by the shell; use single quotes");
  assert.equal(message('set a "x`y`"'), "'`' inside double quotes would be expanded by the shell; use single quotes");
  assert.equal(message('set a ~x'), "a word starting with an unquoted '~' would be expanded by the shell; quote it");
  assert.equal(message('set a x~'), 'accepted');
  assert.equal(message("set a 'x"), 'unterminated single quote');
  assert.equal(message('set a "x'), 'unterminated double quote');
  assert.equal(message('set a x\\'), 'a trailing backslash would continue the command on the next line');
  assert.equal(message('set a\u2028b'), 'a command must be a single line');
});

test('a value VyOS would reject names the value', () => {
  assert.throws(() => quoteVyosValue("it's"), (error: unknown) => error instanceof VyosRenderError && error.message === 'VyOS values cannot contain quotes: "it\'s"');
  assert.throws(() => quoteVyosValue('a\u0007b'), (error: unknown) => error instanceof VyosRenderError && error.message === 'VyOS values cannot contain newlines or control characters: "a\\u0007b"');
});
