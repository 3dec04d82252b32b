// `weft explain` of a VPC with a restricted subnet and a host BGP subnet that accepts any prefix
// of its cidr, and of its leaf: the subnet without a gateway, the isolation line, the host BGP
// lines, the routed port and its session, and a fabric port with auto-negotiation on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, explainSwitch, explainVpc } from '#compiler';
import { attach, resourceSet, smallFabric, sw, vpc } from '../../test/support/builders.js';

test('a restricted subnet and a host BGP subnet taking any prefix of its cidr, explained on the VPC and its leaf', () => {
  const leaf1 = sw('leaf1', 'leaf', 'sonic', undefined, { portSettings: [{ port: 'Ethernet48', speed: '100G', autoNegotiation: true }] });
  const wiring = smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 3 }).map((r) => (r.kind === 'Switch' && r.metadata.name === 'leaf1' ? leaf1 : r));
  const result = compile(
    resourceSet(
      wiring,
      vpc('default', 'x', 'acme', { web: { cidr: '10.3.1.0/24', restricted: true }, h: { cidr: '10.3.9.0/24', hostBGP: true, hostBGPMinPrefixLen: 24, hostBGPMaxPrefixes: 2 } }),
      attach('default', 'x1', 'x/web', 'server1--leaf1'),
      attach('default', 'x2', 'x/h', 'server2--leaf1'),
    ),
  );
  assert.deepEqual(result.diagnostics, []);
  const explained = explainVpc(result, 'default/x');
  assert.deepEqual(explained?.subnets, [
    { name: 'h', cidr: '10.3.9.0/24', gateway: 'none (host BGP)', vlans: {} },
    { name: 'web', cidr: '10.3.1.0/24', gateway: '10.3.1.1', vni: 10001, routeTarget: '65000:10001', vlans: { leaf1: 1001 } },
  ]);
  assert.deepEqual(explained.inside, ['subnet web restricted: its hosts reach their gateway 10.3.1.1, not each other']);
  assert.deepEqual(explained.multihoming, [
    "host BGP default/x/h: leaf1/Ethernet4 is routed in Vrf1 (no VLAN), unnumbered BGP over IPv6 link-local with server server2 (any AS but the leaf's)",
    '  accepts any prefix inside 10.3.9.0/24, at most 2 (FRR cuts the session when a prefix arrives while more are held, and retries it after 5 minutes); sends the default route only',
    '  the other leaves learn its prefixes as EVPN type-5 routes over the L3VNI',
  ]);
  const leaf = explainSwitch(result, 'leaf1');
  assert.deepEqual(leaf?.ports, [
    'Ethernet0 server -> server1/eth0',
    'Ethernet4 server -> server2/eth0 unnumbered',
    'Ethernet8 server -> server3/eth0',
    'Ethernet48 fabric -> spine1/Ethernet0 unnumbered (speed 100G, autoneg on)',
  ]);
  assert.deepEqual(leaf.neighbors, ['Ethernet48 remote-as external (spine1)', 'Ethernet4 in Vrf1 remote-as external (host BGP server2/eth0 default/x/h; 10.3.9.0/24 ge 24, at most 2)']);
  assert.deepEqual(leaf.vrfs, ['Vrf1 table 1001 l3vni 10000 default/x']);
  assert.deepEqual(leaf.vlans, ['Vlan1000 vni 10000 default/x (L3VNI transit)', 'Vlan1001 vni 10001 default/x/web gateway 10.3.1.1/24']);
});

test('a host BGP subnet with the default shortest prefix: it accepts host routes and longer', () => {
  const result = compile(
    resourceSet(smallFabric({ spines: 1, leaves: 1, serversPerLeaf: 1 }), vpc('default', 'x', 'acme', { h: { cidr: '10.3.9.0/24', hostBGP: true } }), attach('default', 'x2', 'x/h', 'server1--leaf1')),
  );
  assert.deepEqual(result.diagnostics, []);
  assert.equal(
    explainVpc(result, 'default/x')?.multihoming[1],
    '  accepts prefixes inside 10.3.9.0/24 of length /32 or longer, at most 16 (FRR cuts the session when a prefix arrives while more are held, and retries it after 5 minutes); sends the default route only',
  );
});
