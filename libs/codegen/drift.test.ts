import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftProblems, firstDifferentLine, generatedFiles } from './index.js';

const expected = [
  { path: 'api/openapi.json', content: '{}\n' },
  { path: 'crds/vpcs.vpc.weft.dev.yaml', content: 'kind: CustomResourceDefinition\nspec: {}\n' },
];

test('up-to-date files give no problems', () => {
  const committed = new Map(expected.map((file) => [file.path, file.content]));
  assert.deepEqual(driftProblems(expected, committed), []);
});

test('stale, missing and orphaned files each get a message that says how to fix them', () => {
  const committed = new Map([
    ['crds/vpcs.vpc.weft.dev.yaml', 'kind: CustomResourceDefinition\nspec: {old: true}\n'],
    ['crds/routers.wiring.weft.dev.yaml', 'kind: CustomResourceDefinition\n'],
  ]);
  assert.deepEqual(driftProblems(expected, committed), [
    'api/openapi.json is missing: run npm run generate',
    'crds/routers.wiring.weft.dev.yaml is not produced by any resource definition: run npm run generate (it removes the file)',
    'crds/vpcs.vpc.weft.dev.yaml is stale: run npm run generate (first difference at line 2)',
  ]);
});

test('first different line counts from 1 and notices a missing trailing line; equal texts have none', () => {
  assert.equal(firstDifferentLine('x\nb', 'a\nb'), 1);
  assert.equal(firstDifferentLine('a\nb', 'a\nx'), 2);
  assert.equal(firstDifferentLine('a\n', 'a'), 2);
  assert.equal(firstDifferentLine('a\nb', 'a\nb\nc'), 3);
  assert.equal(firstDifferentLine('a\nb\nc', 'a\nb\nc'), undefined);
  assert.equal(firstDifferentLine('', ''), undefined);
});

test('a file that differs only by its trailing newline is stale, at the line after the last', () => {
  const committed = new Map(expected.map((file) => [file.path, file.content.replace(/\n$/, '')]));
  assert.deepEqual(driftProblems(expected, committed), [
    'api/openapi.json is stale: run npm run generate (first difference at line 2)',
    'crds/vpcs.vpc.weft.dev.yaml is stale: run npm run generate (first difference at line 3)',
  ]);
});

test('the generated files are the CRDs, one per kind, the OpenAPI document and the GraphQL schema, sorted by path', () => {
  const paths = generatedFiles().map((file) => file.path);
  assert.deepEqual(paths.slice(0, 2), ['api/openapi.json', 'api/schema.graphql']);
  assert.ok(paths.includes('crds/vpcs.vpc.weft.dev.yaml'));
  assert.ok(paths.includes('crds/switches.wiring.weft.dev.yaml'));
  assert.ok(paths.includes('crds/fabricpolicies.policy.weft.dev.yaml'));
  assert.deepEqual(paths, [...paths].sort());
  assert.equal(paths.length, 14);
});
