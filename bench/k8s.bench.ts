/**
 * `npm run bench:k8s`: Weft on Kubernetes at scale, as a person runs it. A real etcd and
 * kube-apiserver (built once per machine), `weft controller` as its own process (embedded
 * PostgreSQL in a temporary WEFT_DATA, its admission webhook registered), a 2-spine 32-leaf
 * fabric from wiring/generate.ts applied with kubectl before the controller starts; then 1,000
 * VPCs with 1,000 attachments
 * applied with one `kubectl apply -f`. Measured from the start of that kubectl:
 *   - how long kubectl took (every object went through the webhook),
 *   - when every VPC was Accepted,
 *   - when every Agent held every VPC it should (its VRF in the Agent's CONFIG_DB).
 * Target: all of it under 30 s. Prints numbers; asserts nothing (timings are not tests).
 * WEFT_BENCH_WEBHOOK=0 runs the controller without the webhook, for comparison.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { startCluster, stopCluster } from '../apps/cli/dev/cluster.js';
import { ensureTestbin, REPO_ROOT } from '../apps/cli/dev/testbin.js';
import { AGENT_REF, reconciledKind } from '../apps/controller/src/kinds.js';
import { CustomObjects, statusOf } from '../apps/controller/src/kube/client.js';
import { generateIntents, generateWiring, NAMESPACES } from '../wiring/generate.js';

const VPCS = Number(process.env.WEFT_BENCH_VPCS ?? 1000);
const FABRIC = { spines: 2, leaves: 32, servers: VPCS, vpcs: VPCS, subnets: 1, attachments: VPCS };
const WEBHOOK = process.env.WEFT_BENCH_WEBHOOK !== '0';

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A read the apiserver may refuse for a moment (429 while its watch cache reinitialises, 503): tried again after a second, as clients do. */
async function patiently<T>(read: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (e) {
      const status = statusOf(e);
      if (status !== 429 && status !== 503) throw e;
      await sleep(1000);
    }
  }
}

interface Vpc {
  metadata: { name: string; namespace: string };
  status?: { vrf?: string; switches?: string[]; conditions?: { type: string; status: string }[] };
}
interface Agent {
  metadata: { name: string };
  spec?: { configDb?: { VRF?: Record<string, unknown> } };
}

async function main(): Promise<void> {
  const bin = await ensureTestbin((line) => {
    console.error(line);
  });
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-k8s-'));
  // as root, embedded PostgreSQL runs as the postgres user, which must reach its data directory
  chmodSync(dir, 0o755);
  const kubeconfig = join(dir, 'kubeconfig');
  const cluster = await startCluster({ dir: join(dir, 'cluster'), kubeconfig, bin });
  const kubectl = async (...args: string[]): Promise<string> => {
    const r = await run(bin.kubectl, ['--kubeconfig', kubeconfig, ...args]);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.err}`);
    return r.out;
  };
  let controller: ReturnType<typeof spawn> | undefined;
  try {
    await kubectl('apply', '-f', 'crds/');
    await kubectl('wait', '--for=condition=Established', '--timeout=60s', ...readdirSync(join(REPO_ROOT, 'crds')).map((f) => `crd/${f.replace(/\.yaml$/, '')}`));
    for (const ns of NAMESPACES.filter((n) => n !== 'default')) await kubectl('create', 'namespace', ns);
    const wiringFile = join(dir, 'wiring.yaml');
    const intentsFile = join(dir, 'intents.yaml');
    writeFileSync(wiringFile, generateWiring(FABRIC));
    writeFileSync(intentsFile, generateIntents(FABRIC));

    // the fabric goes in before the controller starts (the architecture team's wiring, in bulk);
    // the controller then takes it all at once when it starts
    let started = performance.now();
    await kubectl('apply', '-f', wiringFile);
    controller = spawn(process.execPath, [join(REPO_ROOT, 'bin/weft.js'), 'controller', '--kubeconfig', kubeconfig, '--webhook-port', '0', ...(WEBHOOK ? [] : ['--no-webhook'])], {
      cwd: REPO_ROOT,
      env: { ...process.env, WEFT_DATA: join(dir, 'data'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      controller?.stdout?.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('Weft controller')) resolve();
      });
      controller?.on('exit', (code) => {
        reject(new Error(`weft controller exited ${String(code)}`));
      });
    });

    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const objects = new CustomObjects(kc, 'weft-bench');
    const vpcRef = reconciledKind('VPC');
    const switchRef = reconciledKind('Switch');
    if (vpcRef === undefined || switchRef === undefined) throw new Error('no VPC or Switch kind');

    const switches = FABRIC.spines + FABRIC.leaves;
    for (;;) {
      const agents = (await patiently(() => objects.list(AGENT_REF, { namespace: 'weft-system' }))).items;
      if (agents.length === switches) break;
      await sleep(250);
    }
    console.log(`fabric: ${switches} switches, ${FABRIC.servers} servers, ${FABRIC.servers + FABRIC.spines * FABRIC.leaves} connections applied, the controller started, an Agent per switch: ${seconds(performance.now() - started)}`);
    await sleep(2000);

    started = performance.now();
    const applied = await kubectl('apply', '-f', intentsFile);
    const kubectlMs = performance.now() - started;
    const count = applied.split('\n').filter((l) => l.trim() !== '').length;
    console.log(`kubectl apply of ${count} objects (1 FabricPolicy, ${VPCS} VPCs, ${VPCS} attachments${WEBHOOK ? ', each through the webhook' : ''}): ${seconds(kubectlMs)}`);
    let acceptedMs: number | undefined;
    let heldMs: number | undefined;
    while (heldMs === undefined) {
      const vpcs = (await patiently(() => objects.list(vpcRef))).items as unknown as Vpc[];
      const accepted = vpcs.filter((v) => v.status?.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True') === true);
      if (acceptedMs === undefined && accepted.length === VPCS) acceptedMs = performance.now() - started;
      if (accepted.length === VPCS) {
        const agents = new Map(((await patiently(() => objects.list(AGENT_REF, { namespace: 'weft-system' }))).items as unknown as Agent[]).map((a) => [a.metadata.name, new Set(Object.keys(a.spec?.configDb?.VRF ?? {}))]));
        const missing = accepted.filter((v) => (v.status?.switches ?? []).some((sw) => !(agents.get(sw)?.has(v.status?.vrf ?? '') ?? false)));
        if (missing.length === 0 && accepted.every((v) => (v.status?.switches ?? []).length > 0)) heldMs = performance.now() - started;
      }
      if (performance.now() - started > 600_000) throw new Error(`not converged in 10 min: ${accepted.length}/${VPCS} Accepted`);
      if (heldMs === undefined) await sleep(250);
    }
    console.log(`every VPC Accepted: ${seconds(acceptedMs ?? Number.NaN)} after kubectl started`);
    console.log(`every Agent holds its VPCs: ${seconds(heldMs)} after kubectl started (target under 30 s)`);
    console.log(`machine load average while running: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores, shared)`);
  } finally {
    controller?.kill('SIGTERM');
    if (controller !== undefined && controller.exitCode === null) await new Promise((resolve) => controller?.on('exit', resolve));
    await stopCluster(cluster.dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
