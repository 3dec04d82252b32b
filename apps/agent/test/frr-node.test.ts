/**
 * An FRR node (`os: frr`): the agent makes the Linux devices its frr.conf needs, then applies
 * frr.conf. This kernel has no VRF devices, so the real-Linux backend is shown to refuse clearly,
 * and the netns backend (FRR's `zebra -n`) is run for real: a namespace per VRF exposed to zebra,
 * the L3VNI's VXLAN bound by zebra, the transit port in its VRF with its address.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { REPO_ROOT } from '#testing';
import { DeviceError, type DesiredState } from '../src/core/device-driver.js';
import { FrrNodeDriver, type AppliedDevices } from '../src/frr-node/frr-node-driver.js';
import { LinuxDeviceBackend } from '../src/frr-node/linux-backend.js';
import { NetnsDeviceBackend } from '../src/frr-node/netns-backend.js';
import { Frr } from '../src/frr/frr.js';
import { JsonRecord } from '../src/state/json-record.js';
import { requireAgentTools, startFrr, uniqueName, until, type FrrNode } from './support/processes.js';

const BORDER = readFileSync(join(REPO_ROOT, 'test/golden/cases/external-border-frr/expected/border1/frr.conf'), 'utf8');

function desired(generation: number, frr = BORDER): DesiredState {
  return { switch: 'border1', generation, role: 'border', os: 'frr', frr };
}

function ip(...args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The node's ports: veths whose far ends sit in a namespace of their own. */
function cable(t: TestContext, node: FrrNode, ports: readonly string[]): void {
  const peer = uniqueName('peer');
  ip('netns', 'add', peer);
  t.after(() => {
    spawnSync('ip', ['netns', 'delete', peer]);
  });
  for (const port of ports) {
    ip('link', 'add', port, 'netns', node.netns, 'type', 'veth', 'peer', 'name', port, 'netns', peer);
    ip('-n', node.netns, 'link', 'set', port, 'up');
    ip('-n', peer, 'link', 'set', port, 'up');
  }
}

function driverFor(t: TestContext, node: FrrNode, backend: 'netns' | 'linux'): FrrNodeDriver {
  const state = mkdtempSync(join(tmpdir(), 'wag-state-'));
  t.after(() => {
    rmSync(state, { recursive: true, force: true });
  });
  return new FrrNodeDriver({
    frr: new Frr({ vtyDir: node.vtyDir, workDir: join(state, 'frr'), vrfNetns: backend === 'netns' }),
    devices: backend === 'netns' ? new NetnsDeviceBackend({ node: node.netns, switchName: 'border1', vtyDir: node.vtyDir }) : new LinuxDeviceBackend(node.netns),
    record: new JsonRecord<AppliedDevices>(join(state, 'devices-applied.json')),
  });
}

test('netns backend: a namespace per VRF exposed to zebra -n, the L3VNI bound to its VXLAN, the transit port in its VRF; again: no change', async (t) => {
  if (!requireAgentTools(t)) return;
  const node = startFrr(t, 'border1', { vrfNetns: true });
  cable(t, node, ['eth0', 'eth1', 'eth3']);
  const driver = driverFor(t, node, 'netns');
  const result = await driver.apply(desired(1));
  assert.deepEqual(
    result.changes.filter((c) => !c.key.startsWith('frr: ')).map((c) => `${c.op} ${c.key}`),
    ['set vrf Vrf1', 'set vrf Vrf3', 'set vrf Vrf4', 'set bridge br10000', 'set vxlan vxlan10000', 'set bridge br10004', 'set vxlan vxlan10004', 'set bridge br10007', 'set vxlan vxlan10007', 'modify interface eth3'],
  );
  const namespaces = ip('netns', 'list');
  for (const vrf of ['Vrf1', 'Vrf3', 'Vrf4']) assert.match(namespaces, new RegExp(`^${node.netns}@${vrf}\\b`, 'm'));
  const vrfs = await until('zebra to see the three VRFs', () => {
    const text = node.vtysh('show vrf');
    return (text.match(/netns \/run\/netns\/Vrf\d/g) ?? []).length === 3 ? text : undefined;
  });
  assert.match(vrfs, /vrf Vrf4 id \d+ netns \/run\/netns\/Vrf4 \(configured\)/);
  const vni = await until('zebra to bind VNI 10000 to vxlan10000 in Vrf1', () => {
    const all = JSON.parse(node.vtysh('show evpn vni json')) as Record<string, { vxlanIf?: string; tenantVrf?: string; type?: string }>;
    return all['10000']?.vxlanIf === 'vxlan10000' ? all['10000'] : undefined;
  });
  assert.deepEqual([vni.type, vni.tenantVrf], ['L3', 'Vrf1']);
  assert.match(ip('-n', `${node.netns}@Vrf4`, '-br', 'addr', 'show', 'eth3'), /198\.51\.100\.2\/30/, 'zebra put the transit address on eth3 in Vrf4');
  const again = await driver.apply(desired(1));
  assert.deepEqual(again.changes, [], 'applying again changes nothing');
  const observed = await driver.observe();
  assert.deepEqual(observed.ports?.map((p) => [p.name, p.oper]), [['eth3', 'up'], ['eth0', 'up'], ['eth1', 'up']]);
  assert.ok(observed.bgpNeighbors?.some((n) => n.vrf === 'Vrf4' && n.peer === '198.51.100.1'), 'the transit session, in its VRF');
});

