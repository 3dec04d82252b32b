// Maps keyed by user text, and text PostgreSQL cannot store: what the service refuses (with the
// field's path) before a write reaches the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnstorable, hasOwn, joinPath, own, unstorableText } from './own.js';

test('own and hasOwn find only what the map itself holds, never Object.prototype', () => {
  const subnets: Record<string, number> = { web: 1 };
  assert.equal(own(subnets, 'web'), 1);
  assert.equal(own(subnets, 'constructor'), undefined);
  assert.equal(own(subnets, 'toString'), undefined);
  assert.equal(own(undefined, 'web'), undefined);
  assert.equal(hasOwn(subnets, 'web'), true);
  assert.equal(hasOwn(subnets, 'hasOwnProperty'), false);
  assert.equal(hasOwn(undefined, 'web'), false);
  assert.equal(own({ constructor: 7 }, 'constructor'), 7);
});

test('unstorableText: NUL and lone surrogates are named; paired surrogates (emoji) and plain text are fine', () => {
  assert.equal(unstorableText('a\u0000b'), 'contains a NUL character (\\u0000), which cannot be stored');
  assert.equal(unstorableText('x\uD800'), 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored');
  assert.equal(unstorableText('\uDC00x'), 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored');
  assert.equal(unstorableText('\uDC00\uD800'), 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored');
  assert.equal(unstorableText('rack \u{1F680} 4'), undefined);
  assert.equal(unstorableText('plain'), undefined);
  assert.equal(unstorableText(''), undefined);
});

test('findUnstorable: the first bad string or key anywhere, with its dotted path', () => {
  assert.equal(findUnstorable({ metadata: { name: 'ok' }, spec: { subnets: { web: { cidr: '10.0.0.0/24' } } } }), undefined);
  assert.deepEqual(findUnstorable({ spec: { description: 'a\u0000' } }), { path: 'spec.description', message: 'contains a NUL character (\\u0000), which cannot be stored' });
  assert.deepEqual(findUnstorable({ spec: { vpcs: ['blue', 'x\uD800'] } }), { path: 'spec.vpcs[1]', message: 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored' });
  assert.deepEqual(findUnstorable({ labels: { 'a\u0000': 'v' } }), { path: 'labels."a\\u0000"', message: 'the key contains a NUL character (\\u0000), which cannot be stored' });
  assert.deepEqual(findUnstorable(JSON.parse('{"spec":{"__proto__":{"x":1}}}')), { path: 'spec.__proto__', message: 'the key "__proto__" is not allowed' });
  assert.deepEqual(findUnstorable(['a\u0000'], 'docs'), { path: 'docs[0]', message: 'contains a NUL character (\\u0000), which cannot be stored' });
  assert.deepEqual(findUnstorable('\u0000', 'name'), { path: 'name', message: 'contains a NUL character (\\u0000), which cannot be stored' });
  // the first problem in key order, the rest left for the next attempt
  assert.deepEqual(findUnstorable({ a: 'x\u0000', b: 'y\u0000' })?.path, 'a');
  assert.equal(findUnstorable(42), undefined);
  assert.equal(findUnstorable(null), undefined);
  assert.equal(findUnstorable(true), undefined);
});

test('findUnstorable looks 65 levels down and no further (deeper bodies are refused elsewhere)', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'bad\u0000';
    for (let i = 0; i < levels; i++) value = { x: value };
    return value;
  };
  assert.equal(findUnstorable(nested(65))?.path, Array.from({ length: 65 }, () => 'x').join('.'));
  assert.equal(findUnstorable(nested(66)), undefined);
});

test('joinPath: plain keys dotted, other keys quoted', () => {
  assert.equal(joinPath('', 'spec'), 'spec');
  assert.equal(joinPath('spec', 'subnets'), 'spec.subnets');
  assert.equal(joinPath('spec.subnets', 'web-1'), 'spec.subnets.web-1');
  assert.equal(joinPath('labels', 'weft.dev/isolation'), 'labels."weft.dev/isolation"');
  assert.equal(joinPath('', '1st'), '"1st"');
  assert.equal(joinPath('a', '_x'), 'a._x');
});
