// A word quoted anywhere stays quoted: the same path read bare first and quoted later (as `show
// configuration commands` and a desired script may differ) is written the way VyOS prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigTree, quotingOf, splitWords } from './index.js';

const path = (line: string) => splitWords(line);

test('a word read bare, then quoted, is written quoted; read quoted, then bare, stays quoted', () => {
  const later = ConfigTree.fromPaths([path('system host-name border1'), path("system host-name 'border1'")]);
  assert.deepEqual(later.toCommands(), ["set system host-name 'border1'"]);
  assert.deepEqual(quotingOf(later, ['system', 'host-name', 'border1']), [false, false, true]);
  const first = ConfigTree.fromPaths([path("system host-name 'border1'"), path('system host-name border1')]);
  assert.deepEqual(first.toCommands(), ["set system host-name 'border1'"]);
});
