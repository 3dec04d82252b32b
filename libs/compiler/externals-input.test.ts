// ExternalAttachment mistakes the other externals tests leave out: an ACL prefix that is no
// prefix at all, ports on a rule of any protocol, an address that is no host address, and an
// untagged attachment beside a tagged one from either side of the port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource, ExternalAttachment } from '#domain';
import { conn, external, externalAttach, resourceSet, smallFabric, sw } from '../../test/support/builders.js';

function problems(...attachments: readonly ExternalAttachment[]): string[] {
  const resources: AnyResource[] = [
    ...smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
    sw('border1', 'border', 'sonic'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
    conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
    external('default', 'transit', ['0.0.0.0/0']),
    external('default', 'legacy', ['0.0.0.0/0']),
    ...attachments,
  ];
  return compile(resourceSet(resources)).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);
}

function attachment(name: string, externalName: string, spec: Partial<ExternalAttachment['spec']> = {}): ExternalAttachment {
  const a = externalAttach('default', name, externalName, 'border1--outside');
  Object.assign(a.spec, spec);
  return a;
}

test('an ACL prefix that is not even an address is refused without a suggestion; ports on a rule for any protocol are refused', () => {
  assert.deepEqual(problems(attachment('t1', 'transit', { inboundACL: { rules: [{ action: 'permit', source: 'nope' }, { action: 'deny', destinationPorts: { from: 22 } }] } })), [
    'WF337 ExternalAttachment default/t1 spec.inboundACL.rules[0].source: "nope" is neither "any" nor a network prefix',
    "WF337 ExternalAttachment default/t1 spec.inboundACL.rules[1].destinationPorts: ports apply to tcp and udp only; the rule's protocol is ip",
  ]);
});

test('an attachment address that is the network, or no address, is refused at spec.address', () => {
  for (const address of ['198.51.100.0/30', '300.1.1.1/30']) {
    assert.deepEqual(problems(attachment('t1', 'transit', { address })), [
      `WF335 ExternalAttachment default/t1 spec.address: "${address}" is not a host address with its prefix length, such as 192.0.2.1/30`,
    ]);
  }
});

test('untagged beside tagged on one port is refused at the later attachment, told from its side', () => {
  const tagged = (name: string, externalName: string): ExternalAttachment => attachment(name, externalName, { vlan: 100, address: '198.51.100.6/30', peer: { ip: '198.51.100.5', asn: 64500 } });
  const port = 'Connection border1--outside (border1/Ethernet12) cannot carry untagged and tagged attachments together';
  assert.deepEqual(problems(tagged('a1', 'transit'), attachment('b1', 'legacy')), [
    `WF334 ExternalAttachment default/b1 spec.vlan: ${port}: this attachment is untagged, ExternalAttachment default/a1 uses VLAN 100`,
  ]);
  assert.deepEqual(problems(attachment('a1', 'transit'), tagged('b1', 'legacy')), [
    `WF334 ExternalAttachment default/b1 spec.vlan: ${port}: ExternalAttachment default/a1 is untagged, this one uses VLAN 100`,
  ]);
});
