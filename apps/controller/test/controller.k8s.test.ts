/**
 * Weft on a real kube-apiserver: the lab applied with kubectl, reconciled by `weft serve
 * --kubeconfig` (the controller and REST on one store), admission with `weft validate`'s
 * diagnostics, Kubernetes-owned objects read-only over REST, generations, finalizers, Agents.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../api/src/config.js';
import { serve, type RunningService } from '../../api/src/main.js';
import { freePort } from '../../api/src/net.js';
import { startTestDatabase, type TestDatabase } from '../../api/test/support/postgres.js';
import { controllerServices } from '../src/serve-services.js';
import {
  REPO_ROOT,
  TEST_LABEL,
  controlPlane,
  eventually,
  freshNamespace,
  getJson,
  installCrds,
  kubectl,
  kubectlOk,
  readDocs,
  scoped,
  yamlFile,
  type ControlPlane,
} from './support/kube.js';

const env = await controlPlane();
const skip = env.skip;
const ADMIN = 'controller-test-admin-token';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message?: string;
  lastTransitionTime?: string;
}
interface Obj {
  metadata: { name: string; namespace?: string; generation?: number; deletionTimestamp?: string; finalizers?: string[] };
  spec: Record<string, unknown>;
  status?: { observedGeneration?: number; conditions?: Condition[]; vrf?: string; vni?: number; isolation?: string; subnets?: Record<string, { vlan?: number; vni?: number }>; switches?: string[] };
}
interface AgentObj {
  metadata: { name: string };
  spec: { switch: string; generation: number; configDb?: Record<string, Record<string, unknown>>; frr?: string; vyos?: string };
}

let plane: ControlPlane;
let ns: string;
let pg: TestDatabase;
let service: RunningService;

const accepted = (o: Obj): boolean => o.status?.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True') === true;
const items = async <T>(kind: string): Promise<T[]> => (await getJson<{ items: T[] }>(plane, [kind, '-n', ns])).items;
const rest = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

before(async () => {
  if (env.plane === undefined) return;
  plane = env.plane;
  await installCrds(plane);
  ns = await freshNamespace(plane);
  pg = await startTestDatabase();
  const config = loadConfig({ DATABASE_URL: pg.url, PORT: String(await freePort()), HOST: '127.0.0.1', WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'error' });
  service = await serve(
    config,
    controllerServices({
      kubeconfig: plane.kc,
      namespace: ns,
      labelSelector: `${TEST_LABEL}=${ns}`,
      leaderElection: false,
      webhook: { host: '127.0.0.1', port: 0, url: 'https://127.0.0.1:{port}/validate', configuration: `weft-${ns}`, unregisterOnStop: true },
    }),
    { announce: () => undefined, writeLog: () => undefined, handleSignals: false },
  );
});

after(async () => {
  if (env.plane === undefined) return;
  await service.stop();
  await pg.stop();
});

/** The lab's wiring and intents, labelled for this file, every namespaced object in its namespace. */
const lab = (): string => yamlFile(scoped(readDocs('wiring/lab.yaml', 'examples/lab'), ns, ns));

