// What one switch's CONFIG_DB turns into, entry by entry, where the shim has a choice to make:
// names it accepts or refuses, the MAC a bridge gets, which LAG member forwards, what a
// PortChannel's state and MTU do to its members, routed ports in a VRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredState, type DesiredState, type RedisHash } from './index.js';
import { labEnd, shimLeaf1 } from '../../test/support/lab-fixture.js';

const leaf1 = shimLeaf1([['Ethernet16', labEnd('server8', 'eth0')]]);

const UP = { admin_status: 'up', mtu: '9100' };
const configured = {
  'DEVICE_METADATA|localhost': { bgp_asn: '65101', mac: '02:00:00:00:01:01' },
  'VRF|Vrf1': { NULL: 'NULL' },
  'PORT|Ethernet0': UP,
  'PORT|Ethernet4': UP,
  'PORT|Ethernet8': UP,
  'PORT|Ethernet12': UP,
  'PORT|Ethernet16': UP,
  'PORT|Ethernet48': UP,
};

const state = (entries: Record<string, Record<string, string>>, carrier: string[] = []): DesiredState =>
  desiredState(leaf1, new Map<string, RedisHash>(Object.entries({ ...configured, ...entries })), new Set(carrier));
const linkOf = (s: DesiredState, name: string) => s.links.find((l) => l.name === name);

test('VRF names: letters, digits, _ and - after Vrf are accepted; a name that only contains Vrf is refused', () => {
  const s = state({ 'VRF|Vrf_blue-2': { NULL: 'NULL' }, 'VRF|myVrf1': { NULL: 'NULL' }, 'VRF|Vrf1.x': { NULL: 'NULL' } });
  assert.deepEqual(
    s.vrfs.map((v) => [v.vrf, v.netns]),
    [
      ['Vrf1', 'wl-leaf1@Vrf1'],
      ['Vrf_blue-2', 'wl-leaf1@Vrf_blue-2'],
    ],
  );
  assert.deepEqual(s.problems, [
    'VRF|Vrf1.x: not a SONiC VRF name (Vrf followed by letters, digits, _ or -, 15 characters at most)',
    'VRF|myVrf1: not a SONiC VRF name (Vrf followed by letters, digits, _ or -, 15 characters at most)',
  ]);
});

test('an interface with vrf_name "" or "default" stays in the switch namespace, with no problem', () => {
  const s = state({
    'INTERFACE|Ethernet4': { vrf_name: '' },
    'INTERFACE|Ethernet16': { vrf_name: 'default' },
    'INTERFACE|Ethernet48': { vrf_name: 'Vrf1' },
  });
  assert.deepEqual(s.problems, []);
  assert.deepEqual(
    ['Ethernet4', 'Ethernet16', 'Ethernet48'].map((n) => linkOf(s, n)?.netns),
    ['wl-leaf1', 'wl-leaf1', 'wl-leaf1@Vrf1'],
  );
});

test('an INTERFACE entry of a port the wiring does not have changes nothing', () => {
  const s = state({ 'INTERFACE|Ethernet40': { vrf_name: 'Vrf1' } });
  assert.deepEqual(s.problems, []);
  assert.equal(linkOf(s, 'Ethernet40'), undefined);
});

