// What the shim reads from FRR: leaked routes to put on veth pairs between VRF namespaces,
// VNIs zebra has not taken up, BGP sessions; and the outside peer's own FRR configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labFabric } from '../../test/support/lab-fixture.js';
import { requireTool, runToolOnText } from '#testing';
import { countEstablished, inactiveVrfs, macsZebraMissed, leakLinkAddress, leakedRoutes, parseBgpSummary, peerFrrConf, planLab, planLeaks, routePrefix, splitJsonValues, stuckVnis, vtepsWithoutRouterMac, type DesiredLink } from './index.js';

/** `show ip route vrf all json` as FRR 8.4 prints it on a border: one JSON object per VRF. */
const BORDER_ROUTES = `{
  "0.0.0.0/0":[
    {"prefix":"0.0.0.0/0","protocol":"kernel","vrfName":"Vrf1","selected":true,"nexthops":[{"interfaceName":"lk-Vrf4","active":true}]},
    {"prefix":"0.0.0.0/0","protocol":"bgp","vrfName":"Vrf1","nexthops":[{"ip":"192.0.2.1","interfaceName":"eth3","vrf":"Vrf4","active":true}]}],
  "10.10.1.0/24":[{"prefix":"10.10.1.0/24","protocol":"bgp","vrfName":"Vrf1","selected":true,"nexthops":[{"ip":"10.0.0.2","interfaceName":"br10000","active":true}]}]
}
{
  "0.0.0.0/0":[{"prefix":"0.0.0.0/0","protocol":"bgp","vrfName":"Vrf4","selected":true,"nexthops":[{"ip":"192.0.2.1","interfaceName":"eth3","active":true}]}],
  "10.10.1.0/24":[{"prefix":"10.10.1.0/24","protocol":"bgp","vrfName":"Vrf4","selected":true,"nexthops":[{"ip":"10.0.0.2","interfaceName":"br10000","vrf":"Vrf1","active":true}]}],
  "192.0.2.0/30":[{"prefix":"192.0.2.0/30","protocol":"connected","vrfName":"Vrf4","selected":true,"nexthops":[{"interfaceName":"eth3","active":true}]}]
}
{"1.2.3.4/32":[{"prefix":"1.2.3.4/32","protocol":"bgp","vrfName":"default","selected":true,"nexthops":[{"ip":"9.9.9.9","vrf":"Vrf1","active":true}]}]}`;

test('leaked routes: next hops in another VRF, whatever zebra selected, never into or from the default VRF', () => {
  assert.equal(splitJsonValues(BORDER_ROUTES).length, 3);
  assert.deepEqual(leakedRoutes(BORDER_ROUTES), [
    { vrf: 'Vrf1', prefix: '0.0.0.0/0', via: 'Vrf4' },
    { vrf: 'Vrf4', prefix: '10.10.1.0/24', via: 'Vrf1' },
  ]);
  assert.deepEqual(leakedRoutes('not json'), []);
});

test('leak plan: the link pair once, routes via the far end, and what is stale goes', () => {
  const wanted = leakedRoutes(BORDER_ROUTES);
  assert.deepEqual(planLeaks(wanted, new Map(), []), [
    { op: 'leak-link-add', a: 'Vrf1', b: 'Vrf4' },
    { op: 'leak-route-set', vrf: 'Vrf1', prefix: '0.0.0.0/0', device: 'lk-Vrf4' },
    { op: 'leak-route-set', vrf: 'Vrf4', prefix: '10.10.1.0/24', device: 'lk-Vrf1' },
  ]);
  const links = new Map([
    ['Vrf1', ['lk-Vrf4']],
    ['Vrf4', ['lk-Vrf1']],
  ]);
  const present = [
    { vrf: 'Vrf1', prefix: '0.0.0.0/0', device: 'lk-Vrf4' },
    { vrf: 'Vrf4', prefix: '10.10.1.0/24', device: 'lk-Vrf1' },
    { vrf: 'Vrf4', prefix: '10.10.9.0/24', device: 'lk-Vrf1' },
  ];
  assert.deepEqual(planLeaks(wanted, links, present), [{ op: 'leak-route-del', vrf: 'Vrf4', prefix: '10.10.9.0/24', device: 'lk-Vrf1' }]);
  assert.deepEqual(planLeaks([], links, []), [{ op: 'leak-link-del', vrf: 'Vrf1', device: 'lk-Vrf4' }], 'one delete takes both ends');
  assert.deepEqual([leakLinkAddress('Vrf1', 'Vrf4'), leakLinkAddress('Vrf4', 'Vrf1')], ['fe80::1', 'fe80::2']);
  assert.deepEqual([routePrefix('default'), routePrefix('203.0.113.1'), routePrefix('10.0.0.0/8')], ['0.0.0.0/0', '203.0.113.1/32', '10.0.0.0/8']);
});