test("netns backend: a VRF the config no longer has loses its devices and its FRR config, zebra keeps running; a bridge deleted by hand is made again", async (t) => {
  if (!requireAgentTools(t)) return;
  const node = startFrr(t, 'border1', { vrfNetns: true });
  cable(t, node, ['eth0', 'eth1', 'eth3']);
  const driver = driverFor(t, node, 'netns');
  await driver.apply(desired(1));
  const zebra = node.pid('zebra');
  const withoutVrf3 = BORDER.replace(/vrf Vrf3\n vni 10004\nexit-vrf\n!\n/, '').replace(/router bgp 65104 vrf Vrf3\n[\s\S]*?\nexit\n!\n/, '').replace(/ {2}import vrf Vrf3\n/g, '');
  const result = await driver.apply(desired(2, withoutVrf3));
  assert.deepEqual(
    result.changes.filter((c) => !c.key.startsWith('frr: ')).map((c) => `${c.op} ${c.key}`),
    ['delete vxlan vxlan10004', 'delete bridge br10004', 'delete vrf Vrf3'],
  );
  assert.doesNotMatch(ip('-n', `${node.netns}@Vrf3`, '-br', 'link'), /vxlan10004|br10004/);
  const running = node.vtysh('show running-config');
  assert.doesNotMatch(running, /vni 10004|router bgp 65104 vrf Vrf3|import vrf Vrf3/);
  assert.equal(node.pid('zebra'), zebra);
  assert.doesNotMatch(node.vtysh('show evpn vni'), /10004/);
  assert.deepEqual((await driver.plan(desired(2, withoutVrf3))).changes, [], 'nothing left to do');
  ip('-n', `${node.netns}@Vrf1`, 'link', 'del', 'br10000');
  const lost = await driver.plan(desired(2, withoutVrf3));
  assert.deepEqual(lost.changes.map((c) => `${c.op} ${c.key}`), ['set bridge br10000', 'modify vxlan vxlan10000'], 'the bridge deleted by hand is a change to make');
  await driver.apply(desired(2, withoutVrf3));
  assert.match(ip('-n', `${node.netns}@Vrf1`, '-d', 'link', 'show', 'vxlan10000'), /master br10000/);
  await until('zebra to bind VNI 10000 again', () => {
    const all = JSON.parse(node.vtysh('show evpn vni json')) as Record<string, { vxlanIf?: string }>;
    return all['10000']?.vxlanIf === 'vxlan10000' ? true : undefined;
  });
});

test('linux backend on a kernel without VRF devices: a clear refusal that names the way out', async (t) => {
  if (!requireAgentTools(t)) return;
  const node = startFrr(t, 'border1');
  cable(t, node, ['eth0', 'eth1', 'eth3']);
  const canVrf = spawnSync('ip', ['-n', node.netns, 'link', 'add', 'wag-vrf-probe', 'type', 'vrf', 'table', '77']).status === 0;
  if (canVrf) {
    ip('-n', node.netns, 'link', 'del', 'wag-vrf-probe');
    const result = await driverFor(t, node, 'linux').apply(desired(1));
    assert.ok(result.changes.some((c) => c.key === 'vrf Vrf1'));
    assert.match(ip('-n', node.netns, '-d', 'link', 'show', 'Vrf1'), /vrf table 1001/);
    return;
  }
  const error = await driverFor(t, node, 'linux').apply(desired(1)).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeviceError, String(error));
  assert.equal(error.retryable, false);
  assert.match(error.message, /^vrf Vrf1: this kernel has no VRF devices \(ip -n wag-\S+ link add Vrf1 type vrf table 1001: Unknown device type\); run the agent with --vrf-backend netns/);
});
