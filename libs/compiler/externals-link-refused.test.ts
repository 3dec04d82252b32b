// An ExternalAttachment on an external Connection the compile refused (its address is the
// prefix's network): the Connection's error is the one the user is told, the attachment adds
// none of its own, and the External has no attachment to route over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainVpc } from '#compiler';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

test('an attachment on a refused external Connection: the Connection\'s error, and the External unattached', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      attach('default', 'b1', 'blue/web', 'server1--leaf1'),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.0/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      externalAttach('default', 'transit--border1', 'transit', 'border1--outside'),
      externalPeering('default', 'blue--transit', 'blue', 'transit'),
    ),
  );
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`),
    [
      'error WF208 Connection border1--outside spec.external.address: 198.51.100.0/30 is not a host address of its prefix',
      'warning WF313 ExternalPeering default/blue--transit spec.external: External default/transit has no ExternalAttachment yet, so nothing is routed',
    ],
  );
  assert.deepEqual(explainVpc(result, 'default/blue')?.externalPeerings, ['default/blue--transit: with External default/transit; subnets [web] <-> prefixes [0.0.0.0/0]']);
});
