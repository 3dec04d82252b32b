// Two ExternalAttachments on one border port: what to do about it is in the hint, when both are
// untagged and when one of them is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { ExternalAttachment } from '#domain';
import { conn, external, externalAttach, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

function mkcompOnPort(second: Partial<ExternalAttachment['spec']>): string[] {
  const first = externalAttach('default', 'a-first', 'transit', 'border1--outside');
  const other = externalAttach('default', 'b-second', 'transit', 'border1--outside');
  Object.assign(other.spec, second);
  return compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      first,
      other,
    ),
  ).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message} (hint: ${d.hint ?? ''})`);
}

test('two untagged attachments on a port: share it with a VLAN each', () => {
  assert.deepEqual(mkcompOnPort({}), [
    'WF310 ExternalAttachment default/b-second spec.connection: Connection border1--outside is already attached by ExternalAttachment default/a-first (hint: to share the port, give each attachment its own spec.vlan (and spec.address))',
  ]);
});

test('an untagged and a tagged attachment on a port: give every one a VLAN', () => {
  assert.deepEqual(mkcompOnPort({ vlan: 200, address: '198.51.100.6/30', peer: { ip: '198.51.100.5', asn: 64500 } }), [
    'WF334 ExternalAttachment default/b-second spec.vlan: Connection border1--outside (border1/Ethernet12) cannot carry untagged and tagged attachments together: ExternalAttachment default/a-first is untagged, this one uses VLAN 200 (hint: give every attachment on the port a spec.vlan)',
  ]);
});
