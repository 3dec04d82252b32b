// Weft's ownership rules on a VyOS router as a caller reads them: each rule's path and the
// reason it gives, and where each rule ends (a word at the edge of a name, a number, a port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDesired, weftOwnership } from './index.js';

const { desired } = parseDesired(
  [
    "set interfaces ethernet eth0 address '10.0.0.1/31'",
    "set interfaces ethernet eth2 vif 100 address '192.0.2.1/31'",
    "set interfaces ethernet eth2 vif 200 vrf 'Vrf3'",
    "set protocols bgp neighbor 10.254.1.0 remote-as '65100'",
  ].join('\n'),
);
const ownership = weftOwnership(desired.tree, { ports: ['eth3', 'eth0'] });

test('every rule, with the reason it gives', () => {
  const described = ownership.describe();
  assert.deepEqual(
    ownership.rules.map((rule, index) => [described[index], rule.why]),
    [
      ["system host-name","Weft names the router after its Switch"],
      ["interfaces loopback lo address","the loopback carries the router id and VTEP address Weft allocates"],
      ["interfaces ethernet {eth0,eth2,eth3} {address,description,mtu,vrf}","the leaves Weft writes on the ports it uses"],
      ["interfaces ethernet * vrf Vrf<N>","a port's membership in a Weft VRF"],
      ["interfaces vxlan vxlan<N>","L3VNI devices of Weft VRFs"],
      ["interfaces bridge br<N>","L3VNI bridges of Weft VRFs"],
      ["vrf name Vrf<N>","VRFs Weft allocates, with their BGP instances"],
      ["policy prefix-list weft-*","Weft names its prefix lists weft-*"],
      ["policy community-list weft-*","Weft names its community lists weft-*"],
      ["policy route-map weft-*","Weft names its route maps weft-*"],
      ["interfaces ethernet * vif * vrf Vrf<N>","a VLAN sub-interface's membership in a Weft VRF"],
      ["firewall ipv4 name weft-*","inbound filters of external attachments, named weft-*"],
      ["firewall ipv4 forward filter rule 10000-10999","the jumps to those filters, numbered 10000-10999"],
      ["protocols bgp system-as","the fabric's ASN for this router"],
      ["protocols bgp parameters router-id","the router id Weft allocates"],
      ["protocols bgp parameters bestpath as-path multipath-relax","ECMP across the spines"],
      ["protocols bgp address-family ipv4-unicast network","the loopback Weft announces"],
      ["protocols bgp address-family ipv4-unicast maximum-paths ebgp","ECMP across the spines"],
      ["protocols bgp address-family l2vpn-evpn advertise-all-vni","the EVPN overlay"],
      ["protocols bgp address-family l2vpn-evpn vni","L2VNIs of the EVPN overlay"],
      ["interfaces ethernet eth2 vif {100,200} {address,description,mtu,vrf}","VLAN sub-interfaces of external attachments"],
      ["protocols bgp neighbor {10.254.1.0,eth0,eth2,eth3}","fabric BGP sessions"],
    ],
  );
});

test('where the rules end: names at their prefix, numbers out of range, ports and vifs Weft does not use', () => {
  const owned = (line: string): boolean => ownership.owns(line.split(' '));
  const cases: readonly [string, boolean][] = [
    ['policy prefix-list weft-', false],
    ['policy prefix-list weft-out rule 10', true],
    ['policy route-map operator-map', false],
    ['interfaces vxlan vxlan0', false],
    ['interfaces vxlan vxlan10 vni', true],
    ['interfaces bridge br0', false],
    ['interfaces bridge br7 member', true],
    ['vrf name Vrf12 table', true],
    ['vrf name blue', false],
    ['firewall ipv4 forward filter rule 10000 action', true],
    ['firewall ipv4 forward filter rule 9999', false],
    ['firewall ipv4 forward filter rule 11000', false],
    ['interfaces ethernet eth3 mtu', true],
    ['interfaces ethernet eth3 hw-id', false],
    ['interfaces ethernet eth5 address', false],
    ['interfaces ethernet eth9 vrf Vrf7', true],
    ['interfaces ethernet eth9 vrf blue', false],
    ['interfaces ethernet eth2 vif 100 address', true],
    ['interfaces ethernet eth2 vif 300 address', false],
    ['interfaces ethernet eth7 vif 300 vrf Vrf2', true],
    ['protocols bgp neighbor eth3 remote-as', true],
    ['protocols bgp neighbor 192.0.2.9', false],
    ['system host-name', true],
    ['system', false],
  ];
  assert.deepEqual(
    cases.map(([line]) => [line, owned(line)]),
    cases,
  );
});
