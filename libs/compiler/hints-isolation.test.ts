// What needs EVPN, told with its hint when the VPC uses vlan: an ESI-LAG attachment, a host BGP
// subnet, an External peering; and a LAG for a host BGP subnet, and a second untagged subnet on
// a port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '#compiler';
import { attach, conn, external, externalAttach, externalPeering, policy, resourceSet, server, smallFabric, sw, vpc } from '../../test/support/builders.js';

test('vlan VPCs meeting what needs EVPN, a host BGP subnet on a LAG, two untagged subnets on a port', () => {
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      policy({ isolation: { default: 'vlan', rules: [{ name: 'l3', match: { tenants: ['l3'] }, method: 'evpn-l3vni' }] } }),
      server('server9'),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf2/Ethernet20']]),
      conn.bundled('server1--lag', 'server1', [['eth5', 'leaf1/Ethernet24'], ['eth6', 'leaf1/Ethernet28']]),
      vpc('default', 'v', 'acme', { web: '10.1.1.0/24', db: '10.1.2.0/24' }),
      vpc('default', 'bad', 'acme', { h: { cidr: '10.1.9.0/24', hostBGP: true } }),
      vpc('default', 'r', 'l3', { h: { cidr: '10.2.9.0/24', hostBGP: true } }),
      attach('default', 'e1', 'v/web', 'server9--eslag'),
      attach('default', 'n1', 'v/web', 'server1--leaf1', true),
      attach('default', 'n2', 'v/db', 'server1--leaf1', true),
      attach('default', 'h1', 'r/h', 'server1--lag'),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      externalAttach('default', 'transit--border1', 'transit', 'border1--outside'),
      externalPeering('default', 'vt', 'v', 'transit'),
    ),
  );
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}${d.hint === undefined ? '' : ` (hint: ${d.hint})`}`),
    [
      'error WF314 ExternalPeering default/vt spec.vpc: VPC default/v uses vlan (chosen by the policy default); routes to an External travel as EVPN type-5 routes, which need evpn-l3vni (hint: change the FabricPolicy rule for this VPC to evpn-l3vni)',
      'error WF350 VPC default/bad spec.subnets.h.hostBGP: the VPC uses vlan (chosen by the policy default); routes a server announces reach the other leaves as EVPN type-5 routes, which need evpn-l3vni (hint: give this VPC evpn-l3vni in the FabricPolicy, or remove hostBGP)',
      'error WF223 VPCAttachment default/e1 spec.connection: Connection server9--eslag is an ESI-LAG, which needs EVPN; VPC default/v uses vlan (chosen by the policy default) (hint: give this VPC evpn-l2vni or evpn-l3vni in the FabricPolicy, or attach a bundled connection)',
      'error WF351 VPCAttachment default/h1 spec.connection: subnet r/h is a hostBGP subnet and Connection server1--lag is a LAG; a server peers over one unbundled link per session (hint: attach unbundled connections (a server with two links peers on each))',
      'error WF309 VPCAttachment default/n2 spec.nativeVLAN: Connection server1--leaf1 already carries an untagged subnet (VPCAttachment default/n1); a port is untagged in one VLAN at most',
    ],
  );
});
