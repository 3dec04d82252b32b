// `weft explain` of a whole switch, field by field: a SONiC border with a tagged External
// attachment filtered inbound (its sub-interface, the External's VRF and BGP session), and a
// leaf with the preferred forwarder's PortChannel of an ESI-LAG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch, type CompileResult } from '#compiler';
import { attach, conn, external, externalAttach, externalPeering, resourceSet, server, smallFabric, sw, vpc } from '../../test/support/builders.js';

function mkcompFabric(): CompileResult {
  const onBorder = externalAttach('default', 't--b', 'transit', 'border1--outside');
  Object.assign(onBorder.spec, { vlan: 100, inboundACL: { rules: [{ action: 'permit', protocol: 'tcp', destination: '10.1.1.0/24', destinationPorts: { from: 443 } }] } });
  const result = compile(
    resourceSet(
      smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 }),
      server('server9'),
      conn.eslag('server9--eslag', 'server9', [['eth2', 'leaf1/Ethernet20'], ['eth3', 'leaf2/Ethernet20']], { preferredForwarder: 'leaf1' }),
      vpc('default', 'v', 'acme', { web: '10.1.1.0/24' }),
      attach('default', 'w', 'v/web', 'server9--eslag'),
      sw('border1', 'border', 'sonic'),
      conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
      conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
      external('default', 'transit', ['0.0.0.0/0']),
      onBorder,
      externalPeering('default', 'vt', 'v', 'transit'),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  return result;
}

test('a border with a filtered tagged External attachment, explained whole', () => {
  assert.deepEqual(explainSwitch(mkcompFabric(), 'border1'), {
    switch: 'border1',
    role: 'border',
    os: 'sonic',
    asn: 65103,
    routerId: '10.0.0.1',
    ports: [
      'Ethernet0 fabric -> spine1/Ethernet60 unnumbered',
      'Ethernet12 external -> external connection border1--outside',
      'Ethernet12 VLAN 100 external -> default/transit border1--outside VLAN 100 198.51.100.2/30 in Vrf2 (inbound ACL WEFT_IN_BORDER1__OUTSIDE_100: 3 rules, the first lets the peer reach the border)',
    ],
    vlans: ['Vlan1000 vni 10000 default/v (L3VNI transit)', 'Vlan1001 vni 10002 default/transit (L3VNI transit)'],
    vrfs: ['Vrf1 table 1001 l3vni 10000 default/v', 'Vrf2 table 1002 l3vni 10002 external default/transit'],
    neighbors: ['Ethernet0 remote-as external (spine1)', '198.51.100.1 remote-as 64500 in Vrf2 (default/transit border1--outside VLAN 100)'],
    portChannels: [],
    templates: [],
    files: ['border1/config_db.json', 'border1/frr.conf'],
    diagnostics: [],
  });
});

test('the preferred forwarder of an ESI-LAG, explained whole', () => {
  assert.deepEqual(explainSwitch(mkcompFabric(), 'leaf1'), {
    switch: 'leaf1',
    role: 'leaf',
    os: 'sonic',
    asn: 65101,
    routerId: '10.0.0.2',
    ports: ['Ethernet0 server -> server1/eth0', 'Ethernet20 server -> server9/eth2 in PortChannel1', 'Ethernet48 fabric -> spine1/Ethernet0 unnumbered'],
    vlans: ['Vlan1000 vni 10000 default/v (L3VNI transit)', 'Vlan1001 vni 10001 default/v/web gateway 10.1.1.1/24'],
    vrfs: ['Vrf1 table 1001 l3vni 10000 default/v'],
    neighbors: ['Ethernet48 remote-as external (spine1)'],
    portChannels: ['PortChannel1 Ethernet20 (server9) ESI 00:b1:a0:8f:fb:e1:20:45:71:88, system MAC 02:a2:98:3a:bf:79, DF preference 65535'],
    templates: [],
    files: ['leaf1/config_db.json', 'leaf1/frr.conf'],
    diagnostics: [],
  });
});