test('kubectl apply of the lab: every VPC Accepted with its numbers, every object Accepted, one Agent per switch', { skip }, async (t) => {
  const started = Date.now();
  const applied = await kubectl(plane, ['apply', '-f', lab()]);
  t.diagnostic(`kubectl apply of ${applied.stdout.split('\n').length - 1} objects: ${Date.now() - started} ms`);
  assert.equal(applied.status, 0, applied.stderr);
  assert.match(applied.stdout, /vpc\.vpc\.weft\.dev\/blue created/);

  const vpcs = await eventually('every VPC Accepted', async () => {
    const list = await items<Obj>('vpcs');
    return list.length === 3 && list.every(accepted) ? list : undefined;
  });
  const blue = vpcs.find((v) => v.metadata.name === 'blue')?.status;
  assert.ok(blue !== undefined);
  assert.equal(blue.isolation, 'evpn-l3vni');
  assert.match(blue.vrf ?? '', /^Vrf\d+$/);
  assert.equal(typeof blue.vni, 'number');
  assert.deepEqual(Object.keys(blue.subnets ?? {}).sort(), ['app', 'db', 'web']);
  assert.equal(blue.observedGeneration, 1);
  for (const c of blue.conditions ?? []) assert.match(c.lastTransitionTime ?? '', /^\d{4}-\d\d-\d\dT/, `${c.type} has a transition time`);

  // what a person sees
  const table = await kubectlOk(plane, ['get', 'vpcs', '-n', ns]);
  const row = table.split('\n').find((line) => line.startsWith('blue '));
  assert.match(row ?? '', new RegExp(`^blue\\s+acme\\s+evpn-l3vni\\s+${blue.vrf ?? ''}\\s+${String(blue.vni)}\\s+True\\s`));

  for (const kind of ['vpcattachments', 'vpcpeerings', 'externals', 'externalattachments', 'externalpeerings']) {
    await eventually(`every ${kind} Accepted`, async () => ((await items<Obj>(kind)).every(accepted) ? true : undefined));
  }
  for (const kind of ['switches', 'servers', 'connections', 'fabricpolicies', 'configtemplates']) {
    await eventually(`every ${kind} Accepted`, async () => {
      const list = (await getJson<{ items: Obj[] }>(plane, [kind, '-l', `${TEST_LABEL}=${ns}`])).items;
      return list.length > 0 && list.every(accepted) ? true : undefined;
    });
  }

  const agents = await eventually('one Agent per switch, leaf1 with blue', async () => {
    const list = await items<AgentObj>('agents');
    const leaf1VRFs = Object.keys(list.find((a) => a.metadata.name === 'leaf1')?.spec.configDb?.VRF ?? {});
    return list.length === 7 && leaf1VRFs.includes(blue.vrf ?? '?') ? list : undefined;
  });
  assert.deepEqual(agents.map((a) => a.metadata.name).sort(), ['border1', 'leaf1', 'leaf2', 'leaf3', 'leaf4', 'spine1', 'spine2']);
  const leaf1 = agents.find((a) => a.metadata.name === 'leaf1');
  assert.ok((leaf1?.spec.generation ?? 0) >= 1);
  assert.ok(Object.keys(leaf1?.spec.configDb?.VRF ?? {}).includes(blue.vrf ?? '?'), 'leaf1 carries blue (server1 is in blue/web)');
  assert.match(agents.find((a) => a.metadata.name === 'border1')?.spec.vyos ?? '', /^set /m);
  // and each switch has its agent's ServiceAccount, limited to its own Agent
  assert.match(await kubectlOk(plane, ['get', 'serviceaccount', 'weft-agent-leaf1', '-n', ns, '-o', 'name']), /weft-agent-leaf1/);
});

/** `weft validate`'s lines for these files, without the file:line it adds. */
function validateLines(...files: string[]): string[] {
  const r = spawnSync(process.execPath, ['bin/weft.js', 'validate', '-f', 'wiring/lab.yaml', '-f', 'examples/lab', ...files.flatMap((f) => ['-f', f])], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 1);
  return r.stderr
    .split('\n')
    .filter((line) => /^error WF/.test(line))
    .map((line) => line.replace(/ \([^)]*:\d+\)/, '').replaceAll('default/', `${ns}/`));
}

test('an invalid object is refused at admission with the diagnostics weft validate prints', { skip }, async () => {
  await eventually('the lab is in', async () => ((await items<Obj>('vpcs')).every(accepted) ? true : undefined));
  const portTwice = await kubectl(plane, ['apply', '-f', yamlFile(scoped(readDocs('examples/invalid/port-used-twice.yaml'), ns, ns))]);
  assert.notEqual(portTwice.status, 0);
  assert.match(portTwice.stderr, /admission webhook "validate\.weft\.dev" denied the request: Connection server8--leaf1 refused by Weft \(1 error\):/);
  const [wf203] = validateLines('examples/invalid/port-used-twice.yaml');
  assert.match(wf203 ?? '', /^error WF203 Connection server8--leaf1 spec\.unbundled\.switch: port leaf1\/Ethernet0 is already used by Connection server1--leaf1$/);
  assert.ok(portTwice.stderr.includes(wf203 ?? '?'), `kubectl shows ${wf203 ?? ''}:\n${portTwice.stderr}`);
  assert.match(portTwice.stderr, /hint: a port belongs to at most one connection/);
  assert.equal((await kubectl(plane, ['get', 'connection', 'server8--leaf1'])).status, 1, 'nothing was stored');

  const missing = await kubectl(plane, ['apply', '-f', yamlFile(scoped(readDocs('examples/invalid/missing-connection.yaml'), ns, ns))]);
  assert.notEqual(missing.status, 0);
  const [wf307] = validateLines('examples/invalid/missing-connection.yaml');
  assert.match(wf307 ?? '', /^error WF307 VPCAttachment .*\/server9-missing-connection-web spec\.connection: no Connection named "server9--leaf1"$/);
  assert.ok(missing.stderr.includes(wf307 ?? '?'), missing.stderr);
  assert.match(missing.stdout, /vpc\.vpc\.weft\.dev\/missing-connection created/, 'the valid VPC of the file goes in; the attachment does not');

  // deleting what others use is refused too, naming them
  const del = await kubectl(plane, ['delete', 'vpc', 'green', '-n', ns, '--wait=false']);
  assert.notEqual(del.status, 0);
  assert.match(del.stderr, new RegExp(`VPC ${ns}/green is still in use`));
  assert.match(del.stderr, /error WF305 VPCAttachment .*server2-green-api spec\.subnet: no valid VPC/);
  assert.equal((await getJson<Obj>(plane, ['vpc', 'green', '-n', ns])).metadata.deletionTimestamp, undefined);
  await kubectlOk(plane, ['delete', 'vpc', 'missing-connection', '-n', ns]);
});

