import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '#testing';
import {
  boundVrfs,
  bgpNeighborsFrom,
  inactiveVrfs,
  vrfsNamed,
  configDelta,
  interfacesFrom,
  lineText,
  nodeDevices,
  parseReloadDelta,
  planLinuxDevices,
  planNetnsDevices,
  remoteVtepsFrom,
  significantDelta,
  withNetnsVrfs,
  type ObservedLink,
} from './index.js';

/** `frr-reload.py --test` of FRR 8.4.4, as printed on this project's machine. */
const RELOAD_TEST_OUTPUT = `
Lines To Delete
===============
router bgp 65101
 address-family ipv4 unicast
  no network 10.0.0.2/32 

Lines To Add
============
router bgp 65101
 neighbor fabric description spines
frr version 8.4
router bgp 65101
 no bgp ebgp-requires-policy
hostname vm
vrf Vrf7
vrf Vrf7
 vni 7000
vrf Vrf7
 exit-vrf
router bgp 65101 vrf Vrf7
router bgp 65101 vrf Vrf7
 bgp router-id 10.0.0.2
router bgp 65101 vrf Vrf7
 address-family l2vpn evpn
router bgp 65101 vrf Vrf7
 address-family l2vpn evpn
  advertise ipv4 unicast
`;

const DATACENTER = 'frr version 8.4\nfrr defaults datacenter\nhostname leaf1\n';

test("frr-reload's delta becomes lines a person reads, without what FRR hides or never shows", () => {
  const delta = significantDelta(parseReloadDelta(RELOAD_TEST_OUTPUT), { desired: DATACENTER, ignoreHostname: true });
  assert.deepEqual(delta.deletes.map(lineText), ['router bgp 65101 / address-family ipv4 unicast / no network 10.0.0.2/32']);
  assert.deepEqual(delta.adds.map(lineText), [
    'router bgp 65101 / neighbor fabric description spines',
    'vrf Vrf7 / vni 7000',
    'router bgp 65101 vrf Vrf7 / bgp router-id 10.0.0.2',
    'router bgp 65101 vrf Vrf7 / address-family l2vpn evpn / advertise ipv4 unicast',
  ]);
});

test('the hostname line stays a change unless the daemons cannot take it; a profile without that default keeps the BGP line', () => {
  const delta = significantDelta(parseReloadDelta(RELOAD_TEST_OUTPUT), { desired: 'frr defaults traditional\n' });
  assert.ok(delta.adds.some((l) => l.command === 'hostname vm'));
  assert.ok(delta.adds.some((l) => l.command === 'no bgp ebgp-requires-policy'));
  assert.deepEqual(significantDelta(parseReloadDelta(''), { desired: '' }), { deletes: [], adds: [] });
});

test('BGP neighbours per VRF: one session per peer over its address families, prefixes added up', () => {
  const summary = {
    default: {
      ipv4Unicast: { peers: { Ethernet48: { hostname: 'spine1', remoteAs: 65100, state: 'Established', pfxRcd: 5, peerUptime: '00:01:02' }, Ethernet52: { remoteAs: 0, state: 'Active' } } },
      l2VpnEvpn: { peers: { Ethernet48: { remoteAs: 65100, state: 'Established', pfxRcd: 12, peerUptime: '00:01:02' } } },
    },
    Vrf4: { ipv4Unicast: { peers: { '198.51.100.1': { remoteAs: 64500, state: 'Connect', pfxRcd: 0 } } } },
    Vrf1: {},
  };
  assert.deepEqual(bgpNeighborsFrom(summary), [
    {
      peer: 'Ethernet48',
      vrf: 'default',
      remoteAs: 65100,
      state: 'Established',
      prefixesReceived: 17,
      uptime: '00:01:02',
      families: [
        { family: 'ipv4Unicast', state: 'Established', prefixesReceived: 5 },
        { family: 'l2VpnEvpn', state: 'Established', prefixesReceived: 12 },
      ],
    },
    { peer: 'Ethernet52', vrf: 'default', state: 'Active', families: [{ family: 'ipv4Unicast', state: 'Active' }] },
    { peer: '198.51.100.1', vrf: 'Vrf4', remoteAs: 64500, state: 'Connect', prefixesReceived: 0, families: [{ family: 'ipv4Unicast', state: 'Connect', prefixesReceived: 0 }] },
  ]);
  assert.deepEqual(bgpNeighborsFrom('not json'), []);
});

