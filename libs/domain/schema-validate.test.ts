// The schema check behind every WF103 a user reads: each rule of the JSON Schema subset, with the
// field path and the exact sentence it prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { show, validateAgainstSchema, type SchemaNode } from './schema-validate.js';

const problems = (schema: SchemaNode, value: unknown, field = ''): string[] =>
  validateAgainstSchema(schema, value, field).map((p) => `${p.field}: ${p.message}${p.hint === undefined ? '' : ` (hint: ${p.hint})`}`);

test('show: strings quoted and clipped at 60 characters, everything else named', () => {
  assert.equal(show('web'), '"web"');
  assert.equal(show('x'.repeat(60)), JSON.stringify('x'.repeat(60)));
  assert.equal(show('x'.repeat(61)), JSON.stringify(`${'x'.repeat(57)}...`));
  assert.equal(show(null), 'null');
  assert.equal(show([1]), 'a list');
  assert.equal(show({ a: 1 }), 'an object');
  assert.equal(show(4.5), '4.5');
  assert.equal(show(false), 'false');
  assert.equal(show(10n), '10');
  assert.equal(show(undefined), 'undefined');
});

test('a wrong type says what was expected (with the description) and what came', () => {
  const port: SchemaNode = { type: 'integer', description: 'a TCP port' };
  assert.deepEqual(problems(port, 'x', 'port'), ['port: expected a whole number (a TCP port), got a string']);
  assert.deepEqual(problems(port, 1.5, 'port'), ['port: expected a whole number (a TCP port), got a fractional number']);
  assert.deepEqual(problems({ type: 'string' }, 3, 'f'), ['f: expected a string, got a number']);
  assert.deepEqual(problems({ type: 'object' }, [], 'f'), ['f: expected an object, got a list']);
  assert.deepEqual(problems({ type: 'object' }, null, 'f'), ['f: expected an object, got null']);
  assert.deepEqual(problems({ type: 'array' }, {}, 'f'), ['f: expected a list, got an object']);
  assert.deepEqual(problems({ type: 'boolean' }, 'yes', 'f'), ['f: expected true or false, got a string']);
  // YAML has .inf and .nan
  assert.deepEqual(problems({ type: 'number' }, Number.POSITIVE_INFINITY, 'f'), ['f: expected a number, got Infinity']);
  assert.deepEqual(problems({ type: 'integer' }, Number.NaN, 'f'), ['f: expected a whole number, got NaN']);
  assert.deepEqual(problems({ type: 'number' }, 2.5, 'f'), []);
  assert.deepEqual(problems({ type: 'integer' }, 2, 'f'), []);
  assert.deepEqual(problems({ type: 'null' }, 2, 'f'), [], 'a type the subset does not know is not checked');
  assert.deepEqual(problems({ type: 'weird' }, 2, 'f'), []);
  assert.deepEqual(problems({ type: 'string' }, true, 'f'), ['f: expected a string, got a boolean']);
});

test('enums and const lists name every allowed value', () => {
  assert.deepEqual(problems({ enum: ['sonic', 'vyos'] }, 'eos', 'spec.os'), ['spec.os: "eos" is not one of: sonic, vyos']);
  assert.deepEqual(problems({ anyOf: [{ const: 'leaf' }, { const: 'spine' }] }, 'core', 'spec.role'), ['spec.role: "core" is not one of: leaf, spine']);
  assert.deepEqual(problems({ anyOf: [{ const: 'leaf' }, { type: 'integer' }] }, 'core', 'f'), [], 'a mixed anyOf is no list of literals');
  assert.deepEqual(problems({ enum: ['a'] }, 'a'), []);
});

