// What `weft validate` says about a VPC that asks for what the fabric decides (VLANs, VNIs, VRFs,
// the isolation method), and the length limits of names, label keys and values, at their edges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument, parseDocuments } from './parse.js';

const brief = (diagnostics: readonly { code: string; path: string; message: string; hint?: string }[]): string[] =>
  diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}`);

const vpc = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'blue' }): Record<string, unknown> => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata,
  spec: { tenant: 'acme', subnets: { web: { cidr: '10.0.0.0/24' } }, ...spec },
});
const leaf = (metadata: Record<string, unknown>, spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'wiring.weft.dev/v1alpha1',
  kind: 'Switch',
  metadata,
  spec: { role: 'leaf', os: 'sonic', ...spec },
});

test('a VPC that sets a VLAN, VNI, VRF or isolation method is told who chooses them; a near miss gets "did you mean"', () => {
  const explain = '`weft explain vpc/NAME` shows them';
  const rows: [string, string][] = [
    ['vlan', `VLANs are chosen by the fabric policy, not by the VPC; ${explain}`],
    ['vni', `VNIs are chosen by the fabric policy, not by the VPC; ${explain}`],
    ['mode', 'the isolation method is chosen by the FabricPolicy of the architecture team'],
    ['isolation', 'the isolation method is chosen by the FabricPolicy of the architecture team'],
    ['vrf', `VRFs are allocated by Weft; ${explain}`],
    ['tenent', 'did you mean "tenant"?'],
  ];
  for (const [field, hint] of rows) {
    assert.deepEqual(brief(parseDocument({ value: vpc({ [field]: 1 }) }).diagnostics), [`WF103 VPC default/blue spec.${field}: unknown field "${field}" (hint: ${hint})`]);
  }
  // the same words in a subnet
  assert.deepEqual(brief(parseDocument({ value: vpc({ subnets: { web: { cidr: '10.0.0.0/24', vlan: 5 } } }) }).diagnostics), [
    `WF103 VPC default/blue spec.subnets.web.vlan: unknown field "vlan" (hint: VLANs are chosen by the fabric policy, not by the VPC; ${explain})`,
  ]);
});

test('the VPC hints are for unknown fields of a VPC only: not for a subnet named "vlan", not for a Switch', () => {
  assert.deepEqual(brief(parseDocument({ value: vpc({ subnets: { vlan: 5 } }) }).diagnostics), ['WF103 VPC default/blue spec.subnets.vlan: expected an object, got a number']);
  assert.deepEqual(brief(parseDocument({ value: leaf({ name: 'leaf1' }, { vrf: 1 }) }).diagnostics), ['WF103 Switch leaf1 spec.vrf: unknown field "vrf"']);
});

test('names: 63 characters are fine, 64 are not; a name or namespace over 80 characters is cut short in the path', () => {
  assert.deepEqual(parseDocument({ value: vpc({}, { name: 'x'.repeat(63), namespace: 'n'.repeat(63) }) }).diagnostics, []);
  const rule = 'is not a valid name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
  assert.deepEqual(brief(parseDocument({ value: vpc({}, { name: 'x'.repeat(64) }) }).diagnostics), [`WF103 VPC default/${'x'.repeat(64)} metadata.name: "${'x'.repeat(57)}..." ${rule}`]);
  assert.deepEqual(brief(parseDocument({ value: vpc({}, { name: 'a'.repeat(80) }) }).diagnostics), [`WF103 VPC default/${'a'.repeat(80)} metadata.name: "${'a'.repeat(57)}..." ${rule}`]);
  assert.deepEqual(brief(parseDocument({ value: vpc({}, { name: 'b'.repeat(81), namespace: 'c'.repeat(90) }) }).diagnostics), [
    `WF103 VPC ${'c'.repeat(77)}.../${'b'.repeat(77)}... metadata.name: "${'b'.repeat(57)}..." ${rule}`,
    `WF103 VPC ${'c'.repeat(77)}.../${'b'.repeat(77)}... metadata.namespace: "${'c'.repeat(57)}..." ${rule}`,
  ]);
  // a cluster-wide object has no namespace, not even an empty one
  const { resource } = parseDocument({ value: leaf({ name: 'leaf1' }) });
  assert.ok(resource !== undefined);
  assert.deepEqual(resource.metadata, { name: 'leaf1' });
});

test('label keys and values at their limits: prefix up to 253, name and value up to 63, letters or digits at both ends', () => {
  const prefix = `${'p'.repeat(251)}.d`;
  const ok = [
    { a: '' },
    { A: 'B' },
    { '0': '9' },
    { 'a-b_c.d': 'a-b_c.d' },
    { [`${prefix}/${'n'.repeat(63)}`]: 'v'.repeat(63) },
    { 'weft.dev/isolation': 'l2' },
    { 'a/b': 'c' },
  ];
  for (const labels of ok) assert.deepEqual(brief(parseDocument({ value: leaf({ name: 'leaf1', labels }) }).diagnostics), [], Object.keys(labels)[0]?.slice(0, 20));
  const keyRule = 'is not a label key: [prefix/]name, the name at most 63 letters, digits, "-", "_" or "."';
  const valueRule = 'is not a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  const bad: [Record<string, string>, string][] = [
    [{ [`${prefix}x/n`]: 'v' }, keyRule],
    [{ ['n'.repeat(64)]: 'v' }, keyRule],
    [{ '-a': 'v' }, keyRule],
    [{ 'a-': 'v' }, keyRule],
    [{ 'A/b': 'v' }, keyRule],
    [{ '/b': 'v' }, keyRule],
    [{ 'a/': 'v' }, keyRule],
    [{ 'a b': 'v' }, keyRule],
    [{ k: 'v'.repeat(64) }, valueRule],
    [{ k: '-v' }, valueRule],
    [{ k: 'v-' }, valueRule],
    [{ k: 'v/w' }, valueRule],
  ];
  for (const [labels, rule] of bad) {
    const [key, value] = Object.entries(labels)[0] ?? ['', ''];
    const diagnostics = parseDocument({ value: leaf({ name: 'leaf1', labels }) }).diagnostics;
    assert.equal(diagnostics.length, 1, key.slice(0, 20));
    const [d] = diagnostics;
    assert.ok(d !== undefined);
    assert.equal(d.code, 'WF103');
    assert.equal(d.message.endsWith(rule), true, d.message);
    assert.equal(d.message.startsWith(JSON.stringify(rule === keyRule ? key : value).slice(0, 20)), true, d.message);
  }
  // the path names the key, cut at 80 characters
  assert.deepEqual(brief(parseDocument({ value: leaf({ name: 'leaf1', labels: { ['k'.repeat(90)]: 'v' } }) }).diagnostics), [
    `WF103 Switch leaf1 metadata.labels.${'k'.repeat(77)}...: "${'k'.repeat(57)}..." ${keyRule}`,
  ]);
});

test('documents: Kubernetes Namespaces (v1) are read past; any other v1 kind or Namespace version is an unknown kind', () => {
  const parsed = parseDocuments([
    { value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } },
    { value: { apiVersion: 'v2', kind: 'Namespace', metadata: { name: 'team' } } },
    { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'team' } } },
    { value: leaf({ name: 'leaf1' }) },
  ]);
  assert.deepEqual(
    parsed.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF102 Namespace team: unknown apiVersion/kind "v2"/"Namespace"', 'WF102 Service team: unknown apiVersion/kind "v1"/"Service"'],
  );
  assert.deepEqual(parsed.resources.map((r) => `${r.kind} ${r.metadata.name}`), ['Switch leaf1']);
});
