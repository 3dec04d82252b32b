/**
 * `weft agent --switch border1 --ssh ... --ssh-key ...` as a process, fed by a real `weft serve`
 * (the sample fabric, whose border1 runs VyOS), driving the VyOS stand-in (VyOS cannot run on
 * these machines) through a real OpenSSH server with a pinned host key (SSH, not the guest agent:
 * the guest agent's own tests count its script directories in /tmp, which a second user of qemu-ga
 * on the machine would disturb): --once applies the service's compiled VyOS lines and keeps the router's
 * own; running, a hand change to a Weft line is put back and the Agent's status at the service
 * names it as drift.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { startService, spawnAgent, type Service } from './support/service.js';
import { until } from './support/processes.js';
import { FOREIGN_BOOT, requireBench, startBench, type Bench } from './vyos/bench.js';

interface Rig {
  readonly service: Service;
  readonly bench: Bench;
  readonly args: (extra?: readonly string[]) => Promise<string[]>;
}

async function rig(t: TestContext): Promise<Rig> {
  const [service, bench] = await Promise.all([startService(t), startBench('ssh')]);
  const ssh = bench.ssh;
  assert.ok(ssh !== undefined);
  t.after(() => bench.stop());
  bench.router.load(FOREIGN_BOOT);
  const state = mkdtempSync(join(tmpdir(), 'wag-vyos-state-'));
  t.after(() => {
    rmSync(state, { recursive: true, force: true });
  });
  const args = async (extra: readonly string[] = []): Promise<string[]> => [
    '--switch',
    'border1',
    '--server',
    service.base,
    '--token-file',
    await service.agentTokenFile('border1'),
    '--ssh',
    `127.0.0.1:${ssh.proxyPort}`,
    '--ssh-user',
    ssh.user,
    '--ssh-key',
    ssh.clientKey.privateKeyFile,
    '--known-hosts',
    ssh.knownHostsFile,
    '--vbash',
    'vbash',
    '--state-dir',
    state,
    ...extra,
  ];
  return { service, bench, args };
}

interface AgentObject {
  readonly spec: { generation: number; os?: string; vyos?: string };
  readonly status?: {
    appliedGeneration?: number;
    conditions?: { type: string; status: string }[];
    drift?: { key: string; change: string; repaired: boolean }[];
    bgpNeighbors?: { peer: string; state: string }[];
  };
}

async function border(service: Service): Promise<AgentObject> {
  return (await service.call('GET', '/api/v1/agents/border1')).body as unknown as AgentObject;
}

const setLines = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('set '));

test('weft agent --switch border1 --ssh HOST:PORT --ssh-key FILE --once applies the service\'s VyOS lines to the router, keeps its own, and reports Applied', async (t) => {
  if (!requireBench(t, 'ssh')) return;
  const { service, bench, args } = await rig(t);
  const before = await border(service);
  assert.equal(before.spec.os, 'vyos');
  const desired = setLines(before.spec.vyos ?? '');
  assert.ok(desired.length > 10, 'border1 has VyOS lines to apply');

  const once = spawnAgent(t, await args(['--once']));
  assert.equal(await once.exited, 0, once.stderr());
  const running = bench.router.running();
  assert.deepEqual(desired.filter((line) => !running.includes(line)), [], 'every Weft line is on the router');
  assert.ok(running.includes("set vrf name mgmt table '900'") && running.includes("set protocols bgp neighbor 198.51.100.1 remote-as '64999'"), 'the router\'s own lines are kept');
  assert.deepEqual(bench.router.savedConfig(), running, 'confirmed and saved');
  assert.equal(bench.router.confirmPending(), false);

  const after = await border(service);
  assert.equal(after.status?.appliedGeneration, after.spec.generation);
  assert.equal(after.status.conditions?.find((c) => c.type === 'Applied')?.status, 'True');
  assert.ok((after.status.bgpNeighbors?.length ?? 0) > 0, `the router's BGP sessions are reported: ${JSON.stringify(after.status)}`);
});

test('weft agent running for border1: a hand change to a Weft line is put back and the status names it as drift', async (t) => {
  if (!requireBench(t, 'ssh')) return;
  const { service, bench, args } = await rig(t);
  const agent = spawnAgent(t, await args(['--period', '1']));
  await agent.line((l) => l.event === 'apply', 'the first apply');
  assert.ok(bench.router.running().includes("set interfaces ethernet eth3 mtu '1500'"));

  bench.router.commitAsOperator(["set interfaces ethernet eth3 mtu '1400'"]);
  await agent.line((l) => l.event === 'repair', 'the drift repaired');
  assert.ok(bench.router.running().includes("set interfaces ethernet eth3 mtu '1500'"), 'the MTU is Weft\'s again');
  const drift = await until('the drift in the status at the service', async () => {
    const events = (await border(service)).status?.drift ?? [];
    return events.find((e) => e.key === 'interfaces ethernet eth3 mtu' && e.repaired);
  });
  assert.equal(drift.change, 'modified');
  agent.child.kill('SIGTERM');
  assert.equal(await agent.exited, 0, 'SIGTERM stops it cleanly');
});
