/**
 * The apiserver goes away and comes back: the controller's watches break, it relists, and it
 * carries on. Nothing it had done is done again; what arrives after the restart is reconciled.
 * This file runs its own control plane, since it restarts it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestDatabase, type TestDatabase } from '../../api/test/support/postgres.js';
import { restartApiserver } from '../../cli/dev/cluster.js';
import { runController, type RunningController } from '../src/run.js';
import { storeOpener } from '../src/standalone.js';
import {
  TEST_LABEL,
  attachmentDoc,
  eventually,
  freshNamespace,
  getJson,
  installCrds,
  kubectlOk,
  privateControlPlane,
  scoped,
  smallFabric,
  snapshot,
  vpcDoc,
  yamlFile,
  type ControlPlane,
} from './support/kube.js';

const env = await privateControlPlane();
const skip = env.skip;
let plane: ControlPlane;
let ns: string;
let pg: TestDatabase;
let running: RunningController;

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  ns = await freshNamespace(plane);
  pg = await startTestDatabase();
  running = await runController({
    kubeconfig: plane.kc,
    namespace: ns,
    labelSelector: `${TEST_LABEL}=${ns}`,
    openStore: storeOpener(pg.url, () => undefined),
    // a lease long enough to ride out the restart: the same leader carries on
    leaderElection: { leaseDurationMs: 30_000, renewDeadlineMs: 25_000, retryPeriodMs: 1000 },
    webhook: false,
    log: () => undefined,
  });
});

after(async () => {
  if (env.plane === undefined) return;
  await running.stop();
  await pg.stop();
});

interface Obj {
  status?: { conditions?: { type: string; status: string }[] };
}
const accepted = async (name: string): Promise<true | undefined> => {
  const v = await getJson<Obj>(plane, ['vpc', name, '-n', ns]);
  return v.status?.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True') === true ? true : undefined;
};

test('after an apiserver restart the controller relists, rewrites nothing, and reconciles what comes next', { skip }, async () => {
  const prefix = ns.slice(-8);
  await kubectlOk(plane, ['apply', '-f', yamlFile(scoped([...smallFabric(prefix), vpcDoc(ns, 'v1', '10.41.1.0/24'), attachmentDoc(ns, 'a1', 'v1', `${prefix}-srv1--leaf1`)], ns))]);
  await eventually('v1 Accepted', () => accepted('v1'));
  await running.controller.settled();
  const before = await snapshot(plane, ns);
  const audit = async (): Promise<number> => Number((await pg.db.query<{ n: string }>('SELECT count(*) AS n FROM audit')).rows[0]?.n);
  const rows = await audit();

  await restartApiserver(plane.clusterDir ?? '', 1000);

  await kubectlOk(plane, ['apply', '-f', yamlFile(scoped([vpcDoc(ns, 'v2', '10.41.2.0/24'), attachmentDoc(ns, 'a2', 'v2', `${prefix}-srv2--leaf2`)], ns))]);
  await eventually('v2 Accepted after the restart', () => accepted('v2'), 120_000);
  await eventually('leaf2 carries v2', async () => {
    const agent = await getJson<{ spec: { configDb?: { VRF?: Record<string, unknown> } } }>(plane, ['agent', `${prefix}-leaf2`, '-n', ns]);
    return Object.keys(agent.spec.configDb?.VRF ?? {}).length > 0 ? true : undefined;
  });
  assert.ok(running.controller.leading, 'the same controller still leads');
  await running.controller.settled();
  const after = await snapshot(plane, ns);
  const moved = [...before].filter(([key, state]) => !key.includes(`${prefix}-leaf2`) && after.get(key)?.resourceVersion !== state.resourceVersion).map(([key]) => key);
  assert.deepEqual(moved, [], 'nothing reconciled before the restart was written again');
  assert.equal(await audit(), rows + 2, 'the store took v2 and a2, and nothing else');
});
