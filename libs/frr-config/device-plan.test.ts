// The device steps the agent runs on an FRR node for what its kernel has drifted to: every step's
// op, key, detail (what the agent logs and reports) and the exact commands, in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeDevices, planLinuxDevices, planNetnsDevices, type NodeCommand, type ObservedLink } from './index.js';

/** A border with one L3VNI VRF and one port in it, as render-frr writes it. */
const CONFIG = ['frr version 8.4', 'frr defaults datacenter', 'hostname border1', '!', 'vrf Vrf1', ' vni 10000', 'exit-vrf', '!', 'interface eth3 vrf Vrf1', '!', 'interface lo', ' ip address 10.0.0.1/32', '!', 'router bgp 65000', ' bgp router-id 10.0.0.1', 'exit', ''].join('\n');
const DEVICES = nodeDevices(CONFIG);
/** The same border once its port left the config. */
const NO_PORT = nodeDevices(CONFIG.replace('interface eth3 vrf Vrf1\n', ''));

const link = (name: string, extra: Partial<ObservedLink> = {}): ObservedLink => ({ name, up: true, ...extra });
const ip = (...args: string[]): NodeCommand => ({ run: 'ip', args });
const ipIn = (netns: string, ...args: string[]): NodeCommand => ({ run: 'ip', netns, args });

const VRF1 = link('Vrf1', { kind: 'vrf', table: 1001 });
const BR = link('br10000', { kind: 'bridge', master: 'Vrf1' });
const VXLAN = link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 10000, local: '10.0.0.1' });
const ETH3 = link('eth3', { master: 'Vrf1' });
/** the kernel exactly as the linux layout wants it, with `replace` swapped in by name */
const linux = (...replace: ObservedLink[]): { links: ObservedLink[] } => ({
  links: [link('lo'), link('eth0'), VRF1, BR, VXLAN, ETH3].map((l) => replace.find((r) => r.name === l.name) ?? l).concat(replace.filter((r) => !['lo', 'eth0', 'Vrf1', 'br10000', 'vxlan10000', 'eth3'].includes(r.name))),
});
const without = (name: string): { links: ObservedLink[] } => ({ links: linux().links.filter((l) => l.name !== name) });

const INTO_BRIDGE = [ip('link', 'set', 'vxlan10000', 'master', 'br10000'), ip('link', 'set', 'dev', 'vxlan10000', 'type', 'bridge_slave', 'learning', 'off'), ip('link', 'set', 'vxlan10000', 'up')];

test('linux: a port that left the config is taken out of its VRF while it is still in it', () => {
  assert.deepEqual(planLinuxDevices(NO_PORT, linux(), DEVICES), {
    steps: [{ op: 'delete', key: 'interface eth3', detail: 'out of Vrf1', commands: [ip('link', 'set', 'eth3', 'nomaster')] }],
    problems: [],
  });
});

test('linux: a port that left the config and is already out of the VRF, or gone, is left alone', () => {
  assert.deepEqual(planLinuxDevices(NO_PORT, linux(link('eth3')), DEVICES), { steps: [], problems: [] });
  assert.deepEqual(planLinuxDevices(NO_PORT, linux(link('eth3', { master: 'Vrf9' })), DEVICES), { steps: [], problems: [] });
  assert.deepEqual(planLinuxDevices(NO_PORT, without('eth3'), DEVICES), { steps: [], problems: [] });
});

test('linux: a VRF device with another table is deleted and made again with its own table', () => {
  const add = [ip('link', 'add', 'Vrf1', 'type', 'vrf', 'table', '1001'), ip('link', 'set', 'Vrf1', 'up')];
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('Vrf1', { kind: 'vrf', table: 1005 }))), {
    steps: [{ op: 'modify', key: 'vrf Vrf1', detail: 'table 1005 -> 1001', commands: [ip('link', 'del', 'Vrf1'), ...add] }],
    problems: [],
  });
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('Vrf1'))).steps, [{ op: 'modify', key: 'vrf Vrf1', detail: 'table (none) -> 1001', commands: [ip('link', 'del', 'Vrf1'), ...add] }]);
});

test('linux: a VRF device that is down is only brought up', () => {
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('Vrf1', { kind: 'vrf', table: 1001, up: false }))).steps, [{ op: 'modify', key: 'vrf Vrf1', detail: 'down -> up', commands: [ip('link', 'set', 'Vrf1', 'up')] }]);
});

