// The schema check at its edges: patterns read by code point, list sizes at their bounds, and
// which near miss an unknown field is told about (case aside, at most two edits, the first best).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAgainstSchema, type SchemaNode } from './schema-validate.js';

const problems = (schema: SchemaNode, value: unknown, field = 'f'): string[] =>
  validateAgainstSchema(schema, value, field).map((p) => `${p.field}: ${p.message}${p.hint === undefined ? '' : ` (hint: ${p.hint})`}`);

test('a pattern matches by code point: an emoji is one character', () => {
  const one: SchemaNode = { type: 'string', pattern: '^.$', description: 'one character' };
  assert.deepEqual(problems(one, '\u{1F680}'), []);
  assert.deepEqual(problems(one, 'ab'), ['f: "ab" is not valid: expected one character']);
  // the same pattern again, from the cache
  assert.deepEqual(problems(one, 'cd'), ['f: "cd" is not valid: expected one character']);
});

test('lists: exactly the minimum and exactly the maximum are fine; the item check and the duplicate check both run', () => {
  const list: SchemaNode = { type: 'array', minItems: 2, maxItems: 2, uniqueItems: true, items: { type: 'string' } };
  assert.deepEqual(problems(list, ['a', 'b']), []);
  assert.deepEqual(problems(list, ['a']), ['f: has 1 item(s); at least 2 are needed']);
  assert.deepEqual(problems(list, [1, 1]), ['f[0]: expected a string, got a number', 'f[1]: expected a string, got a number', 'f[1]: 1 is listed twice']);
  assert.deepEqual(problems({ type: 'array', minItems: 1, items: { type: 'integer' } }, []), ['f: has 0 item(s); at least 1 are needed']);
});

test('objects: exactly the minimum and maximum number of entries are fine', () => {
  const sized: SchemaNode = { type: 'object', minProperties: 2, maxProperties: 2 };
  assert.deepEqual(problems(sized, { a: 1, b: 2 }), []);
  assert.deepEqual(problems(sized, { a: 1 }), ['f: needs at least 2 entries']);
});

test('an unknown field is told the known one it is nearest to: case aside, fewer than three edits, the first of equals', () => {
  const spec = (...names: string[]): SchemaNode => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])), additionalProperties: false });
  const rows: [string[], string, string | undefined][] = [
    [['pxeURL'], 'PXEURL', 'pxeURL'],
    [['pxeURL'], 'pxeurl', 'pxeURL'],
    [['tenant'], 'tenxnt', 'tenant'],
    [['tenant'], 'texxnt', 'tenant'],
    [['tenant'], 'txxxnt', undefined],
    [['tenant'], 'ten', undefined],
    [['tenant'], 'tenantxx', 'tenant'],
    [['tenant'], 'tenantxxx', undefined],
    [['abcd', 'abce'], 'abcf', 'abcd'],
    [['abce', 'abcd'], 'abcf', 'abce'],
    [['abcxx', 'abcd'], 'abcf', 'abcd'],
    [['vlan', 'subnets'], 'sbnets', 'subnets'],
  ];
  assert.deepEqual(
    rows.map(([names, key]) => [names, key, validateAgainstSchema(spec(...names), { [key]: 'x' })[0]?.hint?.replace(/^did you mean "(.*)"\?$/, '$1')]),
    rows,
  );
  assert.deepEqual(problems(spec('tenant'), { tenent: 'x' }), ['f.tenent: unknown field "tenent" (hint: did you mean "tenant"?)']);
});
