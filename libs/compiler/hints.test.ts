// The hints the user is given with diagnostics the other tests check by message only: host BGP
// fields on the wrong subnet, the smallest subnet that can have a gateway, an attachment made
// twice, and an ExternalAttachment's peer and filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import type { AnyResource, Diagnostic } from '#domain';
import { attach, conn, external, externalAttach, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

const mkcompSay = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}`);

test('a subnet\'s host BGP fields and size: what is wrong and what to do', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      vpc('default', 'blue', 'acme', { web: { cidr: '10.1.1.0/24', hostBGPMaxPrefixes: 4 }, h: { cidr: '10.1.9.0/24', hostBGP: true, gateway: '10.1.9.1', dhcp: { enable: true } } }),
      vpc('default', 'red', 'acme', { tiny: '10.2.8.0/30', smallest: '10.2.7.0/29' }),
    ),
  );
  assert.deepEqual(mkcompSay(result.diagnostics), [
    'error WF350 VPC default/blue spec.subnets.h.dhcp: a hostBGP subnet has no VLAN to serve DHCP on: its servers bring their own addresses and announce them (hint: remove dhcp, or hostBGP)',
    'warning WF350 VPC default/blue spec.subnets.h.gateway: a hostBGP subnet has no gateway: servers route through the BGP session with their leaf (hint: remove the gateway)',
    'warning WF350 VPC default/blue spec.subnets.web.hostBGPMaxPrefixes: has no effect: the subnet is not a hostBGP subnet (hint: set hostBGP: true, or remove the field)',
    'error WF300 VPC default/red spec.subnets.tiny.cidr: 10.2.8.0/30 is too small for a gateway and hosts; use /29 or larger',
  ]);
});

test('the same subnet attached to a connection twice', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      vpc('default', 'blue', 'acme', { web: '10.1.1.0/24' }),
      attach('default', 'a1', 'blue/web', 'server1--leaf1'),
      attach('default', 'a2', 'blue/web', 'server1--leaf1'),
    ),
  );
  assert.deepEqual(mkcompSay(result.diagnostics), ['error WF310 VPCAttachment default/a2 spec: attaches default/blue/web to server1--leaf1 again (already VPCAttachment default/a1)']);
});

function mkcompBorders(...attachments: AnyResource[]): readonly Diagnostic[] {
  return compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }),
      sw('border1', 'border', 'sonic'),
      sw('frr1', 'border', 'frr'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.fabric('spine1--frr1', 'spine1/Ethernet64', 'frr1/eth1'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      conn.external('frr1--outside', 'frr1/eth3', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      attachments,
    ),
  ).diagnostics;
}

test('an ExternalAttachment\'s own address without a peer on it, a peer off it, and a filter on an FRR node', () => {
  const own = externalAttach('default', 't--b', 'transit', 'border1--outside');
  Object.assign(own.spec, { vlan: 30, address: '198.51.100.6/30' });
  assert.deepEqual(mkcompSay(mkcompBorders(own)), [
    "error WF335 ExternalAttachment default/t--b spec.peer: the BGP peer 198.51.100.1 (from Connection border1--outside) is not on 198.51.100.6/30, this attachment's subnet (hint: set spec.peer: {ip, asn} of the router on this VLAN)",
  ]);
  const offPeer = externalAttach('default', 't--b', 'transit', 'border1--outside');
  Object.assign(offPeer.spec, { address: '198.51.100.6/30', peer: { ip: '198.51.100.9', asn: 64500 } });
  const filtered = externalAttach('default', 't--c', 'transit', 'frr1--outside');
  Object.assign(filtered.spec, { vlan: 20, inboundACL: { rules: [{ action: 'permit', destination: '10.1.1.0/24' }] } });
  assert.deepEqual(mkcompSay(mkcompBorders(offPeer, filtered)), [
    "error WF335 ExternalAttachment default/t--b spec.peer.ip: 198.51.100.9 is not another host of 198.51.100.6/30, the border's address on this attachment",
    'warning WF337 ExternalAttachment default/t--c spec.inboundACL: frr1 is an FRR node: frr.conf has no packet filters, so this ACL is not applied there (hint: use a SONiC or VyOS border for filtered attachments)',
  ]);
});
