// The tenancy rules one by one, as the service applies them to every request: who sees which
// kind, who may write it, which tenant an object belongs to, what a tenant is told when it refers
// to something it may not use, and how diagnostics about objects it cannot read are redacted.
// The HTTP tests (tenancy.test.ts, tenant-boundaries.test.ts) prove the rules are applied; these
// pin each rule's answer and its exact words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyResource, Connection, Diagnostic } from '#domain';
import { canSee, checkMayWrite, checkTenantWrite, kindAccess, redactDiagnostics, serverOfConnection, tenantsOf } from '../../src/access/access-policy.js';
import { tenantSwitchView } from '../../src/access/switch-view.js';
import { lookupIn, storeKey, type ObjectMap } from '../../src/fabric/stored-object.js';
import { StoreError, type Actor, type ResourceObject } from '../../src/store/store.types.js';

const WIRING = 'wiring.weft.dev/v1alpha1';
const VPC_API = 'vpc.weft.dev/v1alpha1';
const vpc = (name: string, tenant: string): AnyResource => ({ apiVersion: VPC_API, kind: 'VPC', metadata: { name, namespace: 'default' }, spec: { tenant, subnets: { web: { cidr: '10.1.1.0/24' } } } });
const server = (name: string, tenant?: string): AnyResource => ({ apiVersion: WIRING, kind: 'Server', metadata: { name }, spec: tenant === undefined ? {} : { tenant } });
const unbundled: Connection = { apiVersion: WIRING, kind: 'Connection', metadata: { name: 'server1--leaf1' }, spec: { unbundled: { server: 'server1/eth0', switch: 'leaf1/Ethernet1' } } };
const bundled: Connection = {
  apiVersion: WIRING,
  kind: 'Connection',
  metadata: { name: 'server2--bond' },
  spec: { bundled: { server: 'server2', links: [{ server: 'eth0', switch: 'leaf1/Ethernet2' }, { server: 'eth1', switch: 'leaf1/Ethernet3' }] } },
};
const orphan: Connection = { apiVersion: WIRING, kind: 'Connection', metadata: { name: 'server3--leaf1' }, spec: { unbundled: { server: 'server3/eth0', switch: 'leaf1/Ethernet4' } } };
const objects: AnyResource[] = [vpc('blue', 'acme'), vpc('red', 'evil'), server('server1', 'acme'), server('server2', 'acme'), server('server3'), unbundled, bundled, orphan];
const map: ObjectMap = new Map(
  objects.map((resource) => [
    storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name),
    { resource, uid: resource.metadata.name, owner: 'api' as const, generation: 1, resourceVersion: 1, createdAt: '2026-12-06T00:00:00Z' },
  ]),
);
const lookup = lookupIn(map);

const architect: Actor = { name: 'arch', role: 'architect' };
const viewer: Actor = { name: 'ro', role: 'viewer' };
const agent: Actor = { name: 'agent-leaf1', role: 'agent' };
const acme: Actor = { name: 'acme-ci', role: 'tenant', tenant: 'acme' };

const attachment = (subnet: string, connection: string, namespace?: string): AnyResource => ({
  apiVersion: VPC_API,
  kind: 'VPCAttachment',
  metadata: { name: 'a1', ...(namespace === undefined ? {} : { namespace }) },
  spec: { subnet, connection },
});
const peering = (vpcs: [string, string]): AnyResource => ({ apiVersion: VPC_API, kind: 'VPCPeering', metadata: { name: 'p1', namespace: 'default' }, spec: { vpcs } });

/** The StoreError a call throws: its code, message and diagnostics, as the API answers them. */
function refusal(call: () => void): { code: string; message: string; diagnostics: readonly Diagnostic[] } {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof StoreError, String(error));
    return { code: error.code, message: error.message, diagnostics: error.diagnostics };
  }
  assert.fail('expected the write to be refused');
}

