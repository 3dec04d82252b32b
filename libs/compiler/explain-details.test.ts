// `weft explain` on the parts of a fabric the other explain tests leave out: a VPC's static
// routes (installed or not yet), an External peering without attachments beside one with an
// inbound ACL, a switch's port hardware, a plain-VLAN VPC's VLAN and VRF without VNIs, an
// External's VRF, and an ESI-LAG whose forwarder is elected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch, explainVpc, type CompileResult } from '#compiler';
import type { AnyResource } from '#domain';
import { attach, conn, external, externalAttach, externalPeering, policy, resourceSet, server, smallFabric, sw, vpc } from '../../test/support/builders.js';

function fabric(): CompileResult {
  const blue = vpc('default', 'blue', 'acme', { web: '10.1.1.0/24', db: '10.1.2.0/24' });
  blue.spec.staticRoutes = [
    { prefix: '192.168.50.0/24', nextHops: ['10.1.1.10'] },
    { prefix: '192.168.60.0/24', nextHops: ['10.1.2.10'] },
  ];
  const filtered = externalAttach('default', 'transit--border1', 'transit', 'border1--outside');
  filtered.spec.inboundACL = { rules: [{ action: 'permit', destination: '10.1.1.0/24' }, { action: 'deny', destination: 'any' }] };
  const resources: AnyResource[] = [
    ...smallFabric({ spines: 1, leaves: 2, serversPerLeaf: 2 }).filter((r) => !(r.kind === 'Switch' && r.metadata.name === 'leaf1')),
    sw('leaf1', 'leaf', 'sonic', undefined, { portSettings: [{ port: 'Ethernet0', speed: '25G', fec: 'rs', autoNegotiation: false }] }),
    policy({ isolation: { default: 'evpn-l3vni', rules: [{ name: 'flat', match: { tenants: ['flatco'] }, method: 'vlan' }] } }),
    blue,
    vpc('default', 'flat', 'flatco', { lan: '10.5.0.0/24' }),
    attach('default', 'b1', 'blue/web', 'server1--leaf1'),
    attach('default', 'f1', 'flat/lan', 'server3--leaf2'),
    server('server9'),
    conn.eslag('server9--eslag', 'server9', [['eth0', 'leaf1/Ethernet40'], ['eth1', 'leaf2/Ethernet40']]),
    attach('default', 'b9', 'blue/web', 'server9--eslag'),
    sw('border1', 'border', 'sonic'),
    conn.fabric('spine1--border1', 'spine1/Ethernet60', 'border1/Ethernet0'),
    conn.external('border1--outside', 'border1/Ethernet12', '198.51.100.2/30', '198.51.100.1', 64500),
    external('default', 'transit', ['0.0.0.0/0']),
    filtered,
    external('default', 'bare', ['0.0.0.0/0']),
    externalPeering('default', 'blue--transit', 'blue', 'transit'),
    externalPeering('default', 'blue--bare', 'blue', 'bare'),
  ];
  const result = compile(resourceSet(resources));
  assert.deepEqual(
    result.diagnostics.map((d) => `${d.code} ${d.path}`),
    ['WF313 ExternalPeering default/blue--bare spec.external'],
  );
  return result;
}

test('explain vpc: a static route is installed where its next hop\'s subnet is attached, or on no switch yet', () => {
  const blue = explainVpc(fabric(), 'default/blue');
  assert.deepEqual(blue?.inside, [
    'static route 192.168.50.0/24 via 10.1.1.10 (web): installed on leaf1, leaf2; the other leaves learn it as an EVPN type-5 route',
    "static route 192.168.60.0/24 via 10.1.2.10 (db): installed on no switch yet (no attachment in the next hop's subnet); the other leaves learn it as an EVPN type-5 route",
  ]);
});

test('explain vpc: an External peering says where the External is attached and with which ACL, and nothing more when it is attached nowhere', () => {
  const blue = explainVpc(fabric(), 'default/blue');
  assert.deepEqual(blue?.externalPeerings, [
    'default/blue--bare: with External default/bare; subnets [db, web] <-> prefixes [0.0.0.0/0]',
    'default/blue--transit: with External default/transit; subnets [db, web] <-> prefixes [0.0.0.0/0]; attached on border1/Ethernet12 as 198.51.100.2/30 (inbound ACL: 2 rules, then deny)',
  ]);
});

test('explain switch: port hardware, VLANs with and without VNIs, VRFs with and without L3VNIs, a PortChannel of an elected forwarder', () => {
  const result = fabric();
  const leaf1 = explainSwitch(result, 'leaf1');
  assert.equal(leaf1?.ports[0], 'Ethernet0 server -> server1/eth0 (speed 25G, fec rs, autoneg off)');
  assert.deepEqual(leaf1.portChannels, ['PortChannel1 Ethernet40 (server9) ESI 00:b1:a0:8f:fb:e1:20:45:71:88, system MAC 02:a2:98:3a:bf:79']);
  const leaf2 = explainSwitch(result, 'leaf2');
  assert.deepEqual(leaf2?.vlans, ['Vlan1000 default/flat/lan gateway 10.5.0.1/24', 'Vlan1001 vni 10000 default/blue (L3VNI transit)', 'Vlan1002 vni 10002 default/blue/web gateway 10.1.1.1/24']);
  assert.deepEqual(leaf2.vrfs, ['Vrf1 table 1001 l3vni 10000 default/blue; route 192.168.50.0/24 via 10.1.1.10', 'Vrf2 table 1002 default/flat']);
  assert.deepEqual(explainSwitch(result, 'border1')?.vrfs, ['Vrf1 table 1001 l3vni 10000 default/blue', 'Vrf4 table 1004 l3vni 10004 external default/transit']);
});
