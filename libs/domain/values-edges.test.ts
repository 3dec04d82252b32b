// Edges of reading values: unstorable text in lists and after good keys, nesting depth in lists,
// documents whose metadata is no object, diagnostics without a source, and the tenant rule's words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_SORTED_ITEMS, compareNatural, findUnstorable, immutableFieldChanges, parseCidr, parseDocument, parseDocuments, spliceSorted, validateAgainstSchema, type AnyResource, type SchemaNode, type SortedItems } from './index.js';

test('findUnstorable reads past good keys and list items, and through undefined values', () => {
  const nul = 'contains a NUL character (\\u0000), which cannot be stored';
  assert.deepEqual(findUnstorable({ a: 'fine', b: { c: undefined, d: 'x\u0000' } }), { path: 'b.d', message: nul });
  assert.deepEqual(findUnstorable({ list: ['a', undefined, 'b\u0000'] }), { path: 'list[2]', message: nul });
  assert.equal(findUnstorable(undefined), undefined);
  assert.equal(findUnstorable({ a: undefined, b: [undefined] }), undefined);
});

test('findUnstorable looks 65 lists down and no further', () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 'bad\u0000';
    for (let i = 0; i < levels; i++) value = [value];
    return value;
  };
  assert.equal(findUnstorable(nested(65))?.path, '[0]'.repeat(65));
  assert.equal(findUnstorable(nested(66)), undefined);
});

test('CIDRs without a slash, or with nothing before it, are none', () => {
  for (const text of ['10.1.2.3', '24', '12', '/8', '', '10.1.2.33']) assert.equal(parseCidr(text), undefined, text);
});

test('metadata that is no object is missing; a diagnostic of a document without a source has no source field', () => {
  const { diagnostics } = parseDocument({ value: { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: 'blue', spec: { tenant: 'acme', subnets: { web: { cidr: '10.0.0.0/24' } } } } });
  assert.deepEqual(diagnostics, [{ code: 'WF103', severity: 'error', path: 'VPC default/<unnamed> metadata', message: 'required field is missing' }]);
  assert.deepEqual(parseDocument({ value: 7 }).diagnostics, [{ code: 'WF101', severity: 'error', path: 'document', message: 'expected a resource object (apiVersion, kind, metadata, spec), got 7' }]);
});

test("a VPC moved to another tenant is refused in the CRD's own words", () => {
  const vpc = (tenant: string): AnyResource => {
    const { resource } = parseDocument({ value: { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'blue' }, spec: { tenant, subnets: { web: { cidr: '10.0.0.0/24' } } } } });
    assert.ok(resource !== undefined);
    return resource;
  };
  assert.deepEqual(immutableFieldChanges(vpc('acme'), vpc('globex')).map((d) => `${d.code} ${d.path}: ${d.message}`), [
    'WF107 VPC default/blue spec.tenant: the tenant of a VPC cannot change: create a new VPC for the other tenant (it is "acme", the request says "globex")',
  ]);
});

test('a name defined twice in documents without sources: the diagnostic has no source field', () => {
  const leaf = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } };
  assert.deepEqual(parseDocuments([{ value: leaf }, { value: leaf }]).diagnostics, [
    { code: 'WF104', severity: 'error', path: 'Switch leaf1', message: 'defined twice', hint: 'names are unique per kind (and namespace)' },
  ]);
});

test('a sorted list starts empty and takes its first items by splice', () => {
  assert.deepEqual(NO_SORTED_ITEMS, { keys: [], values: [] });
  assert.deepEqual(spliceSorted(NO_SORTED_ITEMS as SortedItems<string, number>, [], [['b', 2], ['a', 1]], compareNatural), { keys: ['a', 'b'], values: [1, 2] });
  assert.equal(spliceSorted(NO_SORTED_ITEMS as SortedItems<string, number>, ['a'], [], compareNatural), undefined);
});

test('a schema without a type checks only what it says: required fields of objects, nothing of other values', () => {
  const required: SchemaNode = { required: ['name'] };
  assert.deepEqual(validateAgainstSchema(required, true, 'f'), []);
  assert.deepEqual(validateAgainstSchema(required, null, 'f'), []);
  assert.deepEqual(validateAgainstSchema(required, 'x', 'f'), []);
  assert.deepEqual(validateAgainstSchema(required, {}, 'f'), [{ field: 'f.name', message: 'required field is missing' }]);
});

test('a list schema without items takes any items; an apiVersion that is no string is reported as such', () => {
  assert.deepEqual(validateAgainstSchema({ type: 'array' }, [1, 'a', null], 'f'), []);
  assert.deepEqual(
    parseDocument({ value: { apiVersion: 7, kind: 'VPC', metadata: { name: 'blue' }, spec: {} } }).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF102 VPC blue: apiVersion is missing or not a string'],
  );
});
