// Text PostgreSQL cannot store, and keys that cannot be copied safely, refused by the schema check
// at the field a user wrote them in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAgainstSchema, type SchemaNode } from './schema-validate.js';

const SPEC: SchemaNode = { type: 'object', properties: { description: { type: 'string', maxLength: 8 } }, additionalProperties: { type: 'string' } };

test('a string with a NUL character is refused for that alone, at its field', () => {
  assert.deepEqual(validateAgainstSchema(SPEC, { description: 'web\u0000 and far too long' }), [{ field: 'description', message: 'contains a NUL character (\\u0000), which cannot be stored' }]);
});

test('a key with a NUL character or named __proto__ is refused at the key, and its value is not checked', () => {
  assert.deepEqual(validateAgainstSchema(SPEC, { 'web\u0000': 7 }, 'spec'), [{ field: 'spec."web\\u0000"', message: 'the key contains a NUL character (\\u0000), which cannot be stored' }]);
  assert.deepEqual(validateAgainstSchema(SPEC, JSON.parse('{"__proto__": 7}'), 'spec'), [{ field: 'spec.__proto__', message: 'the key "__proto__" is not allowed' }]);
});

test('without a field the paths start at the value itself', () => {
  assert.deepEqual(validateAgainstSchema(SPEC, { description: 7 }), [{ field: 'description', message: 'expected a string, got a number' }]);
});