const bridgeMacCases: { name: string; entries: Record<string, Record<string, string>>; mac: string | undefined }[] = [
  { name: 'its own mac_addr, lower-cased', entries: { 'VLAN_INTERFACE|Vlan1000': { mac_addr: '02:AA:BB:CC:DD:EE' } }, mac: '02:aa:bb:cc:dd:ee' },
  {
    name: 'an own mac_addr with text before or after is not a MAC: the anycast one',
    entries: { 'VLAN_INTERFACE|Vlan1000': { mac_addr: 'x02:aa:bb:cc:dd:ee', static_anycast_gateway: 'true' }, 'SAG|GLOBAL': { gateway_mac: '00:00:5E:00:01:01' } },
    mac: '00:00:5e:00:01:01',
  },
  {
    name: 'an own mac_addr with text after is not a MAC: the system one',
    entries: { 'VLAN_INTERFACE|Vlan1000': { mac_addr: '02:aa:bb:cc:dd:eex' } },
    mac: '02:00:00:00:01:01',
  },
  {
    name: 'the anycast gateway MAC, lower-cased',
    entries: { 'VLAN_INTERFACE|Vlan1000': { static_anycast_gateway: 'true' }, 'SAG|GLOBAL': { gateway_mac: '00:00:5E:00:01:01' } },
    mac: '00:00:5e:00:01:01',
  },
  {
    name: 'anycast asked, with no SAG entry: the system MAC',
    entries: { 'VLAN_INTERFACE|Vlan1000': { static_anycast_gateway: 'true' } },
    mac: '02:00:00:00:01:01',
  },
  {
    name: 'anycast asked, with a SAG entry without a MAC: the system MAC',
    entries: { 'VLAN_INTERFACE|Vlan1000': { static_anycast_gateway: 'true' }, 'SAG|GLOBAL': { NULL: 'NULL' } },
    mac: '02:00:00:00:01:01',
  },
  {
    name: 'anycast asked, with a SAG MAC that is no MAC: the system MAC',
    entries: { 'VLAN_INTERFACE|Vlan1000': { static_anycast_gateway: 'true' }, 'SAG|GLOBAL': { gateway_mac: 'none' } },
    mac: '02:00:00:00:01:01',
  },
  {
    name: 'anycast not asked: the system MAC, lower-cased',
    entries: { 'VLAN_INTERFACE|Vlan1000': { static_anycast_gateway: 'false' }, 'SAG|GLOBAL': { gateway_mac: '00:00:5e:00:01:01' }, 'DEVICE_METADATA|localhost': { bgp_asn: '65101', mac: '02:00:00:00:0A:0B' } },
    mac: '02:00:00:00:0a:0b',
  },
  {
    name: 'a system MAC that is no MAC: none',
    entries: { 'VLAN_INTERFACE|Vlan1000': { NULL: 'NULL' }, 'DEVICE_METADATA|localhost': { bgp_asn: '65101', mac: 'unknown' } },
    mac: undefined,
  },
  {
    name: 'no DEVICE_METADATA: none',
    entries: { 'VLAN_INTERFACE|Vlan1000': { NULL: 'NULL' }, 'DEVICE_METADATA|localhost': { bgp_asn: '65101' } },
    mac: undefined,
  },
  { name: 'a VLAN without an SVI: none', entries: {}, mac: undefined },
];

for (const c of bridgeMacCases) {
  test(`a VLAN bridge's MAC: ${c.name}`, () => {
    const s = state({ 'VLAN|Vlan1000': { vlanid: '1000' }, ...c.entries });
    assert.deepEqual(s.problems, []);
    const bridge = linkOf(s, 'Vlan1000');
    assert.equal(bridge?.mac, c.mac);
    assert.equal(bridge !== undefined && 'mac' in bridge, c.mac !== undefined);
  });
}

test('a bridge without DEVICE_METADATA at all has no MAC, and the switch counts as unconfigured only without VRFs', () => {
  const s = desiredState(leaf1, new Map<string, RedisHash>([['VLAN|Vlan1000', { vlanid: '1000' }], ['VLAN_INTERFACE|Vlan1000', { NULL: 'NULL' }]]), new Set());
  assert.equal(linkOf(s, 'Vlan1000')?.mac, undefined);
  assert.equal(s.unconfigured, true);
  const withVrf = desiredState(leaf1, new Map<string, RedisHash>([['VRF|Vrf1', { NULL: 'NULL' }]]), new Set());
  assert.equal('unconfigured' in withVrf, false);
});

