// Objects given to the library with no namespace (not parsed from a file, which would give them
// one) are read in the default namespace: an attachment, a peering, an External attachment and an
// External peering without one refer to the VPCs and Externals of `default`, in a compile and
// when a recompile changes the VPC they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainVpc, recompile } from '#compiler';
import type { AnyResource } from '#domain';
import { attach, conn, external, externalAttach, externalPeering, peering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

function mkcompNoNamespace<T extends AnyResource>(resource: T): T {
  // the builders give these objects a name and a namespace, no more
  return { ...resource, metadata: { name: resource.metadata.name } };
}

test('an attachment, peering, External attachment and External peering without a namespace are in the default one', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 2 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      vpc('default', 'red', 'acme', { web: '10.1.2.0/24' }),
      mkcompNoNamespace(attach('default', 'b1', 'blue/web', 'server1--leaf1')),
      mkcompNoNamespace(attach('default', 'r1', 'red/web', 'server2--leaf1')),
      mkcompNoNamespace(peering('default', 'p', ['blue', 'red'])),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      mkcompNoNamespace(externalAttach('default', 'transit--border1', 'transit', 'border1--outside')),
      mkcompNoNamespace(externalPeering('default', 'ep', 'blue', 'transit')),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.vpcStatus.get('default/blue')?.switches, ['leaf1']);
  const explained = explainVpc(result, 'default/blue');
  assert.deepEqual(explained?.attachments.map((a) => `${a.key} ${a.subnet} ${a.switch}`), ['b1 web leaf1']);
  assert.deepEqual(explained.peerings, ['p: with default/red; they reach [web], this VPC reaches their [web]']);
  assert.deepEqual(explained.externalPeerings, ['ep: with External default/transit; subnets [web] <-> prefixes [0.0.0.0/0]; attached on border1/Ethernet12 as 198.51.100.2/30']);
  // the VPC loses the subnet: the attachment without a namespace is checked again against it
  const next = recompile(result, { upserts: [vpc('default', 'blue', 'acme', { app: '10.1.1.0/24' })] });
  assert.deepEqual(
    next.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF306 VPCAttachment b1 spec.subnet: VPC default/blue has no subnet "web"; it has: app'],
  );
});
