// The WF107 a tenant reads when a replace would move a VPC to another tenant (REST, GraphQL and
// kubectl refuse it with these words).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { immutableFieldChanges, parseDocument, VPC_TENANT_IMMUTABLE, type AnyResource } from './index.js';

function resource(value: unknown): AnyResource {
  const { resource, diagnostics } = parseDocument({ value });
  assert.deepEqual(diagnostics, []);
  assert.ok(resource !== undefined);
  return resource;
}

const vpc = (tenant: string, namespace?: string): AnyResource =>
  resource({ apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'blue', ...(namespace === undefined ? {} : { namespace }) }, spec: { tenant, subnets: { web: { cidr: '10.0.0.0/24' } } } });

test('a VPC replaced with another tenant is refused at spec.tenant, naming both tenants', () => {
  assert.deepEqual(immutableFieldChanges(vpc('acme', 'team-a'), vpc('globex', 'team-a')), [
    { code: 'WF107', severity: 'error', path: 'VPC team-a/blue spec.tenant', message: `${VPC_TENANT_IMMUTABLE} (it is "acme", the request says "globex")` },
  ]);
});

test('a VPC without a namespace is named by its name alone', () => {
  const withoutNamespace = (resource: AnyResource): AnyResource => ({ ...resource, metadata: { name: resource.metadata.name } });
  assert.deepEqual(immutableFieldChanges(withoutNamespace(vpc('acme')), withoutNamespace(vpc('globex'))).map((d) => d.path), ['VPC blue spec.tenant']);
});

const server = (tenant: string): AnyResource => resource({ apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Server', metadata: { name: 'blue' }, spec: { tenant } });

test('the same tenant, or a Server the architecture team gives another tenant, changes nothing that is kept for life', () => {
  assert.deepEqual(immutableFieldChanges(vpc('acme'), vpc('acme')), []);
  assert.deepEqual(immutableFieldChanges(server('acme'), server('globex')), []);
});

test('a replace that is not VPC by VPC is no tenant change (the caller refuses a change of kind itself)', () => {
  assert.deepEqual(immutableFieldChanges(server('acme'), vpc('globex')), []);
  assert.deepEqual(immutableFieldChanges(vpc('acme'), server('globex')), []);
});