test('strings: too long, empty or too short, and not matching the pattern (the description says what fits)', () => {
  const name: SchemaNode = { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$', description: 'lower-case letters' };
  assert.deepEqual(problems(name, 'abcdef', 'n'), ['n: is 6 characters long; at most 5 are allowed']);
  assert.deepEqual(problems(name, 'abcde', 'n'), []);
  assert.deepEqual(problems(name, '', 'n'), ['n: must not be empty']);
  assert.deepEqual(problems(name, 'a', 'n'), ['n: needs at least 2 characters']);
  assert.deepEqual(problems(name, 'ab', 'n'), []);
  assert.deepEqual(problems(name, 'A1', 'n'), ['n: "A1" is not valid: expected lower-case letters']);
  assert.deepEqual(problems({ type: 'string', pattern: '^x$' }, 'y', 'n'), ['n: "y" is not valid: expected a value matching ^x$']);
});

test('numbers: below the minimum, above the maximum, the bounds themselves allowed', () => {
  const vlan: SchemaNode = { type: 'integer', minimum: 2, maximum: 4094 };
  assert.deepEqual(problems(vlan, 1, 'vlan'), ['vlan: 1 is below the minimum of 2']);
  assert.deepEqual(problems(vlan, 4095, 'vlan'), ['vlan: 4095 is above the maximum of 4094']);
  assert.deepEqual(problems(vlan, 2, 'vlan'), []);
  assert.deepEqual(problems(vlan, 4094, 'vlan'), []);
});

test('lists: too few, too many (and then nothing else), each item at its index, duplicates named', () => {
  const pair: SchemaNode = { type: 'array', minItems: 2, maxItems: 3, uniqueItems: true, items: { type: 'string' } };
  assert.deepEqual(problems(pair, ['a'], 'vpcs'), ['vpcs: has 1 item(s); at least 2 are needed']);
  assert.deepEqual(problems(pair, ['a', 'b', 'c', 'd'], 'vpcs'), ['vpcs: has 4 items; at most 3 are allowed']);
  assert.deepEqual(problems(pair, ['a', 'b', 'c'], 'vpcs'), []);
  assert.deepEqual(problems(pair, ['a', 2], 'vpcs'), ['vpcs[1]: expected a string, got a number']);
  assert.deepEqual(problems(pair, ['a', 'b', 'a'], 'vpcs'), ['vpcs[2]: "a" is listed twice']);
  assert.deepEqual(problems({ type: 'array', items: { type: 'string' } }, ['a', 'a'], 'l'), [], 'duplicates only count when the schema says so');
});

test('objects: entry counts, required fields, known fields checked, unknown ones named with a near match', () => {
  const spec: SchemaNode = {
    type: 'object',
    properties: { tenant: { type: 'string' }, description: { type: 'string' } },
    required: ['tenant'],
    additionalProperties: false,
  };
  assert.deepEqual(problems(spec, { tenant: 'acme' }, 'spec'), []);
  assert.deepEqual(problems(spec, {}, 'spec'), ['spec.tenant: required field is missing']);
  assert.deepEqual(problems(spec, { tenant: undefined }, 'spec'), ['spec.tenant: required field is missing']);
  assert.deepEqual(problems(spec, { tenant: 3 }, 'spec'), ['spec.tenant: expected a string, got a number']);
  assert.deepEqual(problems(spec, { tenant: 'acme', tenent: 'x' }, 'spec'), ['spec.tenent: unknown field "tenent" (hint: did you mean "tenant"?)']);
  assert.deepEqual(problems(spec, { tenant: 'acme', DESCRIPTON: 'x' }, 'spec'), ['spec.DESCRIPTON: unknown field "DESCRIPTON" (hint: did you mean "description"?)']);
  assert.deepEqual(problems(spec, { tenant: 'acme', vlan: 100 }, 'spec'), ['spec.vlan: unknown field "vlan"']);
  assert.deepEqual(problems(spec, { tenant: 'acme', 'a b': 1 }, 'spec'), ['spec."a b": unknown field "a b"']);
  assert.deepEqual(problems(spec, { tenant: 'acme' }), []);
  assert.deepEqual(problems({ ...spec, required: [] }, { tenant: 'acme', x: 1 }), ['x: unknown field "x"']);

  const sized: SchemaNode = { type: 'object', minProperties: 1, maxProperties: 2 };
  assert.deepEqual(problems(sized, {}, 'subnets'), ['subnets: needs at least 1 entry']);
  assert.deepEqual(problems({ type: 'object', minProperties: 2 }, { a: 1 }, 'subnets'), ['subnets: needs at least 2 entries']);
  assert.deepEqual(problems(sized, { a: 1, b: 2, c: 3 }, 'subnets'), ['subnets: has 3 entries; at most 2 are allowed']);
  assert.deepEqual(problems(sized, { a: 1, b: 2 }, 'subnets'), []);
});

test('maps: names checked against the key pattern, values against their schema; other maps check every value', () => {
  const subnets: SchemaNode = { type: 'object', patternProperties: { '^[a-z][a-z0-9-]*$': { type: 'string' } }, additionalProperties: false };
  assert.deepEqual(problems(subnets, { web: '10.0.0.0/24' }, 'spec.subnets'), []);
  assert.deepEqual(problems(subnets, { web: 1 }, 'spec.subnets'), ['spec.subnets.web: expected a string, got a number']);
  assert.deepEqual(problems(subnets, { Web: 'x' }, 'spec.subnets'), ['spec.subnets.Web: "Web" is not a valid name (lower-case letters, digits and "-")']);
  const labels: SchemaNode = { type: 'object', additionalProperties: { type: 'string' } };
  assert.deepEqual(problems(labels, { 'weft.dev/isolation': 'l2', n: 1 }, 'metadata.labels'), ['metadata.labels.n: expected a string, got a number']);
  assert.deepEqual(problems({ type: 'object' }, { anything: 1 }, 'x'), [], 'no additionalProperties: anything goes');
});
