// CONFIG_DB entries the lab cannot turn into Linux devices, as a person running the lab reads
// them in the shim's problems (each names the entry and what is wrong or awaited), and what the
// shim still builds around them: routed ports, LAG members, tagged members, L3 ingress ACLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { desiredState, type RedisHash } from './index.js';
import { shimLeaf1 } from '../../test/support/lab-fixture.js';

const leaf1 = shimLeaf1();

const db = (entries: Record<string, Record<string, string>>): Map<string, RedisHash> => new Map(Object.entries(entries));

/** A configured switch with one VRF and one VLAN with an SVI and a VXLAN. */
const base = {
  'DEVICE_METADATA|localhost': { bgp_asn: '65101', mac: '02:00:00:00:01:01' },
  'VRF|Vrf1': { NULL: 'NULL' },
  'PORT|Ethernet0': { admin_status: 'up', mtu: '9100' },
  'PORT|Ethernet4': { admin_status: 'up', mtu: '9100' },
  'PORT|Ethernet8': { admin_status: 'up', mtu: '9100' },
  'PORT|Ethernet12': { admin_status: 'up', mtu: '9100' },
  'PORT|Ethernet48': { admin_status: 'up', mtu: '9100' },
  'VLAN|Vlan1000': { vlanid: '1000' },
  'VLAN_INTERFACE|Vlan1000': { vrf_name: 'Vrf1' },
  'VLAN_INTERFACE|Vlan1000|10.1.1.1/24': { NULL: 'NULL' },
  'VXLAN_TUNNEL|vtep': { src_ip: '10.0.0.11' },
  'VXLAN_TUNNEL_MAP|vtep|map_10000_Vlan1000': { vlan: 'Vlan1000', vni: '10000' },
  'LOOPBACK_INTERFACE|Loopback0|10.0.0.11/32': { NULL: 'NULL' },
};

const linkOf = (state: ReturnType<typeof desiredState>, name: string) => state.links.find((l) => l.name === name);

test('a clean CONFIG_DB has no problems', () => {
  const state = desiredState(leaf1, db(base), new Set());
  assert.deepEqual(state.problems, []);
  assert.deepEqual(state.loopback, ['10.0.0.11/32']);
  assert.deepEqual(linkOf(state, 'vtep-1000'), { name: 'vtep-1000', netns: 'wl-leaf1@Vrf1', kind: 'vxlan', up: true, mtu: 9100, master: 'Vlan1000', addresses: [], vxlan: { vni: 10000, local: '10.0.0.11' } });
});

test('VRF names SONiC would refuse are problems, and get no namespace', () => {
  const state = desiredState(leaf1, db({ ...base, 'VRF|blue': { NULL: 'NULL' }, 'VRF|Vrf_0123456789ab': { NULL: 'NULL' } }), new Set());
  assert.deepEqual(state.problems, [
    'VRF|Vrf_0123456789ab: not a SONiC VRF name (Vrf followed by letters, digits, _ or -, 15 characters at most)',
    'VRF|blue: not a SONiC VRF name (Vrf followed by letters, digits, _ or -, 15 characters at most)',
  ]);
  assert.deepEqual(state.vrfs, [{ vrf: 'Vrf1', netns: 'wl-leaf1@Vrf1' }]);
});

test('a PORT the wiring does not have is a problem naming the switch', () => {
  const state = desiredState(leaf1, db({ ...base, 'PORT|Ethernet99': { admin_status: 'up' } }), new Set());
  assert.deepEqual(state.problems, ["PORT|Ethernet99: the lab's wiring has no such port on leaf1"]);
  assert.equal(linkOf(state, 'Ethernet99'), undefined);
});

test('a routed port gets its IPv4 addresses; an IPv6 one is a problem; an interface of an unknown VRF waits', () => {
  const state = desiredState(
    leaf1,
    db({
      ...base,
      'INTERFACE|Ethernet48': { NULL: 'NULL' },
      'INTERFACE|Ethernet48|10.0.1.1/31': { NULL: 'NULL' },
      'INTERFACE|Ethernet48|2001:db8::1/64': { NULL: 'NULL' },
      'INTERFACE|Ethernet40|10.0.9.1/31': { NULL: 'NULL' },
      'INTERFACE|Ethernet4': { vrf_name: 'Vrf9' },
    }),
    new Set(),
  );
  assert.deepEqual(state.problems, [
    'INTERFACE|Ethernet4: vrf_name Vrf9 has no VRF entry (waiting for it, as intfmgrd would)',
    'INTERFACE|Ethernet48|2001:db8::1/64: "2001:db8::1/64" is not an IPv4 address with a prefix length (IPv6 is not emulated)',
  ]);
  assert.deepEqual(linkOf(state, 'Ethernet48'), { name: 'Ethernet48', netns: 'wl-leaf1', kind: 'port', up: true, mtu: 9100, addresses: ['10.0.1.1/31'] });
  // waiting for its VRF, the port stays in the switch namespace
  assert.equal(linkOf(state, 'Ethernet4')?.netns, 'wl-leaf1');
});