test('VNIs zebra has not taken up: missing, or an L3VNI down without its SVI; nothing judged before EVPN is on', () => {
  const vxlan = (name: string, vni: number): DesiredLink => ({ name, netns: 'wl-leaf1@Vrf1', kind: 'vxlan', up: true, addresses: [], vxlan: { vni, local: '10.0.0.2' } });
  const detail = JSON.stringify([
    { vni: 10003, type: 'L2', vxlanInterface: 'vtep1-1001' },
    { vni: 10000, type: 'L3', vxlanIntf: 'vtep1-1000', sviIntf: 'None', state: 'Down' },
  ]);
  assert.deepEqual(stuckVnis([vxlan('vtep1-1000', 10000), vxlan('vtep1-1001', 10003), vxlan('vtep1-1002', 10005)], detail), [
    { vni: 10000, netns: 'wl-leaf1@Vrf1', device: 'vtep1-1000', reason: 'L3VNI Down, SVI None' },
    { vni: 10005, netns: 'wl-leaf1@Vrf1', device: 'vtep1-1002', reason: 'zebra has no such VNI' },
  ]);
  assert.deepEqual(stuckVnis([vxlan('vtep1-1000', 10000)], '[]'), []);
});

test('BGP sessions counted once per VRF and peer, established only when every family is', () => {
  const summary = JSON.stringify({
    default: {
      ipv4Unicast: { peers: { Ethernet48: { state: 'Established', remoteAs: 65100, pfxRcd: 3 }, Ethernet52: { state: 'Active' } } },
      l2VpnEvpn: { peers: { Ethernet48: { state: 'Established', pfxRcd: 7 }, Ethernet52: { state: 'Active' } } },
    },
    Vrf4: { ipv4Unicast: { peers: { '192.0.2.1': { state: 'Established', remoteAs: 64496 } } } },
  });
  const sessions = parseBgpSummary(summary);
  assert.deepEqual(sessions.map((s) => [s.vrf, s.peer, s.state, s.prefixesReceived]), [
    ['Vrf4', '192.0.2.1', 'Established', 0],
    ['default', 'Ethernet48', 'Established', 10],
    ['default', 'Ethernet52', 'Active', 0],
  ]);
  assert.deepEqual(countEstablished(sessions), { established: 2, configured: 3 });
  assert.deepEqual(parseBgpSummary('% No BGP'), []);
});

test('the outside peer: its link address, a loopback per probe, eBGP to the border with a default route', () => {
  const plan = planLab(labFabric(), { prefix: 'wl-', underlayMtu: 9100 });
  const peer = plan.peers[0];
  assert.ok(peer !== undefined);
  const text = peerFrrConf(peer);
  for (const line of ['interface eth0', ' ip address 192.0.2.1/30', ' ip address 203.0.113.1/32', 'router bgp 64496', ' neighbor 192.0.2.2 remote-as external', '  network 203.0.113.1/32', '  neighbor 192.0.2.2 default-originate']) {
    assert.ok(text.split('\n').includes(line), `${line} in\n${text}`);
  }
});