test('architects and viewers see every kind whole; an agent sees none through these rules; a tenant its own, Switches redacted, Externals whole, nothing else', () => {
  for (const kind of ['VPC', 'Switch', 'FabricPolicy', 'External']) {
    assert.equal(kindAccess(architect, kind), 'all', `architect ${kind}`);
    assert.equal(kindAccess(viewer, kind), 'all', `viewer ${kind}`);
    assert.equal(kindAccess(agent, kind), 'none', `agent ${kind}`);
  }
  assert.deepEqual(
    ['VPC', 'VPCAttachment', 'VPCPeering', 'ExternalPeering', 'Server', 'Connection', 'Switch', 'External', 'FabricPolicy', 'ConfigTemplate', 'Agent'].map((kind) => `${kind}=${kindAccess(acme, kind)}`),
    ['VPC=own', 'VPCAttachment=own', 'VPCPeering=own', 'ExternalPeering=own', 'Server=own', 'Connection=own', 'Switch=redacted', 'External=all', 'FabricPolicy=none', 'ConfigTemplate=none', 'Agent=none'],
  );
});

test('a tenant sees an object it owns and not one of another tenant; a tenant token without a tenant sees no owned object', () => {
  assert.equal(canSee(acme, 'VPC', ['acme']), true);
  assert.equal(canSee(acme, 'VPC', ['evil']), false);
  assert.equal(canSee(acme, 'VPCPeering', ['evil', 'acme']), true);
  assert.equal(canSee({ name: 'broken', role: 'tenant' }, 'VPC', ['acme']), false);
  assert.equal(canSee(acme, 'Switch', []), true);
  assert.equal(canSee(acme, 'FabricPolicy', []), false);
  assert.equal(canSee(acme, 'FabricPolicy', ['acme']), false);
  assert.equal(canSee(agent, 'VPC', ['acme']), false);
  assert.equal(canSee(viewer, 'VPC', ['evil']), true);
});

test('viewers and agents change nothing, and a tenant changes only VPCs, attachments and peerings, each refusal naming the role or the kind', () => {
  assert.deepEqual(refusal(() => { checkMayWrite(viewer, 'VPC'); }), { code: 'forbidden', message: 'role viewer may not change VPC objects', diagnostics: [] });
  assert.deepEqual(refusal(() => { checkMayWrite(agent, 'Switch'); }), { code: 'forbidden', message: 'role agent may not change Switch objects', diagnostics: [] });
  assert.deepEqual(refusal(() => { checkMayWrite(acme, 'FabricPolicy'); }), { code: 'forbidden', message: 'a tenant may not change FabricPolicy objects (the architecture team owns them)', diagnostics: [] });
  for (const kind of ['VPC', 'VPCAttachment', 'VPCPeering']) assert.doesNotThrow(() => { checkMayWrite(acme, kind); });
  assert.doesNotThrow(() => { checkMayWrite(architect, 'FabricPolicy'); });
});

test("a tenant writes its own VPC, and is told whose VPC it tried to write otherwise", () => {
  assert.doesNotThrow(() => { checkTenantWrite(vpc('green', 'acme'), acme, lookup); });
  assert.deepEqual(refusal(() => { checkTenantWrite(vpc('green', 'evil'), acme, lookup); }), { code: 'forbidden', message: 'tenant acme cannot create or change a VPC of tenant evil', diagnostics: [] });
});

test("an attachment to another tenant's VPC, or to one that does not exist, answers alike: WF305 on spec.subnet, the namespace defaulted", () => {
  const expected = (name: string, key: string): ReturnType<typeof refusal> => ({
    code: 'invalid',
    message: `VPCAttachment is not valid: no valid VPC default/${name}`,
    diagnostics: [{ code: 'WF305', severity: 'error', path: `VPCAttachment ${key} spec.subnet`, message: `no valid VPC default/${name}` }],
  });
  assert.deepEqual(refusal(() => { checkTenantWrite(attachment('red/web', 'server1--leaf1', 'default'), acme, lookup); }), expected('red', 'default/a1'));
  assert.deepEqual(refusal(() => { checkTenantWrite(attachment('ghost/web', 'server1--leaf1'), acme, lookup); }), expected('ghost', 'a1'));
});

