/**
 * FRR's netns VRF backend (`zebra -n`, as the lab runs it), for real: the SONiC driver hands zebra
 * a VRF only once zebra has bound the VRF's namespace. Named while zebra's watch has not bound it
 * yet, the VRF stays inactive for good, and FRR 8.4 can crash when the namespace is shown to it
 * again (docs/adr/0096).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { DeviceError, type DesiredState } from '../src/core/device-driver.js';
import { Frr } from '../src/frr/frr.js';
import { ConfigDb } from '../src/sonic/config-db.js';
import { SonicDriver, type AppliedConfigDb } from '../src/sonic/sonic-driver.js';
import { JsonRecord } from '../src/state/json-record.js';
import { requireAgentTools, startFrr, startRedis, type FrrNode } from './support/processes.js';

function desired(vrf: string): DesiredState {
  return {
    switch: 'leaf1',
    generation: 1,
    role: 'leaf',
    os: 'sonic',
    configDb: { VRF: { [vrf]: { vni: '10007' } } },
    frr: `frr defaults datacenter\nhostname leaf1\n!\nvrf ${vrf}\n vni 10007\nexit-vrf\n!\n`,
  };
}

/** What the lab's shim does for CONFIG_DB's VRF|X: a namespace, bound where zebra looks. */
function makeVrfNamespace(node: FrrNode, vrf: string): void {
  const netns = `${node.netns}@${vrf}`;
  for (const argv of [
    ['ip', 'netns', 'add', netns],
    ['nsenter', `--mount=/proc/${node.pid('zebra')}/ns/mnt`, `--net=/run/netns/${netns}`, '--', 'sh', '-c', `touch /run/netns/${vrf} && mount --bind /proc/self/ns/net /run/netns/${vrf}`],
  ]) {
    const r = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' });
    assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stderr}`);
  }
}

async function driverFor(t: TestContext, node: FrrNode): Promise<SonicDriver> {
  const redis = await startRedis(t);
  const stateDir = mkdtempSync(join(tmpdir(), 'wag-state-'));
  const driver = new SonicDriver({
    configDb: new ConfigDb({ url: redis.url }),
    frr: new Frr({ vtyDir: node.vtyDir, workDir: join(stateDir, 'frr'), vrfNetns: true }),
    record: new JsonRecord<AppliedConfigDb>(join(stateDir, 'configdb-applied.json')),
    vrfBinding: { timeoutMs: 1500, pollMs: 100 },
  });
  t.after(async () => {
    await driver.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  return driver;
}

test('netns VRFs: frr.conf waits until zebra has bound the VRF namespace, then the VRF is active', async (t) => {
  if (!requireAgentTools(t)) return;
  const node = startFrr(t, 'leaf1', { vrfNetns: true });
  const driver = await driverFor(t, node);

  const refused = await driver.apply(desired('Vrf7')).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(refused instanceof DeviceError, String(refused));
  assert.match(refused.message, /zebra has not bound the namespace of VRF Vrf7/);
  assert.equal(refused.retryable, true, 'the next apply tries again');
  assert.ok(
    refused.applied.some((c) => c.key === 'VRF|Vrf7'),
    'CONFIG_DB was written first: that is what makes the switch create the VRF',
  );
  assert.doesNotMatch(node.vtysh('show running-config'), /^vrf Vrf7$/m, 'zebra has not heard of the VRF');

  makeVrfNamespace(node, 'Vrf7');
  await driver.apply(desired('Vrf7'));
  const shown = node.vtysh('show vrf');
  assert.match(shown, /^vrf Vrf7 id \d+ netns \S+/m, shown);
  assert.doesNotMatch(shown, /inactive/);
  assert.match(node.vtysh('show running-config'), /^vrf Vrf7\n vni 10007\n netns \S+$/m);
});