test('linux: a device of another kind under the bridge name is replaced by a bridge in the VRF', () => {
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('br10000', { kind: 'dummy', master: 'Vrf1' }))).steps, [
    {
      op: 'modify',
      key: 'bridge br10000',
      detail: 'in Vrf1',
      commands: [ip('link', 'del', 'br10000'), ip('link', 'add', 'br10000', 'type', 'bridge'), ip('link', 'set', 'br10000', 'master', 'Vrf1'), ip('link', 'set', 'br10000', 'up')],
    },
  ]);
});

test('linux: a bridge outside its VRF, in another or down is put back in the VRF and brought up', () => {
  const back = [ip('link', 'set', 'br10000', 'master', 'Vrf1'), ip('link', 'set', 'br10000', 'up')];
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('br10000', { kind: 'bridge' }))).steps, [{ op: 'modify', key: 'bridge br10000', detail: 'master (none) -> Vrf1', commands: back }]);
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('br10000', { kind: 'bridge', master: 'Vrf9' }))).steps, [{ op: 'modify', key: 'bridge br10000', detail: 'master Vrf9 -> Vrf1', commands: back }]);
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('br10000', { kind: 'bridge', master: 'Vrf1', up: false }))).steps, [{ op: 'modify', key: 'bridge br10000', detail: 'master Vrf1 -> Vrf1', commands: back }]);
});

test('linux: a VXLAN device with another VNI is deleted and made again, then put in the bridge', () => {
  assert.deepEqual(planLinuxDevices(DEVICES, linux(link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 20000, local: '10.0.0.1' }))).steps, [
    {
      op: 'modify',
      key: 'vxlan vxlan10000',
      detail: 'VNI 10000 from 10.0.0.1',
      commands: [ip('link', 'del', 'vxlan10000'), ip('link', 'add', 'vxlan10000', 'type', 'vxlan', 'id', '10000', 'local', '10.0.0.1', 'dstport', '4789', 'nolearning'), ...INTO_BRIDGE],
    },
  ]);
});

test('linux: a device of another kind under the VXLAN name is replaced even with the same id and address', () => {
  const other = link('vxlan10000', { kind: 'geneve', master: 'br10000', vni: 10000, local: '10.0.0.1' });
  assert.deepEqual(planLinuxDevices(DEVICES, linux(other)).steps.map((s) => [s.op, s.key, s.commands[0]]), [['modify', 'vxlan vxlan10000', ip('link', 'del', 'vxlan10000')]]);
});