test('an object that names no VPC passes the VPC reference check untouched (whether a tenant may write its kind at all is checkMayWrite\'s answer)', () => {
  assert.doesNotThrow(() => {
    checkTenantWrite(server('server1', 'acme'), acme, lookup);
  });
});

test("a peering with another tenant's VPC is refused on spec.vpcs, whichever side it is on", () => {
  for (const vpcs of [['blue', 'red'], ['red', 'blue']] as [string, string][]) {
    const answer = refusal(() => { checkTenantWrite(peering(vpcs), acme, lookup); });
    assert.equal(answer.message, 'VPCPeering is not valid: no valid VPC default/red');
    assert.deepEqual(
      answer.diagnostics.map((d) => `${d.code} ${d.path}`),
      ['WF305 VPCPeering default/p1 spec.vpcs'],
    );
  }
  assert.doesNotThrow(() => { checkTenantWrite(peering(['blue', 'blue']), acme, lookup); });
});

test("a tenant attaches its own servers' connections, unbundled or bundled; a missing connection or a server without a tenant is WF307 on spec.connection", () => {
  assert.doesNotThrow(() => { checkTenantWrite(attachment('blue/web', 'server1--leaf1', 'default'), acme, lookup); });
  assert.doesNotThrow(() => { checkTenantWrite(attachment('blue/web', 'server2--bond', 'default'), acme, lookup); });
  for (const connection of ['server3--leaf1', 'nowhere']) {
    const message = `no Connection ${connection} to a server of tenant acme; a tenant attaches only the servers the architecture team assigned to it (Server spec.tenant)`;
    assert.deepEqual(refusal(() => { checkTenantWrite(attachment('blue/web', connection, 'default'), acme, lookup); }), {
      code: 'invalid',
      message: `VPCAttachment is not valid: ${message}`,
      diagnostics: [{ code: 'WF307', severity: 'error', path: 'VPCAttachment default/a1 spec.connection', message }],
    });
  }
});

test('an object belongs to the tenants it names: a peering to those of its VPCs that exist, a connection to its server\'s tenant, shared fabric to none', () => {
  assert.equal(serverOfConnection(unbundled), 'server1');
  assert.equal(serverOfConnection(bundled), 'server2');
  assert.deepEqual(tenantsOf(unbundled, lookup), ['acme']);
  assert.deepEqual(tenantsOf(bundled, lookup), ['acme']);
  assert.deepEqual(tenantsOf(orphan, lookup), []);
  assert.deepEqual(tenantsOf(server('server3'), lookup), []);
  assert.deepEqual(tenantsOf(peering(['blue', 'ghost']), lookup), ['acme']);
  assert.deepEqual(tenantsOf(peering(['blue', 'red']), lookup), ['acme', 'evil']);
  assert.deepEqual(tenantsOf(attachment('ghost/web', 'server1--leaf1', 'default'), lookup), []);
  const sw: AnyResource = { apiVersion: WIRING, kind: 'Switch', metadata: { name: 'leaf1' }, spec: { role: 'leaf' } } as AnyResource;
  assert.deepEqual(tenantsOf(sw, lookup), []);
  const agentObject = { apiVersion: 'agent.weft.dev/v1alpha1', kind: 'Agent', metadata: { name: 'leaf1' }, spec: {} } as unknown as AnyResource;
  assert.deepEqual(tenantsOf(agentObject, lookup), []);
});

