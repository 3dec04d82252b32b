/**
 * The agent's Kubernetes source on a real apiserver, with the identity an agent really has: a
 * token of its switch's ServiceAccount (TokenRequest), limited by the Role the controller gives
 * it. Agent leaf1 reads and watches Agent leaf1, writes its status, and nothing else.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { ensureAgentAccess, agentAccountName } from '../../../controller/src/agent-access.js';
import { AGENT_REF } from '../../../controller/src/kinds.js';
import { CustomObjects, statusOf } from '../../../controller/src/kube/client.js';
import { controlPlane, eventually, freshNamespace, installCrds, serviceAccountKubeConfig, type ControlPlane } from '../../../controller/test/support/kube.js';
import { KubernetesDesiredStateSource } from './kubernetes.js';

const env = await controlPlane();
const skip = env.skip;
let plane: ControlPlane;
let ns: string;
let admin: CustomObjects;

const agentObject = (sw: string, generation: number): Parameters<CustomObjects['create']>[1] => ({
  apiVersion: 'agent.weft.dev/v1alpha1',
  kind: 'Agent',
  metadata: { name: sw, namespace: ns },
  spec: { switch: sw, generation, role: 'leaf', os: 'sonic', configDb: { VLAN: { [`Vlan${1000 + generation}`]: { vlanid: String(1000 + generation) } } } },
});

/** A kubeconfig for the switch's ServiceAccount: a bound token from the TokenRequest API. */
function agentKubeconfig(sw: string): Promise<k8s.KubeConfig> {
  return serviceAccountKubeConfig(plane, ns, agentAccountName(sw));
}

async function refusedWith(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return statusOf(e);
  }
}

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  ns = await freshNamespace(plane);
  admin = new CustomObjects(plane.kc, 'weft-test');
  for (const sw of ['leaf1', 'leaf2']) {
    await admin.create(AGENT_REF, agentObject(sw, 1));
    await ensureAgentAccess(plane.kc, ns, sw);
  }
});

test('agent leaf1 reads its Agent, follows new generations, and reports its status', { skip }, async () => {
  const kc = await agentKubeconfig('leaf1');
  const source = new KubernetesDesiredStateSource(kc, { switch: 'leaf1', namespace: ns });
  const first = await source.current();
  assert.equal(first.switch, 'leaf1');
  assert.equal(first.generation, 1);

  const abort = new AbortController();
  const seen: number[] = [];
  const watching = (async () => {
    for await (const desired of source.watch(abort.signal)) {
      seen.push(desired.generation);
      if (desired.generation === 2) abort.abort();
    }
  })();
  await eventually('the watch has the first generation', () => (seen.includes(1) ? true : undefined), 30_000);
  await admin.patch(AGENT_REF, ns, 'leaf1', [{ op: 'add', path: '/spec', value: agentObject('leaf1', 2).spec }]);
  await watching;
  assert.deepEqual(seen, [1, 2]);

  await source.report({ appliedGeneration: 2, lastHeartbeat: new Date().toISOString(), conditions: [{ type: 'Applied', status: 'True', reason: 'Applied' }] });
  const object = await admin.get(AGENT_REF, ns, 'leaf1');
  assert.equal((object?.status as { appliedGeneration?: number } | undefined)?.appliedGeneration, 2);
  assert.equal((object?.spec as { generation: number }).generation, 2, 'the report changed the status only');
});

test('agent leaf1 cannot read Agent leaf2, list Agents, change its own desired state, or write leaf2 status', { skip }, async () => {
  const kc = await agentKubeconfig('leaf1');
  const leaf1 = new CustomObjects(kc, 'weft-agent/leaf1');
  await assert.rejects(new KubernetesDesiredStateSource(kc, { switch: 'leaf2', namespace: ns }).current(), (e: unknown) => statusOf(e) === 403);
  assert.equal(await refusedWith(leaf1.get(AGENT_REF, ns, 'leaf2')), 403);
  assert.equal(await refusedWith(leaf1.list(AGENT_REF, { namespace: ns })), 403, 'a list without its name is refused');
  assert.equal(await refusedWith(leaf1.patch(AGENT_REF, ns, 'leaf1', [{ op: 'add', path: '/spec/generation', value: 99 }])), 403, 'the desired state is the controller\'s');
  assert.equal(await refusedWith(leaf1.replaceStatus(AGENT_REF, ns, 'leaf2', { appliedGeneration: 1 })), 403);
  const leaf2 = await admin.get(AGENT_REF, ns, 'leaf2');
  assert.equal(leaf2?.status, undefined, 'leaf2 untouched');
  // what it may do still works with the same token
  assert.equal((await leaf1.list(AGENT_REF, { namespace: ns, fieldSelector: 'metadata.name=leaf1' })).items.length, 1);
});