test('objects created with kubectl are read-only over REST: 409 naming the object', { skip }, async () => {
  const blue = await eventually('blue over REST', async () => {
    const r = await rest('GET', `/api/v1/vpcs/blue?namespace=${ns}`);
    return r.status === 200 ? r.body : undefined;
  });
  const metadata = blue.metadata as { annotations?: Record<string, string> };
  assert.equal(metadata.annotations?.['weft.dev/owner'], 'kubernetes');
  const replace = await rest('PUT', `/api/v1/vpcs/blue?namespace=${ns}`, { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'blue' }, spec: blue.spec });
  assert.equal(replace.status, 409);
  assert.match(String(replace.body.message), new RegExp(`VPC ${ns}/blue is owned by its Kubernetes object; change it with kubectl`));
  assert.equal((await rest('DELETE', `/api/v1/vpcs/blue?namespace=${ns}`)).status, 409);
  // REST may still create what Kubernetes does not have; the controller then refuses to take the name
  const created = await rest('POST', '/api/v1/vpcs', { metadata: { name: 'api-made', namespace: ns }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.88.0.0/24' } } } });
  assert.equal(created.status, 201);
  const clash = await kubectl(plane, ['apply', '-f', yamlFile(scoped([{ apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name: 'api-made', namespace: ns }, spec: { tenant: 'acme', subnets: { web: { cidr: '10.88.0.0/24' } } } }], ns))]);
  assert.notEqual(clash.status, 0);
  assert.match(clash.stderr, /exists in Weft already, created through its API/);
});

test('a spec change is a new generation; the tenant cannot change', { skip }, async () => {
  await kubectlOk(plane, ['patch', 'vpc', 'green', '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { subnets: { extra: { cidr: '10.20.9.0/24' } } } })]);
  const green = await eventually('generation 2 observed', async () => {
    const v = (await getJson<Obj>(plane, ['vpc', 'green', '-n', ns]));
    return v.status?.observedGeneration === 2 && v.status.subnets?.extra !== undefined ? v : undefined;
  });
  assert.equal(green.metadata.generation, 2);
  assert.ok(accepted(green));
  const tenant = await kubectl(plane, ['patch', 'vpc', 'green', '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { tenant: 'globex' } })]);
  assert.notEqual(tenant.status, 0);
  assert.match(tenant.stderr, /the tenant of a VPC cannot change/);
});

test('an agent reporting its generation makes the VPCs it carries Ready', { skip }, async () => {
  const blue = (await getJson<Obj>(plane, ['vpc', 'blue', '-n', ns]));
  assert.ok((blue.status?.switches ?? []).length > 0);
  for (const sw of blue.status?.switches ?? []) {
    const agent = (await getJson<AgentObj>(plane, ['agent', sw, '-n', ns]));
    const status = { appliedGeneration: agent.spec.generation, lastHeartbeat: new Date().toISOString(), conditions: [{ type: 'Applied', status: 'True', reason: 'Applied' }] };
    await kubectlOk(plane, ['patch', 'agent', sw, '-n', ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  }
  await eventually('blue Ready', async () => {
    const v = (await getJson<Obj>(plane, ['vpc', 'blue', '-n', ns]));
    return v.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true ? true : undefined;
  });
});

test('a deleted VPC leaves every Agent before it is gone (finalizer)', { skip }, async () => {
  const shop = (await getJson<Obj>(plane, ['vpc', 'shop', '-n', ns]));
  const vrf = shop.status?.vrf ?? '?';
  assert.deepEqual(shop.metadata.finalizers, ['weft.dev/controller']);
  const carrying = async (): Promise<string[]> =>
    (await items<AgentObj>('agents')).filter((a) => Object.keys(a.spec.configDb?.VRF ?? {}).includes(vrf) || (a.spec.frr ?? '').includes(`vrf ${vrf}`)).map((a) => a.metadata.name);
  assert.deepEqual(await carrying(), ['leaf3'], 'server5 on leaf3 is in shop/front');
  await kubectlOk(plane, ['delete', 'vpcattachment', 'server5-shop-front', '-n', ns]);
  await kubectlOk(plane, ['delete', 'vpc', 'shop', '-n', ns]);
  // kubectl returned when the object was gone, which the controller allowed only after the Agents changed
  assert.equal((await kubectl(plane, ['get', 'vpc', 'shop', '-n', ns])).status, 1);
  assert.deepEqual(await carrying(), []);
  assert.equal((await rest('GET', `/api/v1/vpcs/shop?namespace=${ns}`)).status, 404);
});
