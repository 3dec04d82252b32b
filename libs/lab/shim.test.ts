// The data-plane shim's pure half: a switch's CONFIG_DB (as an agent writes it) becomes Linux
// devices in the right namespaces, and the plan between what is there and what is wanted is
// ordered, minimal, and empty once applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configDbHashes, labCompile, labFabric } from '../../test/support/lab-fixture.js';
import {
  aclRuleset,
  desiredState,
  describeOp,
  planLab,
  planShim,
  type DesiredState,
  type LabEnd,
  type ObservedLink,
  type ObservedState,
  type RedisHash,
  type ShimSwitch,
} from './index.js';

const set = labFabric();
const plan = planLab(set, { prefix: 'wl-', underlayMtu: 9100 });
const compiled = labCompile(set);

function shimSwitch(name: string): ShimSwitch {
  const ports = new Map<string, LabEnd>();
  for (const link of plan.links) {
    if (link.a.node === name) ports.set(link.a.port, link.b);
    if (link.b.node === name) ports.set(link.b.port, link.a);
  }
  return { name, prefix: 'wl-', netns: `wl-${name}`, ports };
}

const leaf2 = shimSwitch('leaf2');
const hashes = configDbHashes(compiled, 'leaf2');
const desired = desiredState(leaf2, hashes, new Set(['Ethernet8', 'Ethernet12']));

/** What the kernel would show once `state` is in place. */
function observedFrom(state: DesiredState): ObservedState {
  const links: ObservedLink[] = state.links.map((l) => ({
    name: l.name,
    netns: l.netns,
    kind: l.kind === 'port' || l.kind === 'sublink' ? 'veth' : l.kind,
    up: l.up,
    carrier: l.up,
    mtu: l.mtu ?? 1500,
    mac: l.mac ?? '02:00:00:00:00:99',
    ...(l.master === undefined ? {} : { master: l.master }),
    addresses: l.addresses,
    ...(l.vxlan === undefined ? {} : { vxlan: l.vxlan }),
    ...(l.master === undefined ? {} : { learning: l.kind !== 'vxlan' }),
  }));
  return { vrfs: state.vrfs, links, loopback: state.loopback, acls: state.acls };
}

const linkOf = (state: DesiredState, name: string) => state.links.find((l) => l.name === name);

test('VRFs are namespaces; a VLAN is a bridge in its VRF with the anycast MAC; vxlanmgrd-style VXLAN names', () => {
  const blueVrf = `Vrf${compiled.allocations.vpcs['default/blue']?.vrf ?? 0}`;
  assert.ok(desired.vrfs.some((v) => v.vrf === blueVrf && v.netns === `wl-leaf2@${blueVrf}`));
  const bridges = desired.links.filter((l) => l.kind === 'bridge');
  const dbBridge = bridges.find((l) => l.addresses.includes('10.1.3.1/24'));
  assert.ok(dbBridge !== undefined, JSON.stringify(bridges));
  assert.equal(dbBridge.netns, `wl-leaf2@${blueVrf}`);
  assert.equal(dbBridge.mac, compiled.devices.get('leaf2')?.anycastGatewayMac);
  const vxlan = desired.links.find((l) => l.kind === 'vxlan' && l.master === dbBridge.name);
  assert.equal(vxlan?.name, `vtep1-${dbBridge.name.slice(4)}`);
  assert.equal(vxlan.netns, dbBridge.netns);
  // the L3VNI's transit VLAN carries the router MAC
  const transit = bridges.find((l) => l.netns === dbBridge.netns && l.addresses.length === 0);
  assert.equal(transit?.mac, compiled.devices.get('leaf2')?.mac);
  assert.deepEqual(desired.loopback, [`${compiled.devices.get('leaf2')?.routerId ?? ''}/32`]);
  assert.deepEqual(desired.problems, []);
});

