/**
 * A real kube-apiserver and etcd for the Kubernetes tests. `npm test` starts one control plane
 * for the whole run (scripts/test.sh, WEFT_TEST_KUBECONFIG); a test file run alone starts its own.
 * Each file works in a fresh namespace and labels what it creates with `weft.dev/test=<that
 * namespace>`, and its controller selects on that label, so files running side by side on one
 * control plane never see each other's objects.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { dump, loadAll } from 'js-yaml';
import { startCluster, stopCluster, type ClusterState } from '../../../cli/dev/cluster.js';
import { ensureTestbin, REPO_ROOT, type Testbin } from '../../../cli/dev/testbin.js';

export { REPO_ROOT };

export interface ControlPlane {
  readonly kubeconfig: string;
  readonly kc: k8s.KubeConfig;
  readonly kubectlPath: string;
  /** the state directory of a control plane this file started (undefined for the shared one) */
  readonly clusterDir?: string;
}

export type Environment = { readonly plane: ControlPlane; readonly skip?: undefined } | { readonly plane?: undefined; readonly skip: string };

function kubeconfigFrom(path: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

async function testbin(): Promise<Testbin | string> {
  try {
    return await ensureTestbin((line) => {
      process.stderr.write(`${line}\n`);
    });
  } catch (e) {
    const why = `kube-apiserver and etcd are not available: ${e instanceof Error ? e.message : String(e)}`;
    if (process.env.CI === 'true') throw new Error(why);
    return why;
  }
}

/** Starts a control plane of this file's own, stopped when the file ends. */
export async function privateControlPlane(): Promise<Environment> {
  const bin = await testbin();
  if (typeof bin === 'string') return { skip: bin };
  const dir = mkdtempSync(join(tmpdir(), 'weft-k8s-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const state: ClusterState = await startCluster({ dir: join(dir, 'cluster'), kubeconfig, bin });
  after(async () => {
    await stopCluster(state.dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return { plane: { kubeconfig, kc: kubeconfigFrom(kubeconfig), kubectlPath: bin.kubectl, clusterDir: state.dir } };
}

/** The run's shared control plane, or one of this file's own when the file runs alone. */
export async function controlPlane(): Promise<Environment> {
  const shared = process.env.WEFT_TEST_KUBECONFIG;
  if (shared === undefined || shared === '') return privateControlPlane();
  const bin = await testbin();
  if (typeof bin === 'string') return { skip: bin };
  return { plane: { kubeconfig: shared, kc: kubeconfigFrom(shared), kubectlPath: bin.kubectl } };
}

export interface KubectlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * kubectl as a child process, asynchronously: the controller and its webhook often run in the
 * test's own process, and a synchronous spawn would stop them from answering the apiserver.
 */
export function kubectl(plane: ControlPlane, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(plane.kubectlPath, ['--kubeconfig', plane.kubeconfig, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** kubectl that must succeed; its output. */
export async function kubectlOk(plane: ControlPlane, args: readonly string[], input?: string): Promise<string> {
  const r = await kubectl(plane, args, input);
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}`);
  return r.stdout;
}

/** Every CRD of crds/, applied server-side (idempotent, safe from two files at once) and established. */
export async function installCrds(plane: ControlPlane): Promise<void> {
  await kubectlOk(plane, ['apply', '--server-side', '--force-conflicts', '--field-manager=weft-tests', '-f', 'crds/']);
  const names = readdirSync(join(REPO_ROOT, 'crds'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `crd/${f.replace(/\.yaml$/, '')}`);
  await kubectlOk(plane, ['wait', '--for=condition=Established', '--timeout=60s', ...names]);
}

/** A namespace of this test file's own. */
export async function freshNamespace(plane: ControlPlane, prefix = 'weft-test'): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kubectlOk(plane, ['create', 'namespace', name]);
  return name;
}

export const TEST_LABEL = 'weft.dev/test';

export type Doc = Record<string, unknown> & { kind: string; metadata: Record<string, unknown> & { name: string; namespace?: string; labels?: Record<string, string> } };

/** The documents of YAML files (Namespaces and comments dropped), as plain objects. */
export function readDocs(...paths: string[]): Doc[] {
  const docs: Doc[] = [];
  for (const path of paths) {
    const full = join(REPO_ROOT, path);
    const files = path.endsWith('.yaml') ? [full] : readdirSync(full).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(full, f));
    for (const file of files) {
      for (const doc of loadAll(readFileSync(file, 'utf8'))) {
        if (typeof doc === 'object' && doc !== null && (doc as Doc).kind !== 'Namespace') docs.push(doc as Doc);
      }
    }
  }
  return docs;
}

/** The documents with this file's label, and namespaced ones moved into `namespace`. */
export function scoped(docs: readonly Doc[], label: string, namespace?: string): Doc[] {
  return docs.map((doc) => ({
    ...doc,
    metadata: {
      ...doc.metadata,
      labels: { ...(doc.metadata.labels ?? {}), [TEST_LABEL]: label },
      ...(namespace !== undefined && doc.metadata.namespace !== undefined ? { namespace } : {}),
    },
  }));
}

/** Writes the documents to a temporary YAML file (for kubectl -f); removed when the file's tests end. */
export function yamlFile(docs: readonly unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-yaml-'));
  const path = join(dir, 'objects.yaml');
  writeFileSync(path, docs.map((d) => dump(d, { lineWidth: -1 })).join('---\n'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last === undefined ? '' : ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})`}`);
    await sleep(100);
  }
}

/** `kubectl get` as JSON. */
export async function getJson<T = Record<string, unknown>>(plane: ControlPlane, args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectlOk(plane, ['get', ...args, '-o', 'json'])) as T;
}

/**
 * A small fabric of this file's own, with names no other file uses (cluster-scoped objects are
 * shared by every namespace): a spine, two leaves, a server on each leaf, no FabricPolicy.
 */
export function smallFabric(prefix: string): Doc[] {
  const wiring = 'wiring.weft.dev/v1alpha1';
  const sw = (name: string, role: string): Doc => ({ apiVersion: wiring, kind: 'Switch', metadata: { name: `${prefix}-${name}` }, spec: { role, os: 'sonic' } });
  const server = (name: string): Doc => ({ apiVersion: wiring, kind: 'Server', metadata: { name: `${prefix}-${name}` }, spec: {} });
  const connection = (name: string, spec: Record<string, unknown>): Doc => ({ apiVersion: wiring, kind: 'Connection', metadata: { name: `${prefix}-${name}` }, spec });
  return [
    sw('spine1', 'spine'),
    sw('leaf1', 'leaf'),
    sw('leaf2', 'leaf'),
    server('srv1'),
    server('srv2'),
    connection('spine1--leaf1', { fabric: { spine: `${prefix}-spine1/Ethernet0`, leaf: `${prefix}-leaf1/Ethernet48` } }),
    connection('spine1--leaf2', { fabric: { spine: `${prefix}-spine1/Ethernet4`, leaf: `${prefix}-leaf2/Ethernet48` } }),
    connection('srv1--leaf1', { unbundled: { server: `${prefix}-srv1/eth0`, switch: `${prefix}-leaf1/Ethernet0` } }),
    connection('srv2--leaf2', { unbundled: { server: `${prefix}-srv2/eth0`, switch: `${prefix}-leaf2/Ethernet0` } }),
  ];
}

/** A VPC with one subnet, in `namespace`. */
export function vpcDoc(namespace: string, name: string, cidr: string, tenant = 'acme'): Doc {
  return { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name, namespace }, spec: { tenant, subnets: { web: { cidr } } } };
}

/** An attachment of `<vpc>/web` to a connection. */
export function attachmentDoc(namespace: string, name: string, vpc: string, connection: string): Doc {
  return { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCAttachment', metadata: { name, namespace }, spec: { subnet: `${vpc}/web`, connection, nativeVLAN: true } };
}

export interface ObjectState {
  readonly kind: string;
  readonly name: string;
  readonly resourceVersion: string;
  readonly generation?: number;
  readonly spec: unknown;
  readonly status: unknown;
  readonly managers: readonly string[];
}

/** Every labelled Weft object and every Agent of `namespace`: what a test compares before and after. */
export async function snapshot(plane: ControlPlane, namespace: string): Promise<Map<string, ObjectState>> {
  const kinds = ['switches', 'servers', 'connections', 'vpcs', 'vpcattachments'];
  const out = new Map<string, ObjectState>();
  const add = (item: { kind: string; metadata: { name: string; namespace?: string; resourceVersion: string; generation?: number; managedFields?: { manager: string }[] }; spec: unknown; status?: unknown }): void => {
    out.set(`${item.kind}/${item.metadata.namespace ?? ''}/${item.metadata.name}`, {
      kind: item.kind,
      name: item.metadata.name,
      resourceVersion: item.metadata.resourceVersion,
      ...(item.metadata.generation === undefined ? {} : { generation: item.metadata.generation }),
      spec: item.spec,
      status: item.status,
      managers: [...new Set((item.metadata.managedFields ?? []).map((m) => m.manager))].sort(),
    });
  };
  for (const kind of kinds) {
    const list = await getJson<{ items: Parameters<typeof add>[0][] }>(plane, [kind, '-A', '-l', `${TEST_LABEL}=${namespace}`, '--show-managed-fields']);
    list.items.forEach(add);
  }
  (await getJson<{ items: Parameters<typeof add>[0][] }>(plane, ['agents', '-n', namespace, '--show-managed-fields'])).items.forEach(add);
  return out;
}

/**
 * A KubeConfig that acts as `account` in `namespace`: a bound token from the TokenRequest API, on
 * the plane's server and CA (what an agent runs with, limited by its Role).
 */
export async function serviceAccountKubeConfig(plane: ControlPlane, namespace: string, account: string): Promise<k8s.KubeConfig> {
  const core = plane.kc.makeApiClient(k8s.CoreV1Api);
  const request = await core.createNamespacedServiceAccountToken({ name: account, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
  const token = request.status?.token;
  if (token === undefined || token === '') throw new Error(`no token for ServiceAccount ${namespace}/${account}`);
  const cluster = plane.kc.getCurrentCluster();
  if (cluster === null) throw new Error('the control plane has no current cluster');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: cluster.server, caData: cluster.caData }],
    users: [{ name: account, token }],
    contexts: [{ name: 'c', cluster: 'c', user: account }],
    currentContext: 'c',
  });
  return kc;
}
