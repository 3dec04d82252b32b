// Every character class of the Kubernetes label syntax at its edges: the first and last letters
// and digits of each range, and the punctuation allowed only inside a name, a value or a prefix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from './parse.js';

const messages = (labels: Record<string, string>): string[] =>
  parseDocument({ value: { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf1', labels }, spec: { role: 'leaf', os: 'sonic' } } }).diagnostics.map((d) => d.message);

const EDGES = ['a', 'z', 'A', 'Z', '0', '9'];
const LOWER_EDGES = ['a', 'z', '0', '9'];

test('label keys: names begin and end with any letter or digit and hold "-", "_" and "." inside; prefixes are lower-case DNS names', () => {
  const ok = [
    ...EDGES.flatMap((c) => [c, `x${c}`, `${c}x`, `x${c}x`, `ab/${c}`]),
    'ab',
    'x-y',
    'x_y',
    'x.y',
    ...LOWER_EDGES.flatMap((c) => [`${c}/n`, `${c}x/n`, `x${c}/n`, `x${c}x/n`]),
    'ab/n',
    'x-y/n',
    'x.y/n',
  ];
  for (const key of ok) assert.deepEqual(messages({ [key]: 'v' }), [], key);
  const bad = ['-x', 'x-', '_x', 'x_', '.x', 'x.', 'x/y/z', 'X/n', 'x_y/n', '-x/n', 'x-/n', '.x/n', 'x./n', 'x@y', 'é'];
  for (const key of bad) assert.deepEqual(messages({ [key]: 'v' }), [`${JSON.stringify(key)} is not a label key: [prefix/]name, the name at most 63 letters, digits, "-", "_" or "."`], key);
});

test('label values: empty, or beginning and ending with a letter or digit with "-", "_" and "." inside', () => {
  const ok = ['', ...EDGES.flatMap((c) => [c, `x${c}`, `${c}x`, `x${c}x`]), 'ab', 'x-y', 'x_y', 'x.y'];
  for (const value of ok) assert.deepEqual(messages({ k: value }), [], value);
  const bad = ['-x', 'x-', '_x', 'x_', '.x', 'x.', 'x/y', 'x y', 'é'];
  for (const value of bad) {
    assert.deepEqual(messages({ k: value }), [`${JSON.stringify(value)} is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`], value);
  }
});
