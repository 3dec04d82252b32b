/**
 * A real etcd and kube-apiserver on loopback, as envtest runs them (section 7 of the research
 * note): a throwaway PKI, RBAC, no controllers, the ServiceAccount admission plugin off. The
 * processes outlive the command that starts them; everything about them (PIDs, ports, flags,
 * PKI, logs, etcd's data) lives in one state directory, and `stopCluster` removes it.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dump } from 'js-yaml';
import { freePort } from '../../api/src/net.js';
import { createCertificateAuthority, createSigningKey, issueCertificate, type KeyPairPem } from '../../controller/src/tls/pki.js';
import type { Testbin } from './testbin.js';

const STATE_FILE = 'state.json';
const START_TIMEOUT_MS = 120_000;

interface ProcessState {
  readonly pid: number;
  readonly binary: string;
  readonly args: readonly string[];
  readonly log: string;
}

export interface ClusterState {
  readonly dir: string;
  /** https://127.0.0.1:PORT */
  readonly server: string;
  readonly kubeconfig: string;
  readonly etcdUrl: string;
  readonly etcd: ProcessState;
  readonly apiserver: ProcessState;
  readonly startedAt: string;
}

export interface StartOptions {
  /** the state directory (PKI, logs, etcd data, PIDs) */
  readonly dir: string;
  /** where the admin kubeconfig goes */
  readonly kubeconfig: string;
  readonly bin: Testbin;
  readonly log?: (line: string) => void;
}

