/**
 * The controller is level-triggered and restart-safe: a restart rewrites nothing, and what
 * changed while it was down is done once it is back; without the webhook, a bad object is stored
 * and its status says why (and turns Accepted once what it needs arrives); two controllers take
 * turns through a Lease, and only the leader ever writes.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { startTestDatabase, type TestDatabase } from '../../api/test/support/postgres.js';
import { runController, type RunningController } from '../src/run.js';
import { storeOpener } from '../src/standalone.js';
import {
  REPO_ROOT,
  TEST_LABEL,
  attachmentDoc,
  controlPlane,
  eventually,
  freshNamespace,
  getJson,
  installCrds,
  kubectl,
  kubectlOk,
  scoped,
  smallFabric,
  snapshot,
  vpcDoc,
  yamlFile,
  type ControlPlane,
  type ObjectState,
} from './support/kube.js';

const env = await controlPlane();
const skip = env.skip;

let plane: ControlPlane;
let ns: string;
let pg: TestDatabase;
let prefix: string;

interface Obj {
  metadata: { name: string; deletionTimestamp?: string };
  status?: { conditions?: { type: string; status: string; reason: string; message?: string }[] };
}

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  ns = await freshNamespace(plane);
  prefix = ns.slice(-8);
  pg = await startTestDatabase();
});

after(async () => {
  if (env.plane === undefined) return;
  await pg.stop();
});

async function controller(url = pg.url, webhook = false): Promise<RunningController> {
  const running = await runController({
    kubeconfig: plane.kc,
    namespace: ns,
    labelSelector: `${TEST_LABEL}=${ns}`,
    openStore: storeOpener(url, () => undefined),
    leaderElection: false,
    webhook: webhook ? { host: '127.0.0.1', port: 0, url: 'https://127.0.0.1:{port}/validate', configuration: `weft-${ns}`, unregisterOnStop: true } : false,
    log: () => undefined,
  });
  // stopped even when an assertion fails half-way (a running controller would keep the file alive)
  after(() => running.stop());
  await running.controller.settled();
  return running;
}

const apply = async (docs: Parameters<typeof scoped>[0]): Promise<void> => {
  await kubectlOk(plane, ['apply', '-f', yamlFile(scoped(docs, ns))]);
};
const condition = (o: Obj, type: string): { status: string; reason: string; message?: string } | undefined => o.status?.conditions?.find((c) => c.type === type);
const vpcAccepted = async (name: string): Promise<Obj | undefined> => {
  const v = await getJson<Obj>(plane, ['vpc', name, '-n', ns]);
  return condition(v, 'Accepted')?.status === 'True' ? v : undefined;
};
const auditRows = async (): Promise<{ action: string; kind: string; name: string }[]> => (await pg.db.query<{ action: string; kind: string; name: string }>('SELECT action, kind, name FROM audit ORDER BY id')).rows;

function unchanged(before: ReadonlyMap<string, ObjectState>, after: ReadonlyMap<string, ObjectState>, except: (key: string) => boolean): string[] {
  const moved: string[] = [];
  for (const [key, state] of before) {
    if (except(key)) continue;
    if (after.get(key)?.resourceVersion !== state.resourceVersion) moved.push(key);
  }
  return moved;
}

test('a restarted controller writes nothing it wrote before, and does what changed while it was down, once', { skip }, async () => {
  const first = await controller();
  await apply([...smallFabric(prefix), vpcDoc(ns, 'v1', '10.31.1.0/24'), vpcDoc(ns, 'v2', '10.31.2.0/24'), attachmentDoc(ns, 'a1', 'v1', `${prefix}-srv1--leaf1`), attachmentDoc(ns, 'a2', 'v2', `${prefix}-srv2--leaf2`)]);
  await eventually('v1 and v2 Accepted', async () => ((await vpcAccepted('v1')) !== undefined && (await vpcAccepted('v2')) !== undefined ? true : undefined));
  await eventually('Agents for three switches', async () => ((await getJson<{ items: unknown[] }>(plane, ['agents', '-n', ns])).items.length === 3 ? true : undefined));
  await first.controller.settled();
  const before = await snapshot(plane, ns);
  const rowsBefore = await auditRows();
  await first.stop();

  // a restart with nothing new: not one write, to Kubernetes or to the store
  const second = await controller();
  const again = await snapshot(plane, ns);
  const rewritten = unchanged(before, again, () => false);
  assert.deepEqual(rewritten, [], `no object was written again; ${rewritten[0] ?? ''} was: ${JSON.stringify(before.get(rewritten[0] ?? '')?.status)} -> ${JSON.stringify(again.get(rewritten[0] ?? '')?.status)}`);
  assert.equal((await auditRows()).length, rowsBefore.length, 'no store write');
  await second.stop();

  // while no controller runs: a new VPC, and an attachment deleted (held by the finalizer)
  await apply([vpcDoc(ns, 'v3', '10.31.3.0/24')]);
  await kubectlOk(plane, ['delete', 'vpcattachment', 'a2', '-n', ns, '--wait=false']);
  assert.ok((await getJson<Obj>(plane, ['vpcattachment', 'a2', '-n', ns])).metadata.deletionTimestamp !== undefined, 'a2 waits for the controller');

  const third = await controller();
  await eventually('v3 Accepted', () => vpcAccepted('v3'));
  await eventually('a2 gone', async () => ((await kubectl(plane, ['get', 'vpcattachment', 'a2', '-n', ns])).status === 1 ? true : undefined));
  await third.controller.settled();
  const after = await snapshot(plane, ns);
  // leaf2's Agent, and the switch's status that shows its generation, change with a2's deletion
  const leaf2 = (key: string): boolean => key === `Agent/${ns}/${prefix}-leaf2` || key === `Switch//${prefix}-leaf2`;
  // so do v2's status (its switches); nothing else does
  assert.deepEqual(unchanged(before, after, (key) => key.endsWith('/a2') || key === `VPC/${ns}/v2` || leaf2(key)), []);
  const spec = (key: string): { generation: number } => (before.get(key)?.spec ?? after.get(key)?.spec) as { generation: number };
  assert.equal((after.get(`Agent/${ns}/${prefix}-leaf2`)?.spec as { generation: number }).generation, spec(`Agent/${ns}/${prefix}-leaf2`).generation + 1, 'leaf2 got one new generation');
  const rows = (await auditRows()).slice(rowsBefore.length).map((r) => `${r.action} ${r.kind} ${r.name}`);
  assert.deepEqual(rows.sort(), ['create VPC v3', 'delete VPCAttachment a2'], 'each change reached the store once');
  await third.stop();
});

test('without the webhook, an object Weft refuses is stored, its status says why, and it turns Accepted when what it needs arrives', { skip }, async () => {
  const running = await controller();
  try {
    await apply([attachmentDoc(ns, 'a9', 'v1', `${prefix}-srv9--leaf1`)]);
    const refused = await eventually('a9 refused in its status', async () => {
      const a = await getJson<Obj>(plane, ['vpcattachment', 'a9', '-n', ns]);
      return condition(a, 'Accepted')?.status === 'False' ? a : undefined;
    });
    assert.equal(condition(refused, 'Accepted')?.reason, 'Invalid');
    assert.match(condition(refused, 'Accepted')?.message ?? '', new RegExp(`^error WF307 VPCAttachment ${ns}/a9 spec\\.connection: no Connection named "${prefix}-srv9--leaf1"`));
    const table = await kubectlOk(plane, ['get', 'vpcattachments', '-n', ns, '-o', 'wide']);
    assert.match(table, /^a9\s+v1\/web\s+\S+\s+true\s+False\s+error WF307/m);
    // the server and its cable arrive: the attachment is taken without anyone touching it
    await apply([
      { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Server', metadata: { name: `${prefix}-srv9` }, spec: {} },
      { apiVersion: 'wiring.weft.dev/v1alpha1', kind: 'Connection', metadata: { name: `${prefix}-srv9--leaf1` }, spec: { unbundled: { server: `${prefix}-srv9/eth0`, switch: `${prefix}-leaf1/Ethernet4` } } },
    ]);
    await eventually('a9 Accepted', async () => (condition(await getJson<Obj>(plane, ['vpcattachment', 'a9', '-n', ns]), 'Accepted')?.status === 'True' ? true : undefined));
  } finally {
    await running.stop();
  }
});

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** `weft controller` as its own process, on the shared database, with short lease times. */
function spawnController(): { child: Child; identity: Promise<string>; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin/weft.js'), 'controller', '--kubeconfig', plane.kubeconfig, '--namespace', ns, '--selector', `${TEST_LABEL}=${ns}`, '--no-webhook', '--lease-duration', '4', '--renew-deadline', '3', '--retry-period', '0.5'],
    { env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => {
    resolve();
  }));
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let out = '';
  const identity = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^Weft controller (\S+) on /m.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => {
      reject(new Error(`weft controller exited before starting: ${out}`));
    });
  });
  return { child, identity, exited };
}

