/**
 * `weft agent --kubeconfig FILE --namespace NS` as a process against a real kube-apiserver (with
 * etcd), with the identity an agent has there: a token of its switch's ServiceAccount, limited by
 * the Role the controller gives it. It applies its Agent object to a real redis-server and FRR,
 * writes the status into the Agent's status subresource, follows a new generation through the
 * watch; run for a switch whose Agent its token may not read, it stops and says so.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { entriesFromConfigDb } from '#configdb-diff';
import { agentAccountName, ensureAgentAccess } from '../../../controller/src/agent-access.js';
import { AGENT_REF } from '../../../controller/src/kinds.js';
import { CustomObjects } from '../../../controller/src/kube/client.js';
import { controlPlane, eventually, freshNamespace, installCrds, serviceAccountKubeConfig, type ControlPlane } from '../../../controller/test/support/kube.js';
import { requireAgentTools, startFrr, startRedis } from '../../test/support/processes.js';
import { spawnAgent } from '../../test/support/service.js';
import { dump, leafDesired } from '../../test/support/sonic.js';

const env = await controlPlane();
const skip = env.skip;
let plane: ControlPlane;
let ns: string;
let admin: CustomObjects;
let dir: string | undefined;

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  ns = await freshNamespace(plane, 'wag-agent');
  admin = new CustomObjects(plane.kc, 'weft-test');
  dir = mkdtempSync(join(tmpdir(), 'wag-k8s-'));
  await admin.create(AGENT_REF, { apiVersion: 'agent.weft.dev/v1alpha1', kind: 'Agent', metadata: { name: 'leaf1', namespace: ns }, spec: leafDesired(1) });
  await ensureAgentAccess(plane.kc, ns, 'leaf1');
});

after(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function work(): string {
  assert.ok(dir !== undefined);
  return dir;
}

/** A kubeconfig file for switch `sw`'s ServiceAccount: a bound token from the TokenRequest API. */
async function agentKubeconfig(sw: string): Promise<string> {
  const kc = await serviceAccountKubeConfig(plane, ns, agentAccountName(sw));
  const file = join(work(), `${sw}.kubeconfig`);
  writeFileSync(file, kc.exportConfig(), { mode: 0o600 });
  return file;
}

interface AgentStatusSeen {
  appliedGeneration?: number;
  conditions?: { type: string; status: string }[];
  ports?: unknown[];
}

async function statusOfLeaf1(): Promise<AgentStatusSeen | undefined> {
  return (await admin.get(AGENT_REF, ns, 'leaf1'))?.status as AgentStatusSeen | undefined;
}

test("weft agent --kubeconfig: applies its Agent object, reports in the Agent's status, follows a new generation", { skip }, async (t) => {
  if (!requireAgentTools(t)) return;
  const [redis, kubeconfig] = await Promise.all([startRedis(t), agentKubeconfig('leaf1')]);
  const frr = startFrr(t, 'leaf1');
  const agent = spawnAgent(t, ['--switch', 'leaf1', '--kubeconfig', kubeconfig, '--namespace', ns, '--redis', redis.url, '--frr-vty-dir', frr.vtyDir, '--state-dir', join(work(), 'state'), '--period', '1']);
  await agent.line((l) => l.event === 'apply' && l.generation === 1, 'generation 1 applied');
  assert.deepEqual(await dump(redis.client), entriesFromConfigDb(leafDesired(1).configDb));
  const first = await eventually('the status in the Agent object', async () => {
    const status = await statusOfLeaf1();
    return status?.appliedGeneration === 1 && status.ports !== undefined ? status : undefined;
  });
  assert.equal(first.conditions?.find((c) => c.type === 'Applied')?.status, 'True');

  const next = leafDesired(2);
  const configDb = { ...next.configDb, VLAN: { ...(next.configDb?.VLAN as object), Vlan1099: { vlanid: '1099' } } };
  await admin.patch(AGENT_REF, ns, 'leaf1', [{ op: 'replace', path: '/spec', value: { ...next, configDb } }]);
  await agent.line((l) => l.event === 'apply' && l.generation === 2, 'generation 2 applied, from the watch');
  assert.deepEqual(await redis.client.hgetall('VLAN|Vlan1099'), { vlanid: '1099' });
  await eventually('generation 2 in the status', async () => ((await statusOfLeaf1())?.appliedGeneration === 2 ? true : undefined));
  agent.child.kill('SIGTERM');
  assert.equal(await agent.exited, 0, agent.stderr());
});

test('weft agent --kubeconfig for a switch its token may not read: it stops, exit 1, saying the apiserver refused', { skip }, async (t) => {
  const kubeconfig = await agentKubeconfig('leaf1');
  const agent = spawnAgent(t, ['--switch', 'leaf2', '--kubeconfig', kubeconfig, '--namespace', ns, '--state-dir', join(work(), 'state-leaf2'), '--once']);
  assert.equal(await agent.exited, 1, agent.stderr());
  assert.match(agent.stderr(), new RegExp(`weft agent: reading Agent ${ns}/leaf2: HTTP 403: .*cannot get resource "agents"`));
});