test('linux: the right VXLAN device outside its bridge, in another or down is put back and brought up', () => {
  const vx = (extra: Partial<ObservedLink>): ObservedLink => link('vxlan10000', { kind: 'vxlan', vni: 10000, local: '10.0.0.1', ...extra });
  assert.deepEqual(planLinuxDevices(DEVICES, linux(vx({}))).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master (none) -> br10000', commands: INTO_BRIDGE }]);
  assert.deepEqual(planLinuxDevices(DEVICES, linux(vx({ master: 'br9' }))).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master br9 -> br10000', commands: INTO_BRIDGE }]);
  assert.deepEqual(planLinuxDevices(DEVICES, linux(vx({ master: 'br10000', up: false }))).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master br10000 -> br10000', commands: INTO_BRIDGE }]);
});

test('linux: a port the config puts in a VRF that the node lacks is a problem, not a step', () => {
  assert.deepEqual(planLinuxDevices(DEVICES, without('eth3')), { steps: [], problems: ['interface eth3 does not exist on this node (frr.conf puts it in vrf Vrf1)'] });
});

// netns layout: VRF Vrf1 is namespace weft-Vrf1; the node is where the agent runs (no `node`)
const LAYOUT = { prefix: 'weft-' };
const NS = 'weft-Vrf1';
const IN_NS = [link('lo'), link('br10000', { kind: 'bridge' }), link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 10000, local: '10.0.0.1' }), link('eth3')];
/** the namespace exactly as the netns layout wants it, with `replace` swapped in by name */
const netns = (replace: ObservedLink[] = [], home: ObservedLink[] = [link('lo'), link('eth0')]): { links: ObservedLink[]; namespaces: Record<string, ObservedLink[]>; exposed: string[] } => ({
  links: home,
  namespaces: { [NS]: IN_NS.map((l) => replace.find((r) => r.name === l.name) ?? l) },
  exposed: ['Vrf1'],
});
const INTO_NS_BRIDGE = [ipIn(NS, 'link', 'set', 'vxlan10000', 'master', 'br10000'), ipIn(NS, 'link', 'set', 'dev', 'vxlan10000', 'type', 'bridge_slave', 'learning', 'off'), ipIn(NS, 'link', 'set', 'vxlan10000', 'up')];

test('netns: nothing to do when the namespace holds the bridge, the VXLAN device and the port', () => {
  assert.deepEqual(planNetnsDevices(DEVICES, netns(), LAYOUT), { steps: [], problems: [] });
});

test('netns: a port that left the config goes back to the namespace of PID 1 when the node is the agent\'s own', () => {
  assert.deepEqual(planNetnsDevices(NO_PORT, netns(), LAYOUT, DEVICES), {
    steps: [{ op: 'delete', key: 'interface eth3', detail: `back from ${NS}`, commands: [ipIn(NS, 'link', 'set', 'eth3', 'netns', '1')] }],
    problems: [],
  });
});

test('netns: a port moved to another VRF first goes back from the old namespace', () => {
  const moved = nodeDevices(CONFIG.replace('interface eth3 vrf Vrf1', 'interface eth3 vrf Vrf2'));
  const plan = planNetnsDevices(moved, netns(), LAYOUT, DEVICES);
  assert.deepEqual(plan.steps[0], { op: 'delete', key: 'interface eth3', detail: `back from ${NS}`, commands: [ipIn(NS, 'link', 'set', 'eth3', 'netns', '1')] });
  // the port is in neither the node nor weft-Vrf2 yet: the next pass moves it in
  assert.deepEqual(plan.problems, ['interface eth3 does not exist on this node (frr.conf puts it in vrf Vrf2)']);
});

test('netns: a removed L3VNI loses its VXLAN device and bridge inside the namespace, the namespace stays', () => {
  const l2only = nodeDevices(CONFIG.replace(' vni 10000\n', ''));
  assert.deepEqual(planNetnsDevices(l2only, netns(), LAYOUT, DEVICES).steps, [
    { op: 'delete', key: 'vxlan vxlan10000', detail: 'VNI 10000', commands: [ipIn(NS, 'link', 'del', 'vxlan10000')] },
    { op: 'delete', key: 'bridge br10000', detail: `in ${NS}`, commands: [ipIn(NS, 'link', 'del', 'br10000')] },
  ]);
  const gone = { links: [link('eth0')], namespaces: { [NS]: [link('lo'), link('eth3')] }, exposed: ['Vrf1'] };
  assert.deepEqual(planNetnsDevices(l2only, gone, LAYOUT, DEVICES).steps, []);
  const bridgeOnly = { ...gone, namespaces: { [NS]: [link('br10000', { kind: 'bridge' }), link('eth3')] } };
  assert.deepEqual(planNetnsDevices(l2only, bridgeOnly, LAYOUT, DEVICES).steps.map((s) => s.key), ['bridge br10000']);
  const vxlanOnly = { ...gone, namespaces: { [NS]: [link('vxlan10000', { kind: 'vxlan' }), link('eth3')] } };
  assert.deepEqual(planNetnsDevices(l2only, vxlanOnly, LAYOUT, DEVICES).steps.map((s) => s.key), ['vxlan vxlan10000']);
});

test('netns: a VRF that left the config is reported emptied while zebra may know it, with no command', () => {
  const two = nodeDevices(`${CONFIG}vrf Vrf2\nexit-vrf\n`);
  const emptied = { op: 'delete', key: 'vrf Vrf2', detail: 'emptied; namespace weft-Vrf2 left in place for zebra', commands: [] };
  const observed = (namespaces: Record<string, ObservedLink[]>, exposed: string[]): ReturnType<typeof netns> => ({ ...netns(), namespaces: { ...netns().namespaces, ...namespaces }, exposed: ['Vrf1', ...exposed] });
  assert.deepEqual(planNetnsDevices(DEVICES, observed({ 'weft-Vrf2': [link('lo')] }, ['Vrf2']), LAYOUT, two).steps, [emptied]);
  assert.deepEqual(planNetnsDevices(DEVICES, observed({ 'weft-Vrf2': [link('lo')] }, []), LAYOUT, two).steps, [emptied]);
  assert.deepEqual(planNetnsDevices(DEVICES, observed({}, ['Vrf2']), LAYOUT, two).steps, [emptied]);
  assert.deepEqual(planNetnsDevices(DEVICES, observed({}, []), LAYOUT, two).steps, []);
});

test('netns: a namespace zebra does not see yet is only exposed', () => {
  assert.deepEqual(planNetnsDevices(DEVICES, { ...netns(), exposed: [] }, LAYOUT).steps, [{ op: 'modify', key: 'vrf Vrf1', detail: `namespace ${NS}`, commands: [{ run: 'expose', netns: NS, vrf: 'Vrf1' }] }]);
  const unknown = netns();
  assert.deepEqual(planNetnsDevices(DEVICES, { links: unknown.links, namespaces: unknown.namespaces }, LAYOUT).steps.map((s) => `${s.op} ${s.key}`), ['modify vrf Vrf1']);
});

test('netns: a device of another kind under the bridge name is replaced; a bridge that is down is brought up', () => {
  assert.deepEqual(planNetnsDevices(DEVICES, netns([link('br10000', { kind: 'dummy' })]), LAYOUT).steps, [
    { op: 'modify', key: 'bridge br10000', detail: `in ${NS}`, commands: [ipIn(NS, 'link', 'del', 'br10000'), ipIn(NS, 'link', 'add', 'br10000', 'type', 'bridge'), ipIn(NS, 'link', 'set', 'br10000', 'up')] },
  ]);
  assert.deepEqual(planNetnsDevices(DEVICES, netns([link('br10000', { kind: 'bridge', up: false })]), LAYOUT).steps, [{ op: 'modify', key: 'bridge br10000', detail: 'down -> up', commands: [ipIn(NS, 'link', 'set', 'br10000', 'up')] }]);
});

test('netns: a wrong VXLAN device in the namespace and a stray one in the node are both deleted before it is made again', () => {
  const wrong = link('vxlan10000', { kind: 'vxlan', master: 'br10000', vni: 20000, local: '10.0.0.1' });
  const make = [ip('link', 'add', 'vxlan10000', 'type', 'vxlan', 'id', '10000', 'local', '10.0.0.1', 'dstport', '4789', 'nolearning'), ip('link', 'set', 'vxlan10000', 'netns', NS), ...INTO_NS_BRIDGE];
  assert.deepEqual(planNetnsDevices(DEVICES, netns([wrong], [link('eth0'), link('vxlan10000', { kind: 'vxlan' })]), LAYOUT).steps, [
    { op: 'modify', key: 'vxlan vxlan10000', detail: `VNI 10000 from 10.0.0.1, moved into ${NS}`, commands: [ipIn(NS, 'link', 'del', 'vxlan10000'), ip('link', 'del', 'vxlan10000'), ...make] },
  ]);
  assert.deepEqual(planNetnsDevices(DEVICES, netns([wrong]), LAYOUT).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: `VNI 10000 from 10.0.0.1, moved into ${NS}`, commands: [ipIn(NS, 'link', 'del', 'vxlan10000'), ...make] }]);
});