test('remote VTEPs with their VNIs, from either shape FRR prints', () => {
  const byObject = { '100': { vni: 100, type: 'L2', remoteVteps: ['10.0.0.3', '10.0.0.4'] }, '200': { vni: 200, remoteVteps: [{ ip: '10.0.0.3' }] }, '5000': { vni: 5000, type: 'L3' } };
  assert.deepEqual(remoteVtepsFrom(byObject), [
    { ip: '10.0.0.3', vnis: [100, 200] },
    { ip: '10.0.0.4', vnis: [100] },
  ]);
  assert.deepEqual(remoteVtepsFrom([{ vni: 100, numRemoteVteps: ['10.0.0.3'] }]), [{ ip: '10.0.0.3', vnis: [100] }]);
  assert.deepEqual(interfacesFrom({ eth0: { administrativeStatus: 'up', operationalStatus: 'up' } }, ['eth0', 'eth9']), [
    { name: 'eth0', admin: 'up', oper: 'up' },
    { name: 'eth9', admin: 'unknown', oper: 'absent' },
  ]);
});

const BORDER = readFileSync(join(REPO_ROOT, 'test/golden/cases/external-border-frr/expected/border1/frr.conf'), 'utf8');

test("an FRR border's devices: a VRF per vrf block, an L3VNI bridge and VXLAN from the loopback, the transit port in its VRF", () => {
  const devices = nodeDevices(BORDER);
  assert.deepEqual(devices.vrfs, [
    { name: 'Vrf1', table: 1001 },
    { name: 'Vrf3', table: 1003 },
    { name: 'Vrf4', table: 1004 },
  ]);
  assert.deepEqual(devices.vnis[0], { vni: 10000, vrf: 'Vrf1', bridge: 'br10000', vxlan: 'vxlan10000', local: '10.0.0.1' });
  assert.deepEqual(devices.members, [{ interface: 'eth3', vrf: 'Vrf4' }]);
  assert.deepEqual(devices.ports, ['eth3', 'eth0', 'eth1']);
  assert.throws(() => nodeDevices('vrf red\n vni 5\nexit-vrf\n'), /vrf red: cannot choose its routing table/);
  assert.throws(() => nodeDevices('vrf Vrf1\n vni 5\nexit-vrf\n'), /vrf Vrf1 has vni 5 but the config has no VTEP address/);
});

const link = (name: string, extra: Partial<ObservedLink> = {}): ObservedLink => ({ name, up: true, ...extra });

test('linux layout: VRF devices first, then bridges and VXLAN, then ports; nothing when the kernel already matches', () => {
  const devices = nodeDevices(BORDER);
  const plan = planLinuxDevices(devices, { links: [link('lo'), link('eth0'), link('eth1'), link('eth3')] });
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.steps.map((s) => s.key).slice(0, 4), ['vrf Vrf1', 'vrf Vrf3', 'vrf Vrf4', 'bridge br10000']);
  assert.deepEqual(plan.steps[0]?.commands, [
    { run: 'ip', args: ['link', 'add', 'Vrf1', 'type', 'vrf', 'table', '1001'] },
    { run: 'ip', args: ['link', 'set', 'Vrf1', 'up'] },
  ]);
  assert.deepEqual(plan.steps.at(-1), { op: 'modify', key: 'interface eth3', detail: 'master (none) -> Vrf4', commands: [{ run: 'ip', args: ['link', 'set', 'eth3', 'master', 'Vrf4'] }] });
  const done: ObservedLink[] = [
    link('eth0'),
    link('eth1'),
    link('eth3', { master: 'Vrf4' }),
    ...devices.vrfs.map((v) => link(v.name, { kind: 'vrf', table: v.table })),
    ...devices.vnis.flatMap((v) => [link(v.bridge, { kind: 'bridge', master: v.vrf }), link(v.vxlan, { kind: 'vxlan', master: v.bridge, vni: v.vni, local: v.local })]),
  ];
  assert.deepEqual(planLinuxDevices(devices, { links: done }).steps, []);
  const without = nodeDevices(BORDER.replace(/vrf Vrf3\n vni 10004\nexit-vrf\n/, ''));
  const removal = planLinuxDevices(without, { links: done }, devices);
  assert.deepEqual(removal.steps.map((s) => `${s.op} ${s.key}`), ['delete vxlan vxlan10004', 'delete bridge br10004', 'delete vrf Vrf3']);
});