test('a LAG with no member up forwards on its first member in port order (Ethernet8 before Ethernet12)', () => {
  const s = state({
    'PORTCHANNEL|PortChannel1': { admin_status: 'up' },
    'PORTCHANNEL_MEMBER|PortChannel1|Ethernet12': { NULL: 'NULL' },
    'PORTCHANNEL_MEMBER|PortChannel1|Ethernet8': { NULL: 'NULL' },
    'VLAN|Vlan1000': { vlanid: '1000' },
    'VLAN_MEMBER|Vlan1000|PortChannel1': { tagging_mode: 'untagged' },
  });
  assert.deepEqual(
    ['Ethernet8', 'Ethernet12'].map((n) => linkOf(s, n)?.master ?? '-'),
    ['Vlan1000', '-'],
  );
});

test('two LAGs keep their own members', () => {
  const s = state(
    {
      'PORTCHANNEL|PortChannel1': { admin_status: 'up' },
      'PORTCHANNEL_MEMBER|PortChannel1|Ethernet8': { NULL: 'NULL' },
      'PORTCHANNEL|PortChannel2': { admin_status: 'up' },
      'PORTCHANNEL_MEMBER|PortChannel2|Ethernet12': { NULL: 'NULL' },
      'PORTCHANNEL_MEMBER|PortChannel2|Ethernet16': { NULL: 'NULL' },
      'VLAN|Vlan1000': { vlanid: '1000' },
      'VLAN_MEMBER|Vlan1000|PortChannel1': { tagging_mode: 'untagged' },
      'VLAN|Vlan1001': { vlanid: '1001' },
      'VLAN_MEMBER|Vlan1001|PortChannel2': { tagging_mode: 'untagged' },
    },
    ['Ethernet16'],
  );
  assert.deepEqual(
    ['Ethernet8', 'Ethernet12', 'Ethernet16'].map((n) => linkOf(s, n)?.master ?? '-'),
    ['Vlan1000', '-', 'Vlan1001'],
  );
});

test('a LAG member is up only when both its PORT and its PortChannel are; the PortChannel MTU wins when it has one', () => {
  const s = state({
    'PORT|Ethernet4': { admin_status: 'down', mtu: '9100' },
    'PORTCHANNEL|PortChannel1': { admin_status: 'up', mtu: '9000' },
    'PORTCHANNEL_MEMBER|PortChannel1|Ethernet0': { NULL: 'NULL' },
    'PORTCHANNEL_MEMBER|PortChannel1|Ethernet4': { NULL: 'NULL' },
    'PORTCHANNEL|PortChannel2': { admin_status: 'down' },
    'PORTCHANNEL_MEMBER|PortChannel2|Ethernet8': { NULL: 'NULL' },
    'PORTCHANNEL|PortChannel3': { NULL: 'NULL' },
    'PORTCHANNEL_MEMBER|PortChannel3|Ethernet12': { NULL: 'NULL' },
  });
  assert.deepEqual(
    ['Ethernet0', 'Ethernet4', 'Ethernet8', 'Ethernet12', 'Ethernet16'].map((n) => [n, linkOf(s, n)?.up, linkOf(s, n)?.mtu]),
    [
      ['Ethernet0', true, 9000],
      ['Ethernet4', false, 9000],
      ['Ethernet8', false, 9100],
      ['Ethernet12', false, 9100],
      ['Ethernet16', true, 9100],
    ],
  );
});

test('an ACL bound to a PortChannel with no member here is a problem, and is applied nowhere', () => {
  const s = state({
    'PORTCHANNEL|PortChannel7': { admin_status: 'up' },
    'ACL_TABLE|T': { type: 'L3', stage: 'ingress', 'ports@': 'PortChannel7' },
    'ACL_RULE|T|R': { PRIORITY: '10', PACKET_ACTION: 'DROP', DST_IP: '10.1.1.0/24' },
  });
  assert.deepEqual(s.problems, ['ACL_TABLE|T: bound to PortChannel7, which is not a port or PortChannel here']);
  assert.deepEqual([...s.acls.keys()], []);
});

test('a VLAN named Vlanundefined with no usable vlanid is refused like any other', () => {
  const s = state({ 'VLAN|Vlanundefined': { vlanid: 'x' } });
  assert.deepEqual(s.problems, ['VLAN|Vlanundefined: vlanid must be the number in the name, 1..4094']);
  assert.equal(linkOf(s, 'Vlanundefined'), undefined);
});