test("diagnostics a tenant reads name only what it may read: other objects' paths and names are replaced by what they are", () => {
  const diagnostics: Diagnostic[] = [
    { code: 'WF305', severity: 'error', path: 'VPCPeering default/p1 spec.vpcs', message: 'VPC default/red is not peerable with VPC default/blue', hint: 'ask the owner of VPC default/red' },
    { code: 'WF307', severity: 'error', path: 'Server server9 spec.tenant', message: 'Server server9 is not assigned to a tenant' },
    { code: 'WF001', severity: 'warning', path: 'policy', message: 'policy has no rule for Server server1' },
  ];
  const visible = (kind: string, key: string): boolean => (kind === 'VPC' && key === 'default/blue') || (kind === 'VPCPeering' && key === 'default/p1') || (kind === 'Server' && key === 'server1');
  assert.deepEqual(redactDiagnostics(diagnostics, acme, visible), [
    { code: 'WF305', severity: 'error', path: 'VPCPeering default/p1 spec.vpcs', message: 'a VPC this token cannot read is not peerable with VPC default/blue', hint: 'ask the owner of a VPC this token cannot read' },
    { code: 'WF307', severity: 'error', path: 'Server (not readable with this token)', message: 'a Server this token cannot read is not assigned to a tenant' },
    { code: 'WF001', severity: 'warning', path: 'policy', message: 'policy has no rule for Server server1' },
  ]);
  assert.deepEqual(redactDiagnostics(diagnostics, architect, () => false), diagnostics);
});

test("a tenant's Switch says Unknown for its VPCs until the switch's agent has reported, False while behind, True once caught up", () => {
  const full: ResourceObject = {
    apiVersion: WIRING,
    kind: 'Switch',
    metadata: { name: 'leaf1', uid: 'u1', resourceVersion: '7', generation: 1, creationTimestamp: '2026-12-06T00:00:00Z' },
    spec: { role: 'leaf', os: 'sonic', description: 'rack 4, row 2' },
  };
  const applied = (facts: Parameters<typeof tenantSwitchView>[1]): unknown => (tenantSwitchView(full, facts, [{ vpc: 'default/blue', vrf: 'VrfBlue' }]).status as { vpcs: unknown }).vpcs;
  assert.deepEqual(applied({ generation: 3 }), [{ vpc: 'default/blue', applied: 'Unknown' }]);
  assert.deepEqual(applied({ generation: 3, status: { appliedGeneration: 2 } }), [{ vpc: 'default/blue', applied: 'False' }]);
  assert.deepEqual(applied({ generation: 3, status: { appliedGeneration: 3 } }), [{ vpc: 'default/blue', applied: 'True' }]);
  assert.deepEqual(applied({ status: { appliedGeneration: 3 } }), [{ vpc: 'default/blue', applied: 'False' }]);
});

test("a tenant's Switch shows the BGP sessions in its own VPCs' VRFs only: not another tenant's, not the default VRF's, even with a VPC that has no VRF", () => {
  const full: ResourceObject = {
    apiVersion: WIRING,
    kind: 'Switch',
    metadata: { name: 'leaf1', uid: 'u1', resourceVersion: '7', generation: 1, creationTimestamp: '2026-12-06T00:00:00Z' },
    spec: { role: 'leaf', os: 'sonic' },
  };
  const vpcs = [{ vpc: 'default/blue', vrf: 'VrfBlue' }, { vpc: 'default/plain' }];
  const bgpNeighbors = [
    { peer: '10.0.0.1', vrf: 'VrfBlue', state: 'Established' },
    { peer: '10.0.0.2', vrf: 'VrfRed', state: 'Established' },
    { peer: 'Ethernet0', state: 'Established' },
  ];
  const view = tenantSwitchView(full, { generation: 1, status: { appliedGeneration: 1, bgpNeighbors } }, vpcs);
  assert.deepEqual((view.status as { bgpNeighbors?: unknown }).bgpNeighbors, [{ peer: '10.0.0.1', vrf: 'VrfBlue', state: 'Established' }]);
  const quiet = tenantSwitchView(full, { generation: 1, status: { appliedGeneration: 1 } }, vpcs);
  assert.equal('bgpNeighbors' in (quiet.status as object), false);
});