test('netns layout: a namespace per VRF exposed to zebra, the VXLAN made in the node and moved in, the port moved in', () => {
  const devices = nodeDevices(BORDER);
  const layout = { node: 'border1', prefix: 'border1-' };
  const plan = planNetnsDevices(devices, { links: [link('eth0'), link('eth1'), link('eth3')], namespaces: {}, exposed: [] }, layout);
  assert.deepEqual(plan.steps[0], {
    op: 'set',
    key: 'vrf Vrf1',
    detail: 'namespace border1-Vrf1',
    commands: [{ run: 'netns-add', name: 'border1-Vrf1' }, { run: 'ip', netns: 'border1-Vrf1', args: ['link', 'set', 'lo', 'up'] }, { run: 'forwarding', netns: 'border1-Vrf1' }, { run: 'expose', netns: 'border1-Vrf1', vrf: 'Vrf1' }],
  });
  const vxlan = plan.steps.find((s) => s.key === 'vxlan vxlan10000');
  assert.deepEqual(vxlan?.commands.slice(0, 2), [
    { run: 'ip', netns: 'border1', args: ['link', 'add', 'vxlan10000', 'type', 'vxlan', 'id', '10000', 'local', '10.0.0.1', 'dstport', '4789', 'nolearning'] },
    { run: 'ip', netns: 'border1', args: ['link', 'set', 'vxlan10000', 'netns', 'border1-Vrf1'] },
  ]);
  assert.deepEqual(plan.steps.at(-1)?.commands, [
    { run: 'ip', netns: 'border1', args: ['link', 'set', 'eth3', 'netns', 'border1-Vrf4'] },
    { run: 'ip', netns: 'border1-Vrf4', args: ['link', 'set', 'eth3', 'up'] },
  ]);
  const namespaces = Object.fromEntries(
    devices.vrfs.map((v) => [
      `border1-${v.name}`,
      [
        ...devices.vnis.filter((n) => n.vrf === v.name).flatMap((n) => [link(n.bridge, { kind: 'bridge' }), link(n.vxlan, { kind: 'vxlan', master: n.bridge, vni: n.vni, local: n.local })]),
        ...(v.name === 'Vrf4' ? [link('eth3')] : []),
      ],
    ]),
  );
  assert.deepEqual(planNetnsDevices(devices, { links: [link('eth0'), link('eth1')], namespaces, exposed: ['Vrf1', 'Vrf3', 'Vrf4'] }, layout), { steps: [], problems: [] });
  const noPort = planNetnsDevices(devices, { links: [], namespaces, exposed: ['Vrf1', 'Vrf3', 'Vrf4'] }, layout);
  assert.deepEqual(noPort.steps, []);
  const gone = planNetnsDevices({ ...devices, members: [{ interface: 'eth9', vrf: 'Vrf4' }] }, { links: [], namespaces, exposed: ['Vrf1', 'Vrf3', 'Vrf4'] }, layout, devices);
  assert.deepEqual(gone.problems, ['interface eth9 does not exist on this node (frr.conf puts it in vrf Vrf4)']);
  assert.deepEqual(gone.steps.map((s) => `${s.op} ${s.key}`), ['delete interface eth3']);
});

