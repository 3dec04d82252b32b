// How a diagnostic reads on a terminal (`weft validate`), in which order diagnostics come, and
// how objects are named in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { error, formatDiagnostic, hasErrors, objectKey, objectPath, sortDiagnostics, warning } from './diagnostics.js';
import { emptyResourceSet, groupResources, keyOf, refOf, type AnyResource } from './resources.js';

test('formatDiagnostic: severity, code, path, source, message, and the hint on its own line', () => {
  assert.equal(
    formatDiagnostic({ ...error('WF301', 'VPC default/blue spec.subnets.web.gateway', '10.1.2.1 is outside 10.1.1.0/24', 'pick a host of the subnet'), source: 'vpcs.yaml:7' }),
    'error WF301 VPC default/blue spec.subnets.web.gateway (vpcs.yaml:7): 10.1.2.1 is outside 10.1.1.0/24\n    hint: pick a host of the subnet',
  );
  assert.equal(formatDiagnostic(warning('WF502', 'Switch leaf1', 'it gets a new number')), 'warning WF502 Switch leaf1: it gets a new number');
});

test('error and warning carry a hint only when there is one; hasErrors ignores warnings', () => {
  assert.deepEqual(error('WF103', 'p', 'm'), { code: 'WF103', severity: 'error', path: 'p', message: 'm' });
  assert.deepEqual(warning('WF502', 'p', 'm', 'h'), { code: 'WF502', severity: 'warning', path: 'p', message: 'm', hint: 'h' });
  assert.ok(!('hint' in warning('WF502', 'p', 'm')));
  assert.equal(hasErrors([warning('WF502', 'p', 'm')]), false);
  assert.equal(hasErrors([warning('WF502', 'p', 'm'), error('WF103', 'p', 'm')]), true);
  assert.equal(hasErrors([]), false);
});

test('sortDiagnostics: by path, then code, then message, in byte order', () => {
  const sorted = sortDiagnostics([error('WF303', 'VPC b', 'y'), error('WF301', 'VPC b', 'z'), error('WF301', 'VPC b', 'a'), error('WF999' as 'WF301', 'VPC a', 'x'), error('WF103', 'Switch Z', 'm')]);
  assert.deepEqual(
    sorted.map((d) => `${d.path} ${d.code} ${d.message}`),
    ['Switch Z WF103 m', 'VPC a WF999 x', 'VPC b WF301 a', 'VPC b WF301 z', 'VPC b WF303 y'],
  );
});

test('objects are named Kind namespace/name, cluster-wide ones Kind name, with a field after a space', () => {
  assert.equal(objectKey({ kind: 'VPC', namespace: 'default', name: 'blue' }), 'default/blue');
  assert.equal(objectKey({ kind: 'Switch', name: 'leaf1' }), 'leaf1');
  assert.equal(objectPath({ kind: 'VPC', namespace: 'team', name: 'blue' }, 'spec.tenant'), 'VPC team/blue spec.tenant');
  assert.equal(objectPath({ kind: 'Switch', name: 'leaf1' }), 'Switch leaf1');
  assert.equal(objectPath({ kind: 'Switch', name: 'leaf1' }, ''), 'Switch leaf1');
});

test('resources are grouped by kind (Agents left out) and referred to by kind, namespace and name', () => {
  const vpc = { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'blue', namespace: 'default' }, spec: { tenant: 'acme', subnets: {} } } as unknown as AnyResource;
  const leaf = { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Switch', metadata: { name: 'leaf1' }, spec: { role: 'leaf', os: 'sonic' } } as unknown as AnyResource;
  const agent = { apiVersion: 'agent.weft.dev/v1alpha1', kind: 'Agent', metadata: { name: 'leaf1' }, spec: {} } as unknown as AnyResource;
  const set = groupResources([vpc, leaf, agent]);
  assert.deepEqual({ ...set, vpcs: set.vpcs.length, switches: set.switches.length }, { ...emptyResourceSet(), vpcs: 1, switches: 1 });
  assert.deepEqual(Object.keys(emptyResourceSet()).sort(), Object.keys(set).sort());
  assert.ok(Object.values(emptyResourceSet()).every((list) => Array.isArray(list) && list.length === 0));
  assert.equal(keyOf(vpc), 'default/blue');
  assert.equal(keyOf(leaf), 'leaf1');
  assert.deepEqual(refOf(vpc), { kind: 'VPC', namespace: 'default', name: 'blue' });
  assert.deepEqual(refOf(leaf), { kind: 'Switch', name: 'leaf1' });
  assert.ok(!('namespace' in refOf(leaf)));
});