test('VTEPs routed through the L3VNI SVI without a router-MAC neighbour from zebra', () => {
  const routes = JSON.stringify([
    { dst: '10.50.1.0/24', nexthops: [{ gateway: '10.0.0.2', dev: 'Vlan1000' }, { gateway: '10.0.0.5', dev: 'Vlan1000' }] },
    { dst: '10.50.1.3', gateway: '10.0.0.5', dev: 'Vlan1000' },
    { dst: '10.50.2.0/24', dev: 'Vlan1001' },
  ]);
  const neighbours = JSON.stringify([
    { dst: '10.0.0.2', lladdr: '02:00:0a:00:00:02', extern_learn: null, state: ['NOARP'] },
    { dst: '10.0.0.5', state: ['FAILED'] },
  ]);
  assert.deepEqual(vtepsWithoutRouterMac(routes, neighbours, 'Vlan1000'), ['10.0.0.5']);
  assert.deepEqual(vtepsWithoutRouterMac(routes, neighbours, 'Vlan1001'), []);
});

test('a VRF zebra holds inactive is found, only when the switch wants it', () => {
  const shown = ['netns-based vrfs', 'vrf Vrf1 inactive (configured)', 'vrf Vrf3 id 2 netns /run/netns/Vrf3 (configured)', 'vrf Vrf4 inactive (configured)'].join('\n');
  assert.deepEqual(inactiveVrfs(shown, ['Vrf3', 'Vrf1']), ['Vrf1']);
  assert.deepEqual(inactiveVrfs(shown, ['Vrf3']), []);
  assert.deepEqual(inactiveVrfs('netns-based vrfs\n', ['Vrf1']), []);
});

test('a MAC the bridge learnt on a local port but zebra never heard of is found; remote, static and known ones are not', () => {
  const fdb = JSON.stringify([
    { mac: '36:16:e3:d2:b0:88', ifname: 'Ethernet0', flags: [], master: 'Vlan1001', state: '' },
    { mac: '96:79:a6:2e:1b:77', ifname: 'Ethernet4', flags: [], master: 'Vlan1001', state: '' },
    { mac: 'ba:93:93:f8:0a:c4', ifname: 'Ethernet0', flags: [], master: 'Vlan1001', state: 'permanent' },
    { mac: '33:33:00:00:00:01', ifname: 'Ethernet0', flags: ['self'], state: 'permanent' },
    { mac: '02:00:0a:00:00:05', ifname: 'vtep1-1001', flags: ['extern_learn'], master: 'Vlan1001', state: '' },
  ]);
  const zebra = JSON.stringify({ '10001': { numMacs: 1, macs: { '96:79:a6:2e:1b:77': { type: 'local', intf: 'Ethernet4' } } } });
  assert.deepEqual(macsZebraMissed(fdb, zebra, 'Vlan1001', 10001), [{ mac: '36:16:e3:d2:b0:88', port: 'Ethernet0', bridge: 'Vlan1001' }]);
  assert.deepEqual(macsZebraMissed('[]', zebra, 'Vlan1001', 10001), []);
});

test('the outside peer stamps the External\'s inbound community and accepts only routes with its outbound one (and vtysh -C takes it)', (t) => {
  const tagged = labFabric().externals.map((e) => ({ ...e, spec: { ...e.spec, inboundCommunity: '64496:100', outboundCommunity: '65100:200' } }));
  const plan = planLab({ ...labFabric(), externals: tagged }, { prefix: 'wl-', underlayMtu: 9100 });
  const peer = plan.peers[0];
  assert.deepEqual(peer?.communities, { announce: '64496:100', accept: '65100:200' });
  const text = peerFrrConf(peer);
  for (const line of [
    'route-map lab-announce permit 10',
    ' set community 64496:100 additive',
    'bgp community-list standard lab-accept seq 5 permit 65100:200',
    ' match community lab-accept',
    '  neighbor 192.0.2.2 default-originate route-map lab-announce',
    '  neighbor 192.0.2.2 route-map lab-announce out',
    '  neighbor 192.0.2.2 route-map lab-accept in',
  ]) {
    assert.ok(text.split('\n').includes(line), `${line} in\n${text}`);
  }
  assert.doesNotMatch(peerFrrConf(planLab(labFabric(), { prefix: 'wl-', underlayMtu: 9100 }).peers[0]!), /community|route-map/);
  if (!requireTool(t, 'vtysh')) return;
  const parsed = runToolOnText('vtysh', text, 'frr.conf');
  assert.ok(parsed.ok, parsed.output);
});