test('two controllers: one holds the Lease and writes; the other writes nothing until the leader dies, then takes over', { skip }, async () => {
  const a = spawnController();
  const b = spawnController();
  const ids = [await a.identity, await b.identity];
  const holder = async (): Promise<string | undefined> => {
    const lease = await kubectl(plane, ['get', 'lease', 'weft-controller', '-n', ns, '-o', 'jsonpath={.spec.holderIdentity}']);
    return lease.status === 0 && ids.includes(lease.stdout) ? lease.stdout : undefined;
  };
  const leader = await eventually('a leader', holder);
  const [leading, standing] = leader === ids[0] ? [a, b] : [b, a];
  const follower = ids.find((id) => id !== leader) ?? '';
  await apply([vpcDoc(ns, 'v5', '10.31.5.0/24')]);
  await eventually('v5 Accepted', () => vpcAccepted('v5'));
  const writers = (states: ReadonlyMap<string, ObjectState>): string[] => [...new Set([...states.values()].flatMap((s) => s.managers.filter((m) => m.startsWith('weft-controller/'))))];
  const whileLeading = await snapshot(plane, ns);
  assert.ok(writers(whileLeading).includes(`weft-controller/${leader}`), 'the leader wrote');
  assert.ok(!writers(whileLeading).includes(`weft-controller/${follower}`), `the follower ${follower} wrote nothing`);

  leading.child.kill('SIGKILL'); // no goodbye: the lease has to expire
  await leading.exited;
  await eventually('the other takes the Lease', async () => ((await holder()) === follower ? true : undefined));
  await apply([vpcDoc(ns, 'v6', '10.31.6.0/24')]);
  const v6 = await eventually('v6 Accepted by the new leader', () => vpcAccepted('v6'));
  assert.ok(v6.metadata.name === 'v6');
  const managers = (await snapshot(plane, ns)).get(`VPC/${ns}/v6`)?.managers ?? [];
  assert.ok(managers.includes(`weft-controller/${follower}`), `v6 was written by ${follower}: ${managers.join(', ')}`);
  standing.child.kill('SIGTERM');
  await standing.exited;
});
