// Text the lab writes or prints that the main tests leave out: the outside peer's FRR config
// when it announces Externals' prefixes (no default route), BGP summaries with missing fields,
// and the errors for names Linux cannot give an interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dhcpServiceNetnsTemplate, leakLinkName, parseBgpSummary, peerFrrConf, subLinkName, type LabPeer } from './index.js';

test("an outside peer announcing Externals' prefixes routes them to Null0 and originates no default route; a text that is no prefix is left out", () => {
  const peer: LabPeer = {
    name: 'border1--cloud',
    netns: 'wl-border1--cloud',
    port: 'eth0',
    address: '198.51.100.1/30',
    asn: 64500,
    border: { switch: 'border1', port: 'Ethernet12', address: '198.51.100.2/30' },
    prefixes: ['198.18.0.0/15', '192.0.2.0/24', 'bogus'],
    probes: ['198.18.0.1', '192.0.2.1'],
  };
  assert.equal(
    peerFrrConf(peer),
    [
      'frr defaults datacenter',
      'hostname border1--cloud',
      'service integrated-vtysh-config',
      '!',
      'interface eth0',
      ' ip address 198.51.100.1/30',
      'exit',
      '!',
      'interface lo',
      ' ip address 198.18.0.1/32',
      ' ip address 192.0.2.1/32',
      'exit',
      '!',
      'ip route 198.18.0.0/15 Null0',
      'ip route 192.0.2.0/24 Null0',
      'router bgp 64500',
      ' bgp router-id 198.51.100.1',
      ' neighbor 198.51.100.2 remote-as external',
      ' neighbor 198.51.100.2 description border1/Ethernet12',
      ' !',
      ' address-family ipv4 unicast',
      '  network 198.18.0.1/32',
      '  network 192.0.2.1/32',
      '  network 198.18.0.0/15',
      '  network 192.0.2.0/24',
      ' exit-address-family',
      'exit',
      '!',
      '',
    ].join('\n'),
  );
});

test('a BGP summary that is not an object of VRFs is no sessions; a peer without a state is Unknown', () => {
  assert.deepEqual([parseBgpSummary('null'), parseBgpSummary('[]'), parseBgpSummary('"no bgp"')], [[], [], []]);
  const summary = JSON.stringify({ default: { ipv4Unicast: { peers: { '10.0.0.1': { remoteAs: 65000, pfxRcd: 3 } } } } });
  assert.deepEqual(parseBgpSummary(summary), [{ vrf: 'default', peer: '10.0.0.1', state: 'Unknown', remoteAs: 65000, prefixesReceived: 3 }]);
});

test('a VLAN sub-link with no short form of 15 bytes or less is an error naming the port and VLAN', () => {
  assert.throws(() => subLinkName('Ethernet12345678', 1000), { message: 'no interface name of at most 15 bytes for VLAN 1000 on Ethernet12345678' });
  assert.throws(() => subLinkName('swp1234567890', 1000), { message: 'no interface name of at most 15 bytes for VLAN 1000 on swp1234567890' });
});

test('a VRF name too long for a leak link is an error saying how long it may be', () => {
  assert.equal(leakLinkName('Vrf_abcdefgh'), 'lk-Vrf_abcdefgh');
  assert.throws(() => leakLinkName('Vrf_abcdefghi'), { message: 'VRF name Vrf_abcdefghi is too long for a leak link (at most 12 bytes)' });
});

test("the DHCP service namespace template names the VRF as weft dhcp's placeholder", () => {
  assert.equal(dhcpServiceNetnsTemplate('wl-'), 'wl-_dhcp@{vrf}');
});