test('a VLAN whose vlanid is not the number in its name, or out of range, is a problem and no bridge', () => {
  const state = desiredState(leaf1, db({ ...base, 'VLAN|Vlan2000': { vlanid: '2001' }, 'VLAN|Vlan5000': { vlanid: '5000' } }), new Set());
  assert.deepEqual(state.problems, ['VLAN|Vlan2000: vlanid must be the number in the name, 1..4094', 'VLAN|Vlan5000: vlanid must be the number in the name, 1..4094']);
  assert.deepEqual(
    state.links.filter((l) => l.kind === 'bridge').map((l) => l.name),
    ['Vlan1000'],
  );
});

test('a VLAN address that is not IPv4 is a problem; the bridge keeps the others', () => {
  const state = desiredState(leaf1, db({ ...base, 'VLAN_INTERFACE|Vlan1000|fd00:1::1/64': { NULL: 'NULL' } }), new Set());
  assert.deepEqual(state.problems, ['VLAN_INTERFACE|Vlan1000|fd00:1::1/64: "fd00:1::1/64" is not an IPv4 address with a prefix length (IPv6 is not emulated)']);
  assert.deepEqual(linkOf(state, 'Vlan1000')?.addresses, ['10.1.1.1/24']);
});

test('a loopback address that is not IPv4 is a problem; Loopback0 keeps the others', () => {
  const state = desiredState(leaf1, db({ ...base, 'LOOPBACK_INTERFACE|Loopback0|fd00::11/128': { NULL: 'NULL' } }), new Set());
  assert.deepEqual(state.problems, ['LOOPBACK_INTERFACE|Loopback0|fd00::11/128: "fd00::11/128" is not an IPv4 address with a prefix length (IPv6 is not emulated)']);
  assert.deepEqual(state.loopback, ['10.0.0.11/32']);
});

test('a VXLAN map waits for its tunnel; a device name over 15 characters is refused, as vxlanmgrd would', () => {
  const state = desiredState(
    leaf1,
    db({
      ...base,
      'VXLAN_TUNNEL_MAP|vtep9|map_10001_Vlan1000': { vlan: 'Vlan1000', vni: '10001' },
      'VXLAN_TUNNEL_MAP|vtep|map_0_Vlan1000': { vlan: 'Vlan1000', vni: '0' },
      'VXLAN_TUNNEL|vtep_long_name': { src_ip: '10.0.0.11' },
      'VXLAN_TUNNEL_MAP|vtep_long_name|map_10002_Vlan1000': { vlan: 'Vlan1000', vni: '10002' },
    }),
    new Set(),
  );
  assert.deepEqual(state.problems, [
    'VXLAN_TUNNEL_MAP|vtep9|map_10001_Vlan1000: waiting for VXLAN_TUNNEL|vtep9 with src_ip and a vni 1..16777215 (as vxlanmgrd would)',
    'VXLAN_TUNNEL_MAP|vtep_long_name|map_10002_Vlan1000: the device name vtep_long_name-1000 is over 15 characters (vxlanmgrd would fail to create it too)',
    'VXLAN_TUNNEL_MAP|vtep|map_0_Vlan1000: waiting for VXLAN_TUNNEL|vtep with src_ip and a vni 1..16777215 (as vxlanmgrd would)',
  ]);
  assert.deepEqual(
    state.links.filter((l) => l.kind === 'vxlan').map((l) => l.name),
    ['vtep-1000'],
  );
});

test('VLAN members: an unknown port, an empty PortChannel and a tagging mode other than untagged or tagged are problems', () => {
  const state = desiredState(
    leaf1,
    db({
      ...base,
      'PORTCHANNEL|PortChannel2': { admin_status: 'up' },
      'VLAN_MEMBER|Vlan1000|Ethernet77': { tagging_mode: 'untagged' },
      'VLAN_MEMBER|Vlan1000|PortChannel2': { tagging_mode: 'untagged' },
      'VLAN_MEMBER|Vlan1000|Ethernet4': { tagging_mode: 'priority_tagged' },
      'VLAN_MEMBER|Vlan1000|Ethernet8': { NULL: 'NULL' },
    }),
    new Set(),
  );
  assert.deepEqual(state.problems, [
    'VLAN_MEMBER|Vlan1000|Ethernet4: tagging_mode priority_tagged is not emulated (untagged or tagged)',
    'VLAN_MEMBER|Vlan1000|Ethernet77: no such port or PortChannel (with a member) on leaf1',
    'VLAN_MEMBER|Vlan1000|Ethernet8: tagging_mode (none) is not emulated (untagged or tagged)',
    'VLAN_MEMBER|Vlan1000|PortChannel2: no such port or PortChannel (with a member) on leaf1',
  ]);
  assert.deepEqual([linkOf(state, 'Ethernet4')?.master, linkOf(state, 'Ethernet8')?.master], [undefined, undefined]);
});

