// An ExternalAttachment's VLAN at the edges of the range: 1 and 4094 are taken and show on the
// border, 0 and a fraction are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch } from '#compiler';
import type { ExternalAttachment } from '#domain';
import { conn, external, externalAttach, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

function mkcompTagged(name: string, vlan: number, n: number): ExternalAttachment {
  const a = externalAttach('default', name, 'transit', 'border1--outside');
  Object.assign(a.spec, { vlan, address: `198.51.100.${4 * n + 2}/30`, peer: { ip: `198.51.100.${4 * n + 1}`, asn: 64501 } });
  return a;
}

test('VLANs 1 and 4094 are taken on an external port, 0 and 1.5 are not', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      mkcompTagged('a0', 0, 1),
      mkcompTagged('a1', 1, 2),
      mkcompTagged('a4094', 4094, 3),
      mkcompTagged('a15', 1.5, 4),
    ),
  );
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`),
    ['WF333 ExternalAttachment default/a0 spec.vlan: 0 is not a VLAN id: 1-4094', 'WF333 ExternalAttachment default/a15 spec.vlan: 1.5 is not a VLAN id: 1-4094'],
  );
  assert.deepEqual(
    explainSwitch(result, 'border1')?.ports.filter((p) => p.startsWith('Ethernet12 VLAN')).map((p) => p.split(' -> ')[0]),
    ['Ethernet12 VLAN 1 external', 'Ethernet12 VLAN 4094 external'],
  );
});