test('an untagged port moves into its VLAN\'s namespace; a LAG forwards on its first member with carrier', () => {
  const server3 = linkOf(desired, 'Ethernet0');
  assert.equal(server3?.netns.startsWith('wl-leaf2@Vrf'), true);
  assert.ok(server3.master?.startsWith('Vlan'));
  const [first, second] = [linkOf(desired, 'Ethernet8'), linkOf(desired, 'Ethernet12')];
  assert.ok(first?.master !== undefined && second?.master === undefined, 'Ethernet8 carries PortChannel1');
  assert.equal(first.netns, second?.netns);
  const failover = desiredState(leaf2, hashes, new Set(['Ethernet12']));
  assert.ok(linkOf(failover, 'Ethernet12')?.master !== undefined && linkOf(failover, 'Ethernet8')?.master === undefined, 'Ethernet12 takes over');
  assert.equal(linkOf(desired, 'Ethernet48')?.netns, 'wl-leaf2', 'fabric ports stay in the underlay');
  assert.equal(linkOf(desired, 'Ethernet48')?.mtu, 9100);
});

test('ACLs become one nftables table per namespace, on the bound ports (PortChannels by their members)', () => {
  const greenVrf = `Vrf${compiled.allocations.vpcs['default/green']?.vrf ?? 0}`;
  const ruleset = desired.acls.get(`wl-leaf2@${greenVrf}`) ?? '';
  assert.match(ruleset, /^table bridge weft_acl \{$/m);
  assert.match(ruleset, /type filter hook prerouting priority -200; policy accept;/);
  const rules = ruleset.split('\n').filter((l) => l.includes('comment'));
  assert.ok(rules.every((r) => r.includes('iifname { "Ethernet8", "Ethernet12" }')), rules.join('\n'));
  assert.match(rules[0] ?? '', /meta protocol ip ip daddr 10\.2\.1\.0\/24 accept comment "WEFT_VRF\d+\|ALLOW_VPC_1"/);
  assert.ok(rules.some((r) => /ip saddr 10\.2\.1\.0\/24 ip daddr 10\.1\.3\.0\/24 accept/.test(r)), 'the permitted pair');
  assert.ok(rules.findIndex((r) => / ip daddr 10\.1\.1\.0\/24 drop/.test(r)) > rules.findIndex((r) => /ip saddr 10\.2\.1\.0\/24 ip daddr 10\.1\.3\.0\/24 accept/.test(r)));
});

test('an ACL rule the emulation cannot express is left out and reported, never widened', () => {
  const { ruleset, problems } = aclRuleset([
    { name: 'T', ports: ['Ethernet0'], rules: [{ name: 'R1', fields: { PRIORITY: '10', PACKET_ACTION: 'DROP', L4_DST_PORT: '22' } }, { name: 'R2', fields: { PRIORITY: '5', PACKET_ACTION: 'DROP', DST_IP: '10.0.0.0/8' } }] },
  ]);
  assert.deepEqual(problems, ['ACL_RULE|T|R1: L4_DST_PORT not emulated; the rule is left out']);
  assert.equal(ruleset.split('\n').filter((l) => l.includes('comment')).length, 1);
});

test('from nothing: namespaces first, ports moved before they join bridges, deletes before the VRF goes', () => {
  const empty: ObservedState = {
    vrfs: [],
    links: [...leaf2.ports.keys()].map((name) => ({ name, netns: 'wl-leaf2', kind: 'veth' as const, up: false, carrier: true, mtu: 9100, mac: '02:00:00:00:00:01', addresses: [] })),
    loopback: [],
    acls: new Map(),
  };
  const ops = planShim(desired, empty, 'wl-leaf2');
  const kinds = ops.map((o) => o.op);
  const first = (kind: string): number => kinds.indexOf(kind as never);
  assert.ok(first('vrf-add') === 0);
  assert.ok(first('link-move') < first('bridge-add') && first('bridge-add') < first('vxlan-add') && first('vxlan-add') < first('link-set'));
  assert.ok(first('link-set') < first('addr-add') && first('addr-add') < first('acl-set'));
  assert.ok(ops.some((o) => o.op === 'vxlan-add' && o.underlay === 'wl-leaf2' && o.netns.startsWith('wl-leaf2@')), 'VXLAN made in the underlay, moved into the VRF');
  assert.ok(ops.some((o) => describeOp(o) === `addr-add wl-leaf2/lo ${desired.loopback[0] ?? ''}`));
});

test('applied, the plan is empty; a hand-deleted VXLAN or address is put back alone', () => {
  const observed = observedFrom(desired);
  assert.deepEqual(planShim(desired, observed, 'wl-leaf2'), []);
  const vxlan = desired.links.find((l) => l.kind === 'vxlan');
  assert.ok(vxlan !== undefined);
  const drifted: ObservedState = { ...observed, links: observed.links.filter((l) => l.name !== vxlan.name || l.netns !== vxlan.netns) };
  assert.deepEqual(
    planShim(desired, drifted, 'wl-leaf2').map(describeOp),
    [`vxlan-add ${vxlan.netns}/${vxlan.name} vni ${vxlan.vxlan?.vni ?? 0} local ${vxlan.vxlan?.local ?? ''}`, `link-set ${vxlan.netns}/${vxlan.name} mtu ${vxlan.mtu ?? 0} master ${vxlan.master ?? ''} learning off up`],
  );
});

test('a VRF that CONFIG_DB no longer has: its port moves out, then its devices go; emptied, it needs nothing more; not before the switch is configured', () => {
  const observed = observedFrom(desired);
  const blueVrf = `Vrf${compiled.allocations.vpcs['default/blue']?.vrf ?? 0}`;
  const without = new Map<string, RedisHash>([...hashes].filter(([key, fields]) => !(key === `VRF|${blueVrf}` || fields.vrf_name === blueVrf || key.startsWith('VLAN_MEMBER|') || key.startsWith('ACL_'))));
  const next = desiredState(leaf2, without, new Set(['Ethernet8']));
  const ops = planShim(next, observed, 'wl-leaf2').map(describeOp);
  const moveOut = ops.findIndex((o) => o.startsWith(`link-move Ethernet0 wl-leaf2@${blueVrf} -> wl-leaf2`));
  const vrfDel = ops.findIndex((o) => o === `vrf-del ${blueVrf} (wl-leaf2@${blueVrf})`);
  assert.ok(moveOut >= 0 && vrfDel > moveOut, ops.join('\n'));
  const emptied: ObservedState = { ...observed, links: observed.links.filter((l) => l.netns !== `wl-leaf2@${blueVrf}`) };
  assert.ok(!planShim(next, emptied, 'wl-leaf2').some((o) => o.op === 'vrf-del'), 'an emptied VRF namespace is left for zebra');
  const bare = desiredState(leaf2, new Map([['PORT|Ethernet0', { admin_status: 'down' }]]), new Set());
  assert.equal(bare.unconfigured, true);
  assert.ok(!planShim(bare, observed, 'wl-leaf2').some((o) => o.op === 'vrf-del'), 'VRFs made ahead of the agent stay');
});

test('a tagged member becomes a veth pair of its own for the VLAN, both ends named after their ports', () => {
  const trunkHashes = new Map<string, RedisHash>([
    ['DEVICE_METADATA|localhost', { bgp_asn: '65101', mac: '02:00:0a:00:00:02' }],
    ['PORT|Ethernet48', { admin_status: 'up', mtu: '9100' }],
    ['VLAN|Vlan1000', { vlanid: '1000', mtu: '9000' }],
    ['VLAN_MEMBER|Vlan1000|Ethernet48', { tagging_mode: 'tagged' }],
  ]);
  const leaf1 = shimSwitch('leaf1');
  const state = desiredState(leaf1, trunkHashes, new Set());
  assert.deepEqual(state.subLinks, [
    { a: { node: 'leaf1', netns: 'wl-leaf1', name: 'Ethernet48.1000' }, b: { node: 'spine1', netns: 'wl-spine1', name: 'Ethernet0.1000' }, mtu: 9000 },
  ]);
  assert.deepEqual(linkOf(state, 'Ethernet48.1000'), { name: 'Ethernet48.1000', netns: 'wl-leaf1', kind: 'sublink', up: true, mtu: 9000, master: 'Vlan1000', addresses: [] });
});
