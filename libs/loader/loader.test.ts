import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentFieldLines, parseFileText, pointAtFields } from './index.js';

const VPC = `# a comment before the document
---
apiVersion: vpc.weft.dev/v1alpha1
kind: VPC
metadata:
  name: red
spec:
  tenant: acme
  subnets:
    web:
      cidr: 10.0.0.0/24
---
apiVersion: vpc.weft.dev/v1alpha1
kind: VPCPeering
metadata: {name: p}
spec:
  vpcs:
    - red
    - blue
`;

test('each YAML document keeps its first line; a second reading finds the line of every field', () => {
  const { docs, diagnostics } = parseFileText(VPC, 'vpcs.yaml');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    docs.map((d) => d.source),
    ['vpcs.yaml:3', 'vpcs.yaml:13'],
  );
  const [vpc, peering] = documentFieldLines(VPC);
  assert.equal(vpc?.fields['spec.subnets.web.cidr'], 11);
  assert.equal(vpc.fields['metadata.name'], 6);
  assert.equal(peering?.fields['spec.vpcs.1'], 19);
});

test('diagnostics move from their document to the line of their field, or of its nearest parent', async () => {
  const moved = await pointAtFields(
    [
      { code: 'WF103', severity: 'error', path: 'VPC default/red spec.subnets.web.cidr', message: 'bad', source: 'vpcs.yaml:3' },
      { code: 'WF103', severity: 'error', path: 'VPC default/red spec.subnets.web.gateway', message: 'missing', source: 'vpcs.yaml:3' },
      { code: 'WF307', severity: 'error', path: 'VPCPeering default/p spec.vpcs.1', message: 'no VPC blue', source: 'vpcs.yaml:13' },
      { code: 'WF120', severity: 'error', path: 'VPC default/red', message: 'the object', source: 'vpcs.yaml:3' },
      { code: 'WF120', severity: 'error', path: 'VPC default/x spec.tenant', message: 'elsewhere', source: 'other.yaml:3' },
    ],
    (file) => Promise.resolve(file === 'vpcs.yaml' ? VPC : undefined),
  );
  assert.deepEqual(
    moved.map((d) => d.source),
    ['vpcs.yaml:11', 'vpcs.yaml:10', 'vpcs.yaml:19', 'vpcs.yaml:3', 'other.yaml:3'],
  );
});

test('a duplicate key is a YAML error at its line, not a silent last-one-wins', () => {
  const { docs, diagnostics } = parseFileText('kind: VPC\nspec:\n  tenant: a\n  tenant: b\n', 'dup.yaml');
  assert.equal(docs.length, 0);
  const [only, ...others] = diagnostics;
  assert.deepEqual(others, []);
  assert.equal(only?.code, 'WF100');
  assert.equal(only.source, 'dup.yaml:4');
  assert.match(only.message, /duplicated mapping key/);
});

test('broken YAML names the line; the documents before it still load', () => {
  const { docs, diagnostics } = parseFileText('kind: A\n---\nkind: [\n', 'bad.yaml');
  assert.equal(docs.length, 1);
  assert.equal(diagnostics[0]?.source, 'bad.yaml:4');
});

test('a kind: List document becomes its items', () => {
  const text = 'kind: List\nitems:\n  - kind: Server\n    metadata: {name: s1}\n  - kind: Server\n    metadata:\n      name: s2\n';
  const { docs } = parseFileText(text, 'list.yaml');
  assert.deepEqual(
    docs.map((d) => (d.value as { metadata: { name: string } }).metadata.name),
    ['s1', 's2'],
  );
});

test('YAML 1.2 core schema: yes/no and dates stay strings, as Kubernetes reads them', () => {
  const { docs } = parseFileText('a: yes\nb: 2026-01-01\nc: 0x10\n', 'types.yaml');
  assert.deepEqual(docs[0]?.value, { a: 'yes', b: '2026-01-01', c: 16 });
});

