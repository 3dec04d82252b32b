// Reading documents into resources: what `weft validate` says about a document that is not a
// resource, misses a part, names a kind that does not exist, carries bad metadata or repeats a
// name, and where it says it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, parseDocuments } from './parse.js';

const brief = (diagnostics: readonly { code: string; path: string; message: string; hint?: string; source?: string }[]): string[] =>
  diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}${d.source === undefined ? '' : ` @${d.source}`}`);

const vpc = (metadata: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata,
  spec: { tenant: 'acme', subnets: { web: { cidr: '10.0.0.0/24' } } },
  ...extra,
});

test('a document that is no object, or lacks kind or apiVersion, says so where it is', () => {
  assert.deepEqual(brief(parseDocument({ value: 'text', source: 'a.yaml:3' }).diagnostics), ['WF101 a.yaml:3: expected a resource object (apiVersion, kind, metadata, spec), got "text" @a.yaml:3']);
  assert.deepEqual(brief(parseDocument({ value: [1] }).diagnostics), ['WF101 document: expected a resource object (apiVersion, kind, metadata, spec), got a list']);
  assert.deepEqual(brief(parseDocument({ value: { metadata: { name: 'x' } } }).diagnostics), ['WF102 document x: kind and apiVersion is missing or not a string']);
  assert.deepEqual(brief(parseDocument({ value: { kind: 'VPC', metadata: {} } }).diagnostics), ['WF102 VPC <unnamed>: apiVersion is missing or not a string']);
  assert.deepEqual(brief(parseDocument({ value: { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 7, metadata: { name: 'x' } } }).diagnostics), ['WF102 document x: kind is missing or not a string']);
});

test('an unknown kind lists the known ones; a known kind under another apiVersion names the right one', () => {
  const unknown = brief(parseDocument({ value: { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'Vlan', metadata: { name: 'x' }, spec: {} } }).diagnostics);
  assert.equal(unknown.length, 1);
  assert.match(unknown[0] ?? '', /^WF102 Vlan x: unknown apiVersion\/kind "vpc\.weft\.dev\/v1alpha1"\/"Vlan" \(hint: known kinds: Switch, Server, Connection, .*VPC.*\)$/);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue' }, { apiVersion: 'vpc.weft.dev/v1' }) }).diagnostics), [
    'WF102 VPC blue: unknown apiVersion/kind "vpc.weft.dev/v1"/"VPC" (hint: use apiVersion vpc.weft.dev/v1alpha1)',
  ]);
});

test('metadata: required, a name that is not a name, a namespace on a cluster-wide kind, no spec', () => {
  assert.deepEqual(brief(parseDocument({ value: vpc(undefined as unknown as Record<string, unknown>) }).diagnostics), ['WF103 VPC default/<unnamed> metadata: required field is missing']);
  assert.deepEqual(brief(parseDocument({ value: vpc({}) }).diagnostics), ['WF103 VPC default/<unnamed> metadata.name: required field is missing']);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 7 }) }).diagnostics), ['WF103 VPC default/<unnamed> metadata.name: expected a string, got 7']);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'Blue' }) }).diagnostics), [
    'WF103 VPC default/Blue metadata.name: "Blue" is not a valid name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
  ]);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', namespace: 3 }) }).diagnostics), ['WF103 VPC default/blue metadata.namespace: expected a string, got 3']);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', namespace: 'team_a' }) }).diagnostics), [
    'WF103 VPC team_a/blue metadata.namespace: "team_a" is not a valid name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
  ]);
  const leaf = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf1', namespace: 'default' }, spec: { role: 'leaf', os: 'sonic' } };
  assert.deepEqual(brief(parseDocument({ value: leaf }).diagnostics), ['WF106 Switch leaf1 metadata.namespace: Switch is cluster-wide and takes no namespace']);
  const noSpec = vpc({ name: 'blue' });
  delete noSpec.spec;
  assert.deepEqual(brief(parseDocument({ value: noSpec, source: 'v.yaml:1' }).diagnostics), ['WF103 VPC default/blue spec: required field is missing @v.yaml:1']);
});

test('annotations: an object of storable strings; the key "__proto__", NUL and lone surrogates are refused at the key', () => {
  assert.ok(parseDocument({ value: vpc({ name: 'blue', annotations: { 'weft.dev/note': 'a note \u{1F680}' } }) }).resource);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', annotations: 'note' }) }).diagnostics), ['WF103 VPC default/blue metadata.annotations: expected an object, got "note"']);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', annotations: { note: 5 } }) }).diagnostics), ['WF103 VPC default/blue metadata.annotations.note: expected a string, got 5']);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', annotations: { note: 'a\u0000' } }) }).diagnostics), [
    'WF103 VPC default/blue metadata.annotations.note: contains a NUL character (\\u0000), which cannot be stored',
  ]);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', annotations: { 'n\uD800': 'x' } }) }).diagnostics), [
    'WF103 VPC default/blue metadata.annotations.n\uD800: contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored',
  ]);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', annotations: JSON.parse('{"__proto__": "x"}') as unknown }) }).diagnostics), [
    'WF103 VPC default/blue metadata.annotations.__proto__: the key "__proto__" is not allowed',
  ]);
  assert.deepEqual(brief(parseDocument({ value: vpc({ name: 'blue', labels: ['a'] }) }).diagnostics), ['WF103 VPC default/blue metadata.labels: expected an object, got a list']);
});

test('a resource keeps its source and status; a namespaced one without namespace is in default', () => {
  const { resource } = parseDocument({ value: vpc({ name: 'blue' }, { status: { vni: 1 } }), source: 'v.yaml:4' });
  assert.ok(resource);
  assert.equal(resource.metadata.namespace, 'default');
  assert.deepEqual((resource as unknown as { status: unknown }).status, { vni: 1 });
  assert.equal((resource as unknown as { source: string }).source, 'v.yaml:4');
  const bare = parseDocument({ value: vpc({ name: 'blue' }) }).resource;
  assert.ok(bare && !('source' in bare) && !('status' in bare));
});

test('a name defined twice is reported at the second, pointing at the first; the first is kept', () => {
  const twice = parseDocuments([
    { value: vpc({ name: 'blue' }), source: 'a.yaml:1' },
    { value: vpc({ name: 'blue' }), source: 'b.yaml:9' },
    { value: vpc({ name: 'blue', namespace: 'other' }), source: 'c.yaml:1' },
  ]);
  assert.deepEqual(brief(twice.diagnostics), ['WF104 VPC default/blue: defined twice; first at a.yaml:1 (hint: names are unique per kind (and namespace)) @b.yaml:9']);
  assert.deepEqual(
    twice.resources.map((r) => `${r.metadata.namespace ?? ''}/${r.metadata.name}`),
    ['default/blue', 'other/blue'],
  );
  const noSources = parseDocuments([{ value: vpc({ name: 'blue' }) }, { value: vpc({ name: 'blue' }) }]);
  assert.deepEqual(brief(noSources.diagnostics), ['WF104 VPC default/blue: defined twice (hint: names are unique per kind (and namespace))']);
});
