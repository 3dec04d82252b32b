// The outside router's whole FRR configuration, line by line, for a peer whose External stamps
// and accepts communities and announces a default route and a prefix (a text that is no prefix
// is left out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerFrrConf, type LabPeer } from './index.js';

const peer: LabPeer = {
  name: 'border1--internet',
  netns: 'wl-border1--internet',
  port: 'eth0',
  address: '192.0.2.1/30',
  asn: 64496,
  border: { switch: 'border1', port: 'eth3', address: '192.0.2.2/30' },
  prefixes: ['0.0.0.0/0', '198.18.0.0/15', 'bogus'],
  probes: ['203.0.113.1', '198.18.0.1'],
  communities: { announce: '64496:100', accept: '64496:200' },
};

test('an outside peer with communities: stamps what it sends, default route included, and accepts only what the border stamps', () => {
  assert.equal(
    peerFrrConf(peer),
    [
      'frr defaults datacenter',
      'hostname border1--internet',
      'service integrated-vtysh-config',
      '!',
      'interface eth0',
      ' ip address 192.0.2.1/30',
      'exit',
      '!',
      'interface lo',
      ' ip address 203.0.113.1/32',
      ' ip address 198.18.0.1/32',
      'exit',
      '!',
      'ip route 198.18.0.0/15 Null0',
      'route-map lab-announce permit 10',
      ' set community 64496:100 additive',
      'exit',
      '!',
      'bgp community-list standard lab-accept seq 5 permit 64496:200',
      'route-map lab-accept permit 10',
      ' match community lab-accept',
      'exit',
      '!',
      'router bgp 64496',
      ' bgp router-id 192.0.2.1',
      ' neighbor 192.0.2.2 remote-as external',
      ' neighbor 192.0.2.2 description border1/eth3',
      ' !',
      ' address-family ipv4 unicast',
      '  network 203.0.113.1/32',
      '  network 198.18.0.1/32',
      '  network 198.18.0.0/15',
      '  neighbor 192.0.2.2 default-originate route-map lab-announce',
      '  neighbor 192.0.2.2 route-map lab-announce out',
      '  neighbor 192.0.2.2 route-map lab-accept in',
      ' exit-address-family',
      'exit',
      '!',
      '',
    ].join('\n'),
  );
});

test('an outside peer that only accepts a community originates its default route plainly', () => {
  const text = peerFrrConf({ ...peer, prefixes: ['0.0.0.0/0'], communities: { accept: '64496:200' } }).split('\n');
  assert.deepEqual(
    text.filter((l) => l.includes('route-map') || l.includes('community') || l.includes('default-originate')),
    ['bgp community-list standard lab-accept seq 5 permit 64496:200', 'route-map lab-accept permit 10', ' match community lab-accept', '  neighbor 192.0.2.2 default-originate', '  neighbor 192.0.2.2 route-map lab-accept in'],
  );
});