test('a VLAN whose SVI names a VRF not there yet waits for it: a problem naming the SVI, and no bridge', () => {
  const s = state({ 'VLAN|Vlan1000': { vlanid: '1000' }, 'VLAN_INTERFACE|Vlan1000': { vrf_name: 'Vrf9' } });
  assert.deepEqual(s.problems, ['VLAN_INTERFACE|Vlan1000: vrf_name Vrf9 has no VRF entry (waiting for it, as intfmgrd would)']);
  assert.equal(linkOf(s, 'Vlan1000'), undefined);
});

test('a VLAN is up unless its admin_status says otherwise; its VXLAN follows it', () => {
  const s = state({
    'VLAN|Vlan1000': { vlanid: '1000', admin_status: 'down' },
    'VLAN|Vlan1001': { vlanid: '1001', admin_status: 'up' },
    'VLAN|Vlan1002': { vlanid: '1002' },
    'VXLAN_TUNNEL|vtep': { src_ip: '10.0.0.11' },
    'VXLAN_TUNNEL_MAP|vtep|map_10000_Vlan1000': { vlan: 'Vlan1000', vni: '10000' },
  });
  assert.deepEqual(
    ['Vlan1000', 'vtep-1000', 'Vlan1001', 'Vlan1002'].map((n) => linkOf(s, n)?.up),
    [false, false, true, true],
  );
});

test('a VXLAN device name of exactly 15 characters is made; one of 16 is refused', () => {
  const s = state({
    'VLAN|Vlan1000': { vlanid: '1000' },
    'VXLAN_TUNNEL|vtep_15_ch': { src_ip: '10.0.0.11' },
    'VXLAN_TUNNEL_MAP|vtep_15_ch|map_10000_Vlan1000': { vlan: 'Vlan1000', vni: '10000' },
    'VXLAN_TUNNEL|vtep_16_cha': { src_ip: '10.0.0.11' },
    'VXLAN_TUNNEL_MAP|vtep_16_cha|map_10001_Vlan1000': { vlan: 'Vlan1000', vni: '10001' },
  });
  assert.deepEqual(
    s.links.filter((l) => l.kind === 'vxlan').map((l) => l.name),
    ['vtep_15_ch-1000'],
  );
  assert.deepEqual(s.problems, ['VXLAN_TUNNEL_MAP|vtep_16_cha|map_10001_Vlan1000: the device name vtep_16_cha-1000 is over 15 characters (vxlanmgrd would fail to create it too)']);
});

test('a port with no PORT entry has no MTU of its own, and is down', () => {
  const s = desiredState(leaf1, new Map<string, RedisHash>([['DEVICE_METADATA|localhost', { bgp_asn: '65101' }]]), new Set());
  assert.deepEqual(linkOf(s, 'Ethernet0'), { name: 'Ethernet0', netns: 'wl-leaf1', kind: 'port', up: false, addresses: [] });
  assert.equal('unconfigured' in s, false, 'a switch with a bgp_asn is configured, VRFs or not');
});

test('an ACL table lists its ports in port order, and the rules it cannot express are problems of the switch', () => {
  const s = state({
    'ACL_TABLE|T': { type: 'L3', stage: 'ingress', 'ports@': 'Ethernet16,Ethernet4' },
    'ACL_RULE|T|R1': { PRIORITY: '10', PACKET_ACTION: 'DROP', DST_IP: '10.1.1.0/24' },
    'ACL_RULE|T|R2': { PRIORITY: '5', PACKET_ACTION: 'DROP', L4_DST_PORT: '22' },
  });
  assert.deepEqual(s.problems, ['ACL_RULE|T|R2: L4_DST_PORT not emulated; the rule is left out']);
  assert.deepEqual(
    (s.acls.get('wl-leaf1') ?? '').split('\n').filter((l) => l.includes('comment')),
    ['    iifname { "Ethernet4", "Ethernet16" } meta protocol ip ip daddr 10.1.1.0/24 drop comment "T|R1"'],
  );
});
