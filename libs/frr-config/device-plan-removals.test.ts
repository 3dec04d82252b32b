// What the agent takes away on an FRR node when a VRF leaves frr.conf (linux layout): the port out
// of the VRF, then the VXLAN device, the bridge and the VRF device, each step with what it logs,
// and only what the kernel still has in the shape Weft made it. In the netns layout, a bridge or
// VXLAN device of the wrong kind is deleted before it is made again; a missing one is only made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeDevices, planLinuxDevices, planNetnsDevices, type NodeCommand, type ObservedLink } from './index.js';

const BASE = ['frr version 8.4', 'frr defaults datacenter', 'hostname border1', '!'];
const TAIL = ['interface lo', ' ip address 10.0.0.1/32', '!', 'router bgp 65000', ' bgp router-id 10.0.0.1', 'exit', ''];
const WITH_VRF = nodeDevices([...BASE, 'vrf Vrf1', ' vni 10000', 'exit-vrf', '!', 'interface eth3 vrf Vrf1', '!', ...TAIL].join('\n'));
const WITHOUT_VRF = nodeDevices([...BASE, ...TAIL].join('\n'));

const link = (name: string, extra: Partial<ObservedLink> = {}): ObservedLink => ({ name, up: true, ...extra });
const ip = (...args: string[]): NodeCommand => ({ run: 'ip', args });
const ipIn = (netns: string, ...args: string[]): NodeCommand => ({ run: 'ip', netns, args });
const KERNEL = [link('lo'), link('Vrf1', { kind: 'vrf', table: 1001 }), link('br10000', { kind: 'bridge', master: 'Vrf1' }), link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 10000, local: '10.0.0.1' }), link('eth3', { master: 'Vrf1' })];
const except = (...names: string[]): { links: ObservedLink[] } => ({ links: KERNEL.filter((l) => !names.includes(l.name)) });

test('linux: a VRF that left frr.conf takes its port, VXLAN device, bridge and VRF device with it, in that order', () => {
  assert.deepEqual(planLinuxDevices(WITHOUT_VRF, { links: KERNEL }, WITH_VRF), {
    steps: [
      { op: 'delete', key: 'interface eth3', detail: 'out of Vrf1', commands: [ip('link', 'set', 'eth3', 'nomaster')] },
      { op: 'delete', key: 'vxlan vxlan10000', detail: 'VNI 10000', commands: [ip('link', 'del', 'vxlan10000')] },
      { op: 'delete', key: 'bridge br10000', detail: 'VRF Vrf1', commands: [ip('link', 'del', 'br10000')] },
      { op: 'delete', key: 'vrf Vrf1', detail: 'table 1001', commands: [ip('link', 'del', 'Vrf1')] },
    ],
    problems: [],
  });
});

test('linux: what the kernel no longer has, or has as another kind of device, is left alone', () => {
  assert.deepEqual(planLinuxDevices(WITHOUT_VRF, except('vxlan10000', 'br10000'), WITH_VRF).steps.map((s) => s.key), ['interface eth3', 'vrf Vrf1']);
  assert.deepEqual(planLinuxDevices(WITHOUT_VRF, { links: [...except('Vrf1').links, link('Vrf1', { kind: 'dummy' })] }, WITH_VRF).steps.map((s) => s.key), ['interface eth3', 'vxlan vxlan10000', 'bridge br10000']);
  assert.deepEqual(planLinuxDevices(WITHOUT_VRF, except('Vrf1', 'br10000', 'vxlan10000', 'eth3'), WITH_VRF), { steps: [], problems: [] });
  // nothing was there before: nothing is taken away
  assert.deepEqual(planLinuxDevices(WITHOUT_VRF, { links: KERNEL }), { steps: [], problems: [] });
});

const NS = 'weft-Vrf1';
const inNamespace = (bridge: ObservedLink | undefined, vxlan: ObservedLink | undefined) => ({
  links: [link('lo')],
  namespaces: { [NS]: [link('lo'), link('eth3'), ...(bridge === undefined ? [] : [bridge]), ...(vxlan === undefined ? [] : [vxlan])] },
  exposed: ['Vrf1'],
});
const VXLAN_OK = link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 10000, local: '10.0.0.1' });
const BRIDGE_OK = link('br10000', { kind: 'bridge' });

test('netns: a bridge missing is made; a device of another kind under its name is deleted first', () => {
  const make = [ipIn(NS, 'link', 'add', 'br10000', 'type', 'bridge'), ipIn(NS, 'link', 'set', 'br10000', 'up')];
  assert.deepEqual(planNetnsDevices(WITH_VRF, inNamespace(undefined, VXLAN_OK), { prefix: 'weft-' }).steps, [{ op: 'set', key: 'bridge br10000', detail: `in ${NS}`, commands: make }]);
  assert.deepEqual(planNetnsDevices(WITH_VRF, inNamespace(link('br10000', { kind: 'dummy' }), VXLAN_OK), { prefix: 'weft-' }).steps, [
    { op: 'modify', key: 'bridge br10000', detail: `in ${NS}`, commands: [ipIn(NS, 'link', 'del', 'br10000'), ...make] },
  ]);
});

test('netns: a VXLAN device missing is made and moved in; one with another VNI is deleted first', () => {
  const steps = (vxlan: ObservedLink | undefined) => planNetnsDevices(WITH_VRF, inNamespace(BRIDGE_OK, vxlan), { prefix: 'weft-' }).steps.map((s) => [s.op, s.key, s.detail, s.commands.length]);
  assert.deepEqual(steps(undefined), [['set', 'vxlan vxlan10000', `VNI 10000 from 10.0.0.1, moved into ${NS}`, 5]]);
  assert.deepEqual(steps(link('vxlan10000', { kind: 'vxlan', vni: 10001, local: '10.0.0.1' })), [['modify', 'vxlan vxlan10000', `VNI 10000 from 10.0.0.1, moved into ${NS}`, 6]]);
});