test("two configs' difference in frr-reload's terms: a changed line is a `no` and an add, a context that goes is one `no`", () => {
  const before = 'frr version 8.4\nhostname leaf1\n!\nrouter bgp 65101\n neighbor x description a\n address-family ipv4 unicast\n  network 10.0.0.1/32\n exit-address-family\nexit\n!\nrouter bgp 65101 vrf Vrf2\n bgp router-id 1.1.1.1\nexit\n';
  const after = 'frr version 8.4\nhostname leaf1\n!\nrouter bgp 65101\n neighbor x description b\n address-family ipv4 unicast\n  network 10.0.0.1/32\n  network 10.0.0.9/32\n exit-address-family\nexit\n!\nip prefix-list p seq 5 permit 10.9.0.0/16\nrouter bgp 65101 vrf Vrf3\n bgp router-id 1.1.1.1\nexit\n';
  const delta = configDelta(before, after);
  assert.deepEqual(delta.deletes.map(lineText), ['no router bgp 65101 vrf Vrf2', 'router bgp 65101 / no neighbor x description a']);
  assert.deepEqual(delta.adds.map(lineText), ['router bgp 65101 / neighbor x description b', 'router bgp 65101 / address-family ipv4 unicast / network 10.0.0.9/32', 'ip prefix-list p seq 5 permit 10.9.0.0/16', 'router bgp 65101 vrf Vrf3 / bgp router-id 1.1.1.1']);
  assert.deepEqual(configDelta(after, after), { deletes: [], adds: [] });
});

test('with the netns VRF backend, each vrf block carries the netns line zebra -n shows', () => {
  assert.equal(withNetnsVrfs('vrf Vrf1\n vni 10000\nexit-vrf\n!\nvrf Vrf2\n netns /run/netns/Vrf2\nexit-vrf\n'), 'vrf Vrf1\n netns /run/netns/Vrf1\n vni 10000\nexit-vrf\n!\nvrf Vrf2\n netns /run/netns/Vrf2\nexit-vrf\n');
});

test('bgp default ipv4-unicast hides `neighbor X activate` under ipv4 unicast, unless the config turns it off', () => {
  const output = 'Lines To Add\n============\nrouter bgp 65104 vrf Vrf4\n address-family ipv4 unicast\n  neighbor 198.51.100.1 activate\n';
  assert.deepEqual(significantDelta(parseReloadDelta(output), { desired: 'frr defaults datacenter\n' }).adds, []);
  assert.equal(significantDelta(parseReloadDelta(output), { desired: 'router bgp 65104 vrf Vrf4\n no bgp default ipv4-unicast\n' }).adds.length, 1);
});

test('zebra -n: the VRFs bound to their namespaces and the ones held inactive, from show vrf', () => {
  const shown = ['netns-based vrfs', 'vrf Vrf1 inactive (configured)', 'vrf Vrf3 id 2 netns /run/netns/Vrf3 (configured)', 'vrf Vrf4 id 3 netns /run/netns/Vrf4'].join('\n');
  assert.deepEqual(boundVrfs(shown, ['Vrf4', 'Vrf1', 'Vrf3']), ['Vrf3', 'Vrf4']);
  assert.deepEqual(inactiveVrfs(shown, ['Vrf4', 'Vrf1', 'Vrf3']), ['Vrf1']);
  assert.deepEqual(boundVrfs('netns-based vrfs\n', ['Vrf1']), []);
});

test('the VRFs an frr.conf names: each vrf stanza once, not router bgp ... vrf lines', () => {
  const config = 'frr defaults datacenter\nvrf Vrf2\n vni 10002\nexit-vrf\n!\nrouter bgp 65101 vrf Vrf2\nexit\nvrf Vrf10\nexit-vrf\nvrf Vrf2\nexit-vrf\n';
  assert.deepEqual(vrfsNamed(config), ['Vrf2', 'Vrf10']);
  assert.deepEqual(vrfsNamed('frr defaults datacenter\nrouter bgp 65101\n'), []);
});