/** Starts etcd and kube-apiserver, waits until the apiserver is ready, writes the kubeconfig. */
export async function startCluster(options: StartOptions): Promise<ClusterState> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => undefined);
  await mkdir(join(dir, 'pki'), { recursive: true, mode: 0o700 });
  const pki = await writePki(join(dir, 'pki'));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const etcd = launch(options.bin.etcd, etcdArgs(dir, etcdUrl, `http://127.0.0.1:${peerPort}`), join(dir, 'etcd.log'));
  const server = `https://127.0.0.1:${apiPort}`;
  let apiserver: ProcessState | undefined;
  try {
    log(`etcd on ${etcdUrl} (pid ${etcd.pid})`);
    await waitFor('etcd', etcd, () => httpOk(`${etcdUrl}/health`));
    apiserver = launch(options.bin.kubeApiserver, apiserverArgs(dir, etcdUrl, apiPort), join(dir, 'kube-apiserver.log'));
    const state: ClusterState = { dir, server, kubeconfig: resolve(options.kubeconfig), etcdUrl, etcd, apiserver, startedAt: new Date().toISOString() };
    await writeFile(join(dir, STATE_FILE), JSON.stringify(state, null, 2));
    log(`kube-apiserver on ${server} (pid ${apiserver.pid})`);
    await waitForApiserver(server, pki, apiserver);
    await writeKubeconfig(options.kubeconfig, server, pki.ca, pki.admin, 'admin');
    return state;
  } catch (e) {
    if (apiserver !== undefined) await terminate(apiserver);
    await terminate(etcd);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The state of a cluster started in `dir`, or undefined when there is none. */
export async function readCluster(dir: string): Promise<ClusterState | undefined> {
  try {
    return JSON.parse(await readFile(join(resolve(dir), STATE_FILE), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/** Both processes of the state directory still run. */
export function clusterRunning(state: ClusterState): boolean {
  return ours(state.etcd) && ours(state.apiserver);
}

/** Stops the apiserver, then etcd (by PID, each only if it still runs our binary), and removes `dir`. */
export async function stopCluster(dir: string): Promise<boolean> {
  const state = await readCluster(dir);
  if (state !== undefined) {
    await terminate(state.apiserver);
    await terminate(state.etcd);
  }
  await rm(resolve(dir), { recursive: true, force: true });
  return state !== undefined;
}

/** Stops kube-apiserver and starts it again with the same flags (tests of a controller's resilience). */
export async function restartApiserver(dir: string, downtimeMs = 0): Promise<ClusterState> {
  const state = await readCluster(dir);
  if (state === undefined) throw new Error(`no cluster in ${dir}`);
  await terminate(state.apiserver);
  if (downtimeMs > 0) await sleep(downtimeMs);
  const apiserver = launch(state.apiserver.binary, state.apiserver.args, state.apiserver.log);
  const next: ClusterState = { ...state, apiserver };
  await writeFile(join(state.dir, STATE_FILE), JSON.stringify(next, null, 2));
  await waitForApiserver(state.server, readPki(join(state.dir, 'pki')), apiserver);
  return next;
}

interface Pki {
  readonly ca: KeyPairPem;
  readonly admin: KeyPairPem;
}

async function writePki(dir: string): Promise<Pki> {
  const ca = await createCertificateAuthority('weft-dev-cluster-ca');
  const serving = await issueCertificate(ca, {
    commonName: 'kube-apiserver',
    usage: 'server',
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    ipAddresses: ['127.0.0.1', '10.0.0.1'],
  });
  const admin = await issueCertificate(ca, { commonName: 'admin', organizations: ['system:masters'], usage: 'client' });
  const sa = await createSigningKey();
  const files: Record<string, string> = {
    'ca.crt': ca.cert,
    'ca.key': ca.key,
    'apiserver.crt': serving.cert,
    'apiserver.key': serving.key,
    'admin.crt': admin.cert,
    'admin.key': admin.key,
    'sa.key': sa.privateKey,
    'sa.pub': sa.publicKey,
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content, { mode: 0o600 });
  return { ca: { cert: ca.cert, key: ca.key }, admin };
}

function readPki(dir: string): Pki {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { ca: { cert: read('ca.crt'), key: read('ca.key') }, admin: { cert: read('admin.crt'), key: read('admin.key') } };
}

/** A kubeconfig with one cluster and one certificate user; mode 600 (it holds a key). */
export async function writeKubeconfig(path: string, server: string, ca: KeyPairPem, user: KeyPairPem, userName: string): Promise<void> {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'weft-dev', cluster: { server, 'certificate-authority-data': b64(ca.cert) } }],
    users: [{ name: userName, user: { 'client-certificate-data': b64(user.cert), 'client-key-data': b64(user.key) } }],
    contexts: [{ name: 'weft-dev', context: { cluster: 'weft-dev', user: userName } }],
    'current-context': 'weft-dev',
  };
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(path, dump(config, { lineWidth: -1 }), { mode: 0o600 });
  await chmod(path, 0o600);
}

function etcdArgs(dir: string, clientUrl: string, peerUrl: string): string[] {
  return [
    '--name=weft-dev',
    `--data-dir=${join(dir, 'etcd-data')}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=weft-dev=${peerUrl}`,
    // a throwaway cluster: losing the last writes on a power cut is fine, waiting for disks is not
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

function apiserverArgs(dir: string, etcdUrl: string, port: number): string[] {
  const pki = join(dir, 'pki');
  return [
    `--etcd-servers=${etcdUrl}`,
    '--bind-address=127.0.0.1',
    // never look for a default route (sandboxes may have none)
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${pki}`,
    `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
    `--client-ca-file=${join(pki, 'ca.crt')}`,
    `--service-account-issuer=https://127.0.0.1:${port}`,
    `--service-account-key-file=${join(pki, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--authorization-mode=RBAC',
    // no controllers run here, so nothing would ever mint the tokens this plugin waits for
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    // a loopback address is not a valid endpoint of the `kubernetes` Service
    '--endpoint-reconciler-type=none',
    '--profiling=false',
  ];
}

function launch(binary: string, args: readonly string[], log: string): ProcessState {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd] });
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start ${binary}`);
    return { pid: child.pid, binary, args, log };
  } finally {
    closeSync(fd);
  }
}

/** The PID still runs this binary (PIDs are reused; never signal somebody else's process). */
function ours(process_: ProcessState): boolean {
  try {
    const cmdline = readFileSync(`/proc/${process_.pid}/cmdline`, 'utf8').split('\0');
    return cmdline[0] === process_.binary;
  } catch {
    return false;
  }
}

async function terminate(process_: ProcessState): Promise<void> {
  if (!ours(process_)) return;
  try {
    process.kill(process_.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && ours(process_); i += 1) await sleep(100);
  if (ours(process_)) {
    try {
      process.kill(process_.pid, 'SIGKILL');
    } catch {
      // gone in between
    }
    for (let i = 0; i < 50 && ours(process_); i += 1) await sleep(100);
  }
}

function tail(path: string, lines = 30): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}

async function waitFor(what: string, process_: ProcessState, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!ours(process_)) throw new Error(`${what} exited while starting; the end of ${process_.log}:\n${tail(process_.log)}`);
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what} was not ready within ${START_TIMEOUT_MS / 1000} s; the end of ${process_.log}:\n${tail(process_.log)}`);
}

/** /readyz, then the `default` namespace (created by the apiserver's own bootstrap). */
async function waitForApiserver(server: string, pki: Pki, process_: ProcessState): Promise<void> {
  const tls = { ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key };
  await waitFor('kube-apiserver', process_, () => httpsOk(`${server}/readyz`, tls));
  await waitFor('kube-apiserver (namespace default)', process_, () => httpsOk(`${server}/api/v1/namespaces/default`, tls));
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolveOk) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolveOk(res.statusCode === 200);
    });
    req.on('error', () => {
      resolveOk(false);
    });
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function httpsOk(url: string, tls: { ca: string; cert: string; key: string }): Promise<boolean> {
  return new Promise((resolveOk) => {
    const req = request(url, { ...tls, timeout: 2000 }, (res) => {
      res.resume();
      resolveOk(res.statusCode === 200);
    });
    req.on('error', () => {
      resolveOk(false);
    });
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
