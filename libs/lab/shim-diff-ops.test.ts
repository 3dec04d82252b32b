// The exact operations the shim plans between what one switch's namespaces hold and what its
// CONFIG_DB asks for, case by case: each line is what the shim's log shows and what it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOp, planShim, type DesiredLink, type DesiredState, type ObservedLink, type ObservedState } from './index.js';

const UNDERLAY = 'wl-leaf1';
const VRF1 = 'wl-leaf1@Vrf1';
const VRF2 = 'wl-leaf1@Vrf2';

const want = (links: DesiredLink[], extra: Partial<DesiredState> = {}): DesiredState => ({
  vrfs: [{ vrf: 'Vrf1', netns: VRF1 }],
  links,
  loopback: [],
  acls: new Map(),
  subLinks: [],
  problems: [],
  ...extra,
});

const have = (links: ObservedLink[], extra: Partial<ObservedState> = {}): ObservedState => ({
  vrfs: [{ vrf: 'Vrf1', netns: VRF1 }],
  links,
  loopback: [],
  acls: new Map(),
  ...extra,
});

const port = (name: string, netns: string, more: Partial<DesiredLink> = {}): DesiredLink => ({ name, netns, kind: 'port', up: true, mtu: 9100, addresses: [], ...more });
const bridge = (name: string, netns: string, more: Partial<DesiredLink> = {}): DesiredLink => ({ name, netns, kind: 'bridge', up: true, mtu: 9100, mac: '02:00:00:00:01:01', addresses: [], ...more });
const vxlan = (name: string, netns: string, more: Partial<DesiredLink> = {}): DesiredLink => ({
  name,
  netns,
  kind: 'vxlan',
  up: true,
  mtu: 9100,
  master: 'Vlan1000',
  addresses: [],
  vxlan: { vni: 10000, local: '10.0.0.11' },
  ...more,
});
const seen = (name: string, netns: string, kind: ObservedLink['kind'], more: Partial<ObservedLink> = {}): ObservedLink => ({
  name,
  netns,
  kind,
  up: true,
  carrier: true,
  mtu: 9100,
  mac: '02:00:00:00:01:01',
  addresses: [],
  ...more,
});

const plan = (desired: DesiredState, observed: ObservedState): string[] => planShim(desired, observed, UNDERLAY).map(describeOp);