test('netns: the right VXLAN device outside its bridge, in another or down is put back inside the namespace', () => {
  const vx = (extra: Partial<ObservedLink>): ObservedLink => link('vxlan10000', { kind: 'vxlan', vni: 10000, local: '10.0.0.1', ...extra });
  assert.deepEqual(planNetnsDevices(DEVICES, netns([vx({})]), LAYOUT).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master (none) -> br10000', commands: INTO_NS_BRIDGE }]);
  assert.deepEqual(planNetnsDevices(DEVICES, netns([vx({ master: 'br9' })]), LAYOUT).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master br9 -> br10000', commands: INTO_NS_BRIDGE }]);
  assert.deepEqual(planNetnsDevices(DEVICES, netns([vx({ master: 'br10000', up: false })]), LAYOUT).steps, [{ op: 'modify', key: 'vxlan vxlan10000', detail: 'master br10000 -> br10000', commands: INTO_NS_BRIDGE }]);
});

test('netns: a port already in its namespace but down is brought up there', () => {
  assert.deepEqual(planNetnsDevices(DEVICES, netns([link('eth3', { up: false })]), LAYOUT).steps, [{ op: 'modify', key: 'interface eth3', detail: 'down -> up', commands: [ipIn(NS, 'link', 'set', 'eth3', 'up')] }]);
});
