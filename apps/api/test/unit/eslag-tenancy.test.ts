// An ESI-LAG belongs to its server's tenant, as a bundled connection does: the tenant attaches it
// and reads it, another tenant does neither; and an attachment to it lands on every leaf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyResource, Connection } from '#domain';
import { checkTenantWrite, serverOfConnection, tenantsOf } from '../../src/access/access-policy.js';
import { lookupIn, storeKey, type ObjectMap } from '../../src/fabric/stored-object.js';
import { attachmentSwitches } from '../../src/fabric/write-batching.js';

const WIRING = 'wiring.weft.dev/v1alpha1';
const objects: AnyResource[] = [
  { apiVersion: WIRING, kind: 'Server', metadata: { name: 'server9' }, spec: { tenant: 'acme' } },
  {
    apiVersion: WIRING,
    kind: 'Connection',
    metadata: { name: 'server9--eslag' },
    spec: { eslag: { server: 'server9', links: [{ server: 'eth0', switch: 'leaf1/Ethernet40' }, { server: 'eth1', switch: 'leaf2/Ethernet40' }] } },
  },
  { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'blue', namespace: 'default' }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.1.1.0/24' } } } },
  { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'red', namespace: 'default' }, spec: { tenant: 'evil', subnets: { web: { cidr: '10.2.1.0/24' } } } },
];
const map: ObjectMap = new Map(
  objects.map((resource) => [storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name), { resource, uid: resource.metadata.name, owner: 'api' as const, generation: 1, resourceVersion: 1, createdAt: '2026-12-06T00:00:00Z' }]),
);
const lookup = lookupIn(map);
const tenant = (name: string): { name: string; role: 'tenant'; tenant: string } => ({ name: `${name}-ci`, role: 'tenant', tenant: name });
const connection = objects[1] as Connection;
const attachment = (subnet: string): AnyResource => ({
  apiVersion: 'vpc.weft.dev/v1alpha1',
  kind: 'VPCAttachment',
  metadata: { name: 'a1', namespace: 'default' },
  spec: { subnet, connection: 'server9--eslag' },
});

test('an ESI-LAG is its server\'s tenant\'s: the tenant attaches it, another tenant cannot', () => {
  assert.equal(serverOfConnection(connection), 'server9');
  assert.deepEqual(tenantsOf(connection, lookup), ['acme']);
  assert.doesNotThrow(() => { checkTenantWrite(attachment('blue/web'), tenant('acme'), lookup); });
  assert.throws(() => { checkTenantWrite(attachment('red/web'), tenant('evil'), lookup); }, /no Connection server9--eslag to a server of tenant evil/);
});

test('an attachment to an ESI-LAG changes every leaf of it', () => {
  assert.deepEqual(attachmentSwitches(attachment('blue/web'), map).sort(), ['leaf1', 'leaf2']);
});