test('a tagged member is a sub-link pair to the far node, up with its port', () => {
  const state = desiredState(leaf1, db({ ...base, 'PORT|Ethernet4': { admin_status: 'down', mtu: '9100' }, 'VLAN_MEMBER|Vlan1000|Ethernet0': { tagging_mode: 'tagged' }, 'VLAN_MEMBER|Vlan1000|Ethernet4': { tagging_mode: 'tagged' } }), new Set());
  assert.deepEqual(state.problems, []);
  assert.deepEqual(state.subLinks, [
    { a: { node: 'leaf1', netns: 'wl-leaf1@Vrf1', name: 'Ethernet0.1000' }, b: { node: 'server1', netns: 'wl-server1', name: 'eth0.1000' }, mtu: 9100 },
    { a: { node: 'leaf1', netns: 'wl-leaf1@Vrf1', name: 'Ethernet4.1000' }, b: { node: 'server2', netns: 'wl-server2', name: 'eth0.1000' }, mtu: 9100 },
  ]);
  assert.deepEqual(
    state.links.filter((l) => l.kind === 'sublink').map((l) => [l.name, l.up, l.master]),
    [
      ['Ethernet0.1000', true, 'Vlan1000'],
      ['Ethernet4.1000', false, 'Vlan1000'],
    ],
  );
});

test('a LAG in a VLAN: the member with carrier joins the bridge, the other waits beside it; members outside the wiring are ignored', () => {
  const state = desiredState(
    leaf1,
    db({
      ...base,
      'PORTCHANNEL|PortChannel1': { admin_status: 'up', mtu: '9000' },
      'PORTCHANNEL_MEMBER|PortChannel1|Ethernet8': { NULL: 'NULL' },
      'PORTCHANNEL_MEMBER|PortChannel1|Ethernet12': { NULL: 'NULL' },
      'PORTCHANNEL_MEMBER|PortChannel1|Ethernet96': { NULL: 'NULL' },
      'VLAN_MEMBER|Vlan1000|PortChannel1': { tagging_mode: 'untagged' },
    }),
    new Set(['Ethernet12']),
  );
  assert.deepEqual(state.problems, []);
  assert.deepEqual(
    ['Ethernet8', 'Ethernet12'].map((n) => [n, linkOf(state, n)?.netns, linkOf(state, n)?.master ?? '-', linkOf(state, n)?.mtu]),
    [
      ['Ethernet8', 'wl-leaf1@Vrf1', '-', 9000],
      ['Ethernet12', 'wl-leaf1@Vrf1', 'Vlan1000', 9000],
    ],
  );
  assert.equal(linkOf(state, 'Ethernet96'), undefined);
});

test('only L3 ingress ACL tables are applied, in the namespace of their ports; a binding to no port is a problem', () => {
  const state = desiredState(
    leaf1,
    db({
      ...base,
      'VLAN_MEMBER|Vlan1000|Ethernet0': { tagging_mode: 'untagged' },
      'ACL_TABLE|EGRESS_T': { type: 'L3', stage: 'egress', 'ports@': 'Ethernet4' },
      'ACL_TABLE|MIRROR_T': { type: 'MIRROR', stage: 'ingress', 'ports@': 'Ethernet4' },
      'ACL_TABLE|UNTYPED_T': { stage: 'ingress', 'ports@': 'Ethernet4' },
      'ACL_TABLE|EMPTY_T': { type: 'L3', stage: 'INGRESS', 'ports@': '' },
      'ACL_TABLE|TENANT_T': { type: 'l3', 'ports@': 'Ethernet0,Ethernet66' },
      'ACL_RULE|TENANT_T|DENY_WEB': { PRIORITY: '10', PACKET_ACTION: 'DROP', DST_IP: '10.1.1.0/24' },
      'ACL_RULE|EGRESS_T|DENY_ALL': { PRIORITY: '10', PACKET_ACTION: 'DROP' },
    }),
    new Set(),
  );
  assert.deepEqual(state.problems, ['ACL_TABLE|TENANT_T: bound to Ethernet66, which is not a port or PortChannel here']);
  assert.deepEqual([...state.acls.keys()], ['wl-leaf1@Vrf1']);
  assert.deepEqual(
    (state.acls.get('wl-leaf1@Vrf1') ?? '').split('\n').filter((l) => l.includes('comment')),
    ['    iifname { "Ethernet0" } meta protocol ip ip daddr 10.1.1.0/24 drop comment "TENANT_T|DENY_WEB"'],
  );
});
