import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from './parse.js';

const vpc = (labels: unknown): unknown => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPC',
  metadata: { name: 'blue', labels },
  spec: { tenant: 'acme', subnets: { web: { cidr: '10.0.0.0/24' } } },
});

test('labels follow the Kubernetes syntax: a bad key or value, or a huge one, is refused at the label', () => {
  assert.ok(parseDocument({ value: vpc({ 'weft.dev/isolation': 'l2', tier: 'front_end.v1' }) }).resource);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ 'bad key!': 'x' }, /is not a label key/],
    [{ tier: 'has spaces' }, /is not a label value/],
    [{ tier: 'x'.repeat(100_000) }, /is not a label value/],
    [{ ['k'.repeat(400)]: 'x' }, /is not a label key/],
    [{ tier: 7 }, /expected a string, got 7/],
  ];
  for (const [labels, message] of cases) {
    const { resource, diagnostics } = parseDocument({ value: vpc(labels) });
    assert.equal(resource, undefined, JSON.stringify(labels).slice(0, 80));
    assert.match(diagnostics[0]?.message ?? '', message);
    assert.match(diagnostics[0]?.path ?? '', /^VPC default\/blue metadata\.labels\./);
    assert.ok((diagnostics[0]?.path.length ?? 0) < 200 && (diagnostics[0]?.message.length ?? 0) < 300, 'a huge label gives a short diagnostic');
  }
});