const cases: { name: string; desired: DesiredState; observed: ObservedState; ops: string[] }[] = [
  {
    name: 'a port in place with nothing to change',
    desired: want([port('Ethernet0', UNDERLAY, { master: 'Vlan1000' })]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth', { master: 'Vlan1000', learning: true })]),
    ops: [],
  },
  {
    name: 'a port without a PORT entry (no MTU asked) keeps the MTU it has',
    desired: want([{ name: 'Ethernet0', netns: UNDERLAY, kind: 'port', up: true, addresses: [] }]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth', { mtu: 1500 })]),
    ops: [],
  },
  {
    name: 'only the MTU changes',
    desired: want([port('Ethernet0', UNDERLAY, { mtu: 9000 })]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth')]),
    ops: ['link-set wl-leaf1/Ethernet0 mtu 9000'],
  },
  {
    name: 'only the MAC changes',
    desired: want([bridge('Vlan1000', VRF1, { mac: '02:00:00:00:02:02' })]),
    observed: have([seen('Vlan1000', VRF1, 'bridge')]),
    ops: ['link-set wl-leaf1@Vrf1/Vlan1000 address 02:00:00:00:02:02'],
  },
  {
    name: 'a bridge without a MAC asked keeps the one it has',
    desired: want([{ name: 'Vlan1000', netns: VRF1, kind: 'bridge', up: true, mtu: 9100, addresses: [] }]),
    observed: have([seen('Vlan1000', VRF1, 'bridge', { mac: '02:00:00:00:09:09' })]),
    ops: [],
  },
  {
    name: 'a port joins its bridge',
    desired: want([port('Ethernet0', VRF1, { master: 'Vlan1000' })]),
    observed: have([seen('Ethernet0', VRF1, 'veth')]),
    ops: ['link-set wl-leaf1@Vrf1/Ethernet0 master Vlan1000'],
  },
  {
    name: 'a port leaves its bridge',
    desired: want([port('Ethernet0', VRF1)]),
    observed: have([seen('Ethernet0', VRF1, 'veth', { master: 'Vlan1000', learning: true })]),
    ops: ['link-set wl-leaf1@Vrf1/Ethernet0 nomaster'],
  },
  {
    name: 'only up or down changes',
    desired: want([port('Ethernet0', UNDERLAY, { up: false }), port('Ethernet4', UNDERLAY)]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth'), seen('Ethernet4', UNDERLAY, 'veth', { up: false })]),
    ops: ['link-set wl-leaf1/Ethernet0 down', 'link-set wl-leaf1/Ethernet4 up'],
  },
  {
    name: 'a VXLAN port that learns is told not to; one that does not learn is left alone',
    desired: want([vxlan('vtep-1000', VRF1), vxlan('vtep-1001', VRF1, { master: 'Vlan1001', vxlan: { vni: 10001, local: '10.0.0.11' } })]),
    observed: have([
      seen('vtep-1000', VRF1, 'vxlan', { master: 'Vlan1000', learning: true, vxlan: { vni: 10000, local: '10.0.0.11' } }),
      seen('vtep-1001', VRF1, 'vxlan', { master: 'Vlan1001', learning: false, vxlan: { vni: 10001, local: '10.0.0.11' } }),
    ]),
    ops: ['link-set wl-leaf1@Vrf1/vtep-1000 learning off'],
  },
  {
    name: 'a VXLAN port that joins its bridge is told not to learn again (joining turns learning on)',
    desired: want([vxlan('vtep-1000', VRF1)]),
    observed: have([seen('vtep-1000', VRF1, 'vxlan', { learning: false, vxlan: { vni: 10000, local: '10.0.0.11' } })]),
    ops: ['link-set wl-leaf1@Vrf1/vtep-1000 master Vlan1000 learning off'],
  },
  {
    name: 'a VXLAN device of no bridge gets no learning setting (only a bridge port has one)',
    desired: want([{ name: 'vtep-1000', netns: VRF1, kind: 'vxlan', up: true, mtu: 9100, addresses: [], vxlan: { vni: 10000, local: '10.0.0.11' } }]),
    observed: have([seen('vtep-1000', VRF1, 'vxlan', { vxlan: { vni: 10000, local: '10.0.0.11' } })]),
    ops: [],
  },
  {
    name: 'addresses: the ones not wanted go, the missing ones come, on ports, bridges and lo',
    desired: want([port('Ethernet48', UNDERLAY, { addresses: ['10.0.1.1/31', '10.0.1.5/31'] }), bridge('Vlan1000', VRF1, { addresses: ['10.1.1.1/24'] })], { loopback: ['10.0.0.11/32'] }),
    observed: have([seen('Ethernet48', UNDERLAY, 'veth', { addresses: ['10.0.1.1/31', '10.0.9.1/31'] }), seen('Vlan1000', VRF1, 'bridge', { addresses: ['10.1.2.1/24'] })], { loopback: ['10.0.0.12/32'] }),
    ops: [
      'addr-del wl-leaf1/Ethernet48 10.0.9.1/31',
      'addr-add wl-leaf1/Ethernet48 10.0.1.5/31',
      'addr-del wl-leaf1@Vrf1/Vlan1000 10.1.2.1/24',
      'addr-add wl-leaf1@Vrf1/Vlan1000 10.1.1.1/24',
      'addr-del wl-leaf1/lo 10.0.0.12/32',
      'addr-add wl-leaf1/lo 10.0.0.11/32',
    ],
  },
  {
    name: 'addresses on a VXLAN device or a sub-link are not the shim\'s to manage',
    desired: want([vxlan('vtep-1000', VRF1), { name: 'Ethernet0.1000', netns: VRF1, kind: 'sublink', up: true, mtu: 9100, master: 'Vlan1000', addresses: [] }]),
    observed: have([
      seen('vtep-1000', VRF1, 'vxlan', { master: 'Vlan1000', learning: false, vxlan: { vni: 10000, local: '10.0.0.11' }, addresses: ['192.0.2.1/24'] }),
      seen('Ethernet0.1000', VRF1, 'veth', { master: 'Vlan1000', learning: true, addresses: ['192.0.2.2/24'] }),
    ]),
    ops: [],
  },
  {
    name: 'a port moves into its VRF; then, as the kernel leaves a moved device, it is set up and given its addresses',
    desired: want([port('Ethernet0', VRF1, { master: 'Vlan1000', addresses: ['10.9.9.1/24'] })]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth', { addresses: ['10.9.9.1/24'] })]),
    ops: ['link-move Ethernet0 wl-leaf1 -> wl-leaf1@Vrf1', 'link-set wl-leaf1@Vrf1/Ethernet0 master Vlan1000 up', 'addr-add wl-leaf1@Vrf1/Ethernet0 10.9.9.1/24'],
  },
  {
    name: 'a sub-link in the wrong namespace moves too; one not made yet waits for the topology',
    desired: want([
      { name: 'Ethernet0.1000', netns: VRF1, kind: 'sublink', up: true, mtu: 9100, master: 'Vlan1000', addresses: [] },
      { name: 'Ethernet4.1000', netns: VRF1, kind: 'sublink', up: true, mtu: 9100, master: 'Vlan1000', addresses: [] },
    ]),
    observed: have([seen('Ethernet0.1000', UNDERLAY, 'veth', { mtu: 9100 })]),
    ops: ['link-move Ethernet0.1000 wl-leaf1 -> wl-leaf1@Vrf1', 'link-set wl-leaf1@Vrf1/Ethernet0.1000 master Vlan1000 up'],
  },
  {
    name: 'a moved port keeps the MTU it had: only a different one is set',
    desired: want([port('Ethernet0', VRF1, { mtu: 9000 })]),
    observed: have([seen('Ethernet0', UNDERLAY, 'veth', { mtu: 1500 })]),
    ops: ['link-move Ethernet0 wl-leaf1 -> wl-leaf1@Vrf1', 'link-set wl-leaf1@Vrf1/Ethernet0 mtu 9000 up'],
  },
  {
    name: 'a new bridge and VXLAN: created, then set (a new device is down, with no bridge)',
    desired: want([bridge('Vlan1000', VRF1, { addresses: ['10.1.1.1/24'] }), vxlan('vtep-1000', VRF1)]),
    observed: have([]),
    ops: [
      'bridge-add wl-leaf1@Vrf1/Vlan1000',
      'vxlan-add wl-leaf1@Vrf1/vtep-1000 vni 10000 local 10.0.0.11',
      'link-set wl-leaf1@Vrf1/Vlan1000 mtu 9100 address 02:00:00:00:01:01 up',
      'link-set wl-leaf1@Vrf1/vtep-1000 mtu 9100 master Vlan1000 learning off up',
      'addr-add wl-leaf1@Vrf1/Vlan1000 10.1.1.1/24',
    ],
  },
  {
    name: 'a device of the bridge\'s name that is no bridge: a bridge is made beside it, the other device is not the shim\'s to delete',
    desired: want([bridge('Vlan1000', VRF1)]),
    observed: have([seen('Vlan1000', VRF1, 'other')]),
    ops: ['bridge-add wl-leaf1@Vrf1/Vlan1000', 'link-set wl-leaf1@Vrf1/Vlan1000 mtu 9100 address 02:00:00:00:01:01 up'],
  },
  {
    name: 'a VXLAN with another VNI, another source or of another kind is made again',
    desired: want([
      vxlan('vtep-1000', VRF1),
      vxlan('vtep-1001', VRF1, { master: 'Vlan1001', vxlan: { vni: 10001, local: '10.0.0.11' } }),
      vxlan('vtep-1002', VRF1, { master: 'Vlan1002', vxlan: { vni: 10002, local: '10.0.0.11' } }),
    ]),
    observed: have([
      seen('vtep-1000', VRF1, 'vxlan', { master: 'Vlan1000', learning: false, vxlan: { vni: 10009, local: '10.0.0.11' } }),
      seen('vtep-1001', VRF1, 'vxlan', { master: 'Vlan1001', learning: false, vxlan: { vni: 10001, local: '10.0.0.99' } }),
      seen('vtep-1002', VRF1, 'bridge', { master: 'Vlan1002', learning: false }),
    ]),
    ops: [
      'link-del wl-leaf1@Vrf1/vtep-1000',
      'link-del wl-leaf1@Vrf1/vtep-1001',
      'vxlan-add wl-leaf1@Vrf1/vtep-1000 vni 10000 local 10.0.0.11',
      'vxlan-add wl-leaf1@Vrf1/vtep-1001 vni 10001 local 10.0.0.11',
      'vxlan-add wl-leaf1@Vrf1/vtep-1002 vni 10002 local 10.0.0.11',
      'link-set wl-leaf1@Vrf1/vtep-1000 mtu 9100 master Vlan1000 learning off up',
      'link-set wl-leaf1@Vrf1/vtep-1001 mtu 9100 master Vlan1001 learning off up',
      'link-set wl-leaf1@Vrf1/vtep-1002 mtu 9100 master Vlan1002 learning off up',
    ],
  },
  {
    name: 'a VXLAN whose VNI and source the kernel did not show is made again',
    desired: want([vxlan('vtep-1000', VRF1)]),
    observed: have([seen('vtep-1000', VRF1, 'vxlan', { master: 'Vlan1000', learning: false })]),
    ops: ['link-del wl-leaf1@Vrf1/vtep-1000', 'vxlan-add wl-leaf1@Vrf1/vtep-1000 vni 10000 local 10.0.0.11', 'link-set wl-leaf1@Vrf1/vtep-1000 mtu 9100 master Vlan1000 learning off up'],
  },
  {
    name: 'a VXLAN device in place of a bridge is no bridge: a bridge is made',
    desired: want([bridge('Vlan1000', VRF1)]),
    observed: have([seen('Vlan1000', VRF1, 'vxlan')]),
    ops: ['bridge-add wl-leaf1@Vrf1/Vlan1000', 'link-set wl-leaf1@Vrf1/Vlan1000 mtu 9100 address 02:00:00:00:01:01 up'],
  },
  {
    name: 'a bridge of the same name in a VRF that goes is deleted with the one in place kept',
    desired: want([bridge('Vlan1000', VRF1)]),
    observed: have([seen('Vlan1000', VRF1, 'bridge'), seen('Vlan1000', VRF2, 'bridge')], {
      vrfs: [
        { vrf: 'Vrf1', netns: VRF1 },
        { vrf: 'Vrf2', netns: VRF2 },
      ],
    }),
    ops: ['link-del wl-leaf1@Vrf2/Vlan1000', 'vrf-del Vrf2 (wl-leaf1@Vrf2)'],
  },
  {
    name: 'a bridge in the wrong namespace: deleted there once, made where it belongs; a good one is kept',
    desired: want([bridge('Vlan1000', VRF1), bridge('Vlan1001', VRF1)]),
    observed: have([seen('Vlan1000', UNDERLAY, 'bridge'), seen('Vlan1001', VRF1, 'bridge'), seen('Vlan1001', UNDERLAY, 'bridge')]),
    ops: ['link-del wl-leaf1/Vlan1000', 'link-del wl-leaf1/Vlan1001', 'bridge-add wl-leaf1@Vrf1/Vlan1000', 'link-set wl-leaf1@Vrf1/Vlan1000 mtu 9100 address 02:00:00:00:01:01 up'],
  },
  {
    name: 'leftovers: only the shim\'s own names (VlanN bridges, <tunnel>-<vlan> VXLANs) are deleted',
    desired: want([]),
    observed: have([
      seen('Vlan1000', UNDERLAY, 'bridge'),
      seen('xVlan1000', UNDERLAY, 'bridge'),
      seen('Vlan1000x', UNDERLAY, 'bridge'),
      seen('br-1000', UNDERLAY, 'bridge'),
      seen('vtep_1-1000', UNDERLAY, 'vxlan'),
      seen('my.vtep-1000', UNDERLAY, 'vxlan'),
      seen('vtep-1000x', UNDERLAY, 'vxlan'),
      seen('Vlan1001', UNDERLAY, 'vxlan'),
      seen('peer-1', UNDERLAY, 'veth'),
      seen('vx-2', UNDERLAY, 'other'),
    ]),
    ops: ['link-del wl-leaf1/Vlan1000', 'link-del wl-leaf1/vtep_1-1000'],
  },
  {
    name: 'a VRF that goes with devices of the shim in it is deleted; one with only leak links left is not',
    desired: want([]),
    observed: have([seen('Ethernet0', VRF2, 'veth'), seen('lk-Vrf3', 'wl-leaf1@Vrf3', 'veth')], {
      vrfs: [
        { vrf: 'Vrf1', netns: VRF1 },
        { vrf: 'Vrf2', netns: VRF2 },
        { vrf: 'Vrf3', netns: 'wl-leaf1@Vrf3' },
      ],
    }),
    ops: ['vrf-del Vrf2 (wl-leaf1@Vrf2)'],
  },
  {
    name: 'a new VRF is added first',
    desired: want([], {
      vrfs: [
        { vrf: 'Vrf1', netns: VRF1 },
        { vrf: 'Vrf2', netns: VRF2 },
      ],
    }),
    observed: have([]),
    ops: ['vrf-add Vrf2 (wl-leaf1@Vrf2)'],
  },
  {
    name: 'ACLs: a changed ruleset is set, an unchanged one left; one no longer wanted is deleted in the underlay and kept VRFs, not in a VRF that goes',
    desired: want([], {
      acls: new Map([
        [UNDERLAY, 'table bridge weft_acl { new }'],
        ['wl-leaf1@Vrf4', 'table bridge weft_acl { same }'],
      ]),
      vrfs: [
        { vrf: 'Vrf1', netns: VRF1 },
        { vrf: 'Vrf4', netns: 'wl-leaf1@Vrf4' },
      ],
    }),
    observed: have([], {
      vrfs: [
        { vrf: 'Vrf1', netns: VRF1 },
        { vrf: 'Vrf4', netns: 'wl-leaf1@Vrf4' },
      ],
      acls: new Map([
        [UNDERLAY, 'table bridge weft_acl { old }'],
        ['wl-leaf1@Vrf4', 'table bridge weft_acl { same }'],
        [VRF1, 'table bridge weft_acl { old }'],
        [VRF2, 'table bridge weft_acl { old }'],
      ]),
    }),
    ops: ['acl-set wl-leaf1', 'acl-del wl-leaf1@Vrf1'],
  },
];

for (const c of cases) {
  test(`planShim: ${c.name}`, () => {
    assert.deepEqual(plan(c.desired, c.observed), c.ops);
  });
}

test('planShim: the operations carry exactly the fields the adapter runs', () => {
  const ops = planShim(
    want([port('Ethernet0', VRF1, { master: 'Vlan1000' }), bridge('Vlan1000', VRF1), vxlan('vtep-1000', VRF1)]),
    have([seen('Ethernet0', UNDERLAY, 'veth', { mtu: 9100 }), seen('Vlan1000', UNDERLAY, 'bridge')], { acls: new Map([[UNDERLAY, 'x']]) }),
    UNDERLAY,
  );
  assert.deepEqual(ops, [
    { op: 'link-move', name: 'Ethernet0', from: UNDERLAY, to: VRF1 },
    { op: 'link-del', netns: UNDERLAY, name: 'Vlan1000' },
    { op: 'bridge-add', netns: VRF1, name: 'Vlan1000' },
    { op: 'vxlan-add', underlay: UNDERLAY, netns: VRF1, name: 'vtep-1000', vni: 10000, local: '10.0.0.11' },
    { op: 'link-set', netns: VRF1, name: 'Ethernet0', master: 'Vlan1000', up: true },
    { op: 'link-set', netns: VRF1, name: 'Vlan1000', mtu: 9100, mac: '02:00:00:00:01:01', up: true },
    { op: 'link-set', netns: VRF1, name: 'vtep-1000', mtu: 9100, master: 'Vlan1000', learning: false, up: true },
    { op: 'acl-del', netns: UNDERLAY },
  ]);
});
