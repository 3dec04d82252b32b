// What the shim sees of a switch namespace: `ip -json -details address show` read into links
// (kind, admin state, carrier, MTU, MAC, bridge, addresses, VXLAN, learning) and Loopback0's
// addresses. The entries are trimmed from the output of iproute2 6.1 on this machine's kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpLinks } from './index.js';

const lo = {
  ifindex: 1,
  ifname: 'lo',
  flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
  mtu: 65536,
  operstate: 'UNKNOWN',
  link_type: 'loopback',
  address: '00:00:00:00:00:00',
  addr_info: [
    { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' },
    { family: 'inet', local: '10.0.0.11', prefixlen: 32, scope: 'global', label: 'lo' },
    { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' },
  ],
};

/** A port moved into a VLAN's bridge whose far end is down. */
const ethernet0 = {
  ifindex: 3,
  link: 'eth0p',
  ifname: 'Ethernet0',
  flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN'],
  mtu: 9100,
  master: 'Vlan1000',
  operstate: 'LOWERLAYERDOWN',
  address: 'ea:e0:a7:37:7a:32',
  linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge', info_slave_data: { state: 'disabled', learning: true, flood: true } },
  addr_info: [],
};

/** The far end of that pair, administratively down (no NO-CARRIER flag then). */
const eth0p = {
  ifindex: 2,
  link: 'Ethernet0',
  ifname: 'eth0p',
  flags: ['BROADCAST', 'MULTICAST'],
  mtu: 1500,
  operstate: 'DOWN',
  address: 'ca:db:41:00:f9:3a',
  linkinfo: { info_kind: 'veth' },
  addr_info: [],
};

const vlan1000 = {
  ifindex: 4,
  ifname: 'Vlan1000',
  flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
  mtu: 9100,
  operstate: 'UP',
  address: '02:aa:bb:cc:dd:ee',
  linkinfo: { info_kind: 'bridge', info_data: { forward_delay: 1500, stp_state: 0, vlan_filtering: 0 } },
  addr_info: [
    { family: 'inet', local: '10.1.1.1', prefixlen: 24, scope: 'global', label: 'Vlan1000' },
    { family: 'inet6', local: 'fe80::aa:bbff:fecc:ddee', prefixlen: 64, scope: 'link' },
  ],
};

const vtep = {
  ifindex: 5,
  ifname: 'vtep-1000',
  flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
  mtu: 9100,
  master: 'Vlan1000',
  operstate: 'UNKNOWN',
  address: 'd6:d8:e7:ea:24:6c',
  linkinfo: {
    info_kind: 'vxlan',
    info_data: { id: 10000, local: '10.0.0.11', dstport: 4789, learning: false },
    info_slave_kind: 'bridge',
    info_slave_data: { state: 'forwarding', learning: false },
  },
  addr_info: [{ family: 'inet6', local: 'fe80::d4d8:e7ff:feea:246c', prefixlen: 64, scope: 'link' }],
};

const parse = (entries: unknown[]) => parseIpLinks(JSON.stringify(entries), 'wl-leaf1@Vrf1');
const only = (entry: unknown) => parse([entry]).links[0];

test('a namespace reads as its links in order, with Loopback0 global IPv4 addresses apart', () => {
  assert.deepEqual(parse([lo, eth0p, ethernet0, vlan1000, vtep]), {
    loopback: ['10.0.0.11/32'],
    links: [
      { name: 'eth0p', netns: 'wl-leaf1@Vrf1', kind: 'veth', up: false, carrier: false, mtu: 1500, mac: 'ca:db:41:00:f9:3a', addresses: [] },
      {
        name: 'Ethernet0',
        netns: 'wl-leaf1@Vrf1',
        kind: 'veth',
        up: true,
        carrier: false,
        mtu: 9100,
        mac: 'ea:e0:a7:37:7a:32',
        master: 'Vlan1000',
        addresses: [],
        learning: true,
      },
      { name: 'Vlan1000', netns: 'wl-leaf1@Vrf1', kind: 'bridge', up: true, carrier: true, mtu: 9100, mac: '02:aa:bb:cc:dd:ee', addresses: ['10.1.1.1/24'] },
      {
        name: 'vtep-1000',
        netns: 'wl-leaf1@Vrf1',
        kind: 'vxlan',
        up: true,
        carrier: true,
        mtu: 9100,
        mac: 'd6:d8:e7:ea:24:6c',
        master: 'Vlan1000',
        addresses: [],
        vxlan: { vni: 10000, local: '10.0.0.11' },
        learning: false,
      },
    ],
  });
});

test('empty output (a namespace ip could not list) is no links and no loopback', () => {
  assert.deepEqual(parseIpLinks('', 'wl-leaf1'), { links: [], loopback: [] });
  assert.deepEqual(parse([vlan1000]).loopback, []);
});

test('output that is not a list is an error naming the namespace', () => {
  assert.throws(() => parseIpLinks('{"ifname":"lo"}', 'wl-leaf1'), { message: 'ip -json address show in wl-leaf1 did not return a list' });
});

test('entries that are not links (null, text, numbers, lists, nameless objects) are skipped', () => {
  assert.deepEqual(parse([null, 'Ethernet0', 7, ['Ethernet0'], { mtu: 1500, flags: ['UP'] }, vlan1000]).links.map((l) => l.name), ['Vlan1000']);
});

test('carrier needs UP without NO-CARRIER and a lower layer that is not down', () => {
  // a bridge with no port up: UP but NO-CARRIER, operstate DOWN
  const emptyBridge = { ...vlan1000, ifname: 'Vlan2000', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], operstate: 'DOWN' };
  // a device over a link that is down: UP, no NO-CARRIER flag, operstate LOWERLAYERDOWN
  const overDownLink = { ...eth0p, ifname: 'eth0.100', flags: ['BROADCAST', 'MULTICAST', 'UP', 'M-DOWN'], operstate: 'LOWERLAYERDOWN' };
  assert.deepEqual(
    parse([emptyBridge, overDownLink, eth0p, vlan1000]).links.map((l) => [l.name, l.up, l.carrier]),
    [
      ['Vlan2000', true, false],
      ['eth0.100', true, false],
      ['eth0p', false, false],
      ['Vlan1000', true, true],
    ],
  );
});

test('a link kind other than veth, bridge or vxlan is other, and an 802.1Q id is no VNI', () => {
  const vlanDevice = { ...eth0p, ifname: 'eth0.100', linkinfo: { info_kind: 'vlan', info_data: { protocol: '802.1Q', id: 100 } } };
  const plain = { ifname: 'tun0', flags: ['POINTOPOINT', 'UP'], operstate: 'UNKNOWN' };
  assert.deepEqual(parse([vlanDevice, plain]).links, [
    { name: 'eth0.100', netns: 'wl-leaf1@Vrf1', kind: 'other', up: false, carrier: false, mtu: 1500, mac: 'ca:db:41:00:f9:3a', addresses: [] },
    // no mtu, address or linkinfo in the entry: 0, no MAC, kind other
    { name: 'tun0', netns: 'wl-leaf1@Vrf1', kind: 'other', up: true, carrier: true, mtu: 0, mac: '', addresses: [] },
  ]);
});

test('a MAC is kept in lower case', () => {
  assert.equal(only({ ...vlan1000, address: '02:AA:BB:CC:DD:EE' })?.mac, '02:aa:bb:cc:dd:ee');
});

test('a VXLAN without a local address or without details has an empty local or no VNI', () => {
  const noLocal = { ...vtep, linkinfo: { info_kind: 'vxlan', info_data: { id: 10001 } } };
  const noDetails = { ...vtep, linkinfo: { info_kind: 'vxlan' } };
  assert.deepEqual(only(noLocal)?.vxlan, { vni: 10001, local: '' });
  assert.deepEqual(only(noLocal)?.learning, undefined);
  assert.equal(only(noDetails)?.kind, 'vxlan');
  assert.equal(only(noDetails)?.vxlan, undefined);
});

test('learning is reported for bridge ports only, on unless the bridge says off', () => {
  const noData = { ...ethernet0, linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge' } };
  const bondSlave = { ...ethernet0, master: 'bond0', linkinfo: { info_kind: 'veth', info_slave_kind: 'bond', info_slave_data: { learning: false } } };
  assert.equal(only(noData)?.learning, true);
  assert.equal(only(bondSlave)?.learning, undefined);
  assert.equal(only(bondSlave)?.master, 'bond0');
  assert.equal(only(eth0p)?.master, undefined);
});

test('only global and link IPv4 addresses with a prefix length are reported, in order', () => {
  const addrs = {
    ...vlan1000,
    addr_info: [
      { family: 'inet', local: '10.1.1.1', prefixlen: 24, scope: 'global' },
      { family: 'inet', local: '127.0.0.2', prefixlen: 8, scope: 'host' },
      { family: 'inet6', local: '2001:db8::1', prefixlen: 64, scope: 'global' },
      { family: 'inet', prefixlen: 24, scope: 'global' },
      { family: 'inet', local: '10.1.9.1', scope: 'global' },
      { family: 'inet', local: '169.254.0.1', prefixlen: 16, scope: 'link' },
    ],
  };
  assert.deepEqual(only(addrs)?.addresses, ['10.1.1.1/24', '169.254.0.1/16']);
  assert.deepEqual(only({ ...vlan1000, addr_info: undefined })?.addresses, []);
  assert.deepEqual(parse([{ ...lo, addr_info: undefined }]).loopback, []);
});
