/**
 * `npm run bench:lab` (as root): the virtual lab, measured from the outside as a user meets it.
 *
 *  1. The sample fabric (wiring/lab.yaml + examples/lab, 7 switches, real `weft agent` each). Each
 *     round creates a VPC and two attachments on leaf1 and leaf4 through the API (three writes) and
 *     measures from the first write until (a) every agent whose generation moved has applied it,
 *     and (b) the first ping between the two servers is answered. Then it deletes the attachments.
 *  2. 2 spines + 32 leaves (wiring/generate.ts, 32 servers, 4 VPCs): `weft lab up` until every
 *     BGP session is Established (the time `up` prints when FRR confirms it), and the memory of
 *     each switch: the PSS and RSS of its Redis, zebra, bgpd, staticd and agent.
 *
 * Prints numbers (targets: p50 under 1 s to applied, under 5 s to first ping; BGP under 30 s;
 * under 40 MB per switch) and asserts nothing. WEFT_BENCH_LAB=sample|scale picks one part;
 * WEFT_BENCH_ROUNDS sets the rounds of the first (default 5).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { LabPlan } from '#lab';
import { LabApi } from '../apps/lab/src/api.js';
import { daemonPid, frrPaths } from '../apps/lab/src/frr.js';
import { readState, switchDir } from '../apps/lab/src/lab-state.js';
import { missingPrerequisites } from '../apps/lab/src/prereqs.js';
import { currentServerAddresses } from '../apps/lab/src/shim/servers.js';
import { agentObjects } from '../apps/lab/src/status.js';
import { inNetns, run } from '../apps/lab/src/system.js';
import { generateFabric } from '../wiring/generate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEFT = join(ROOT, 'bin/weft.js');
const ROUNDS = Number(process.env.WEFT_BENCH_ROUNDS ?? 5);
const PART = process.env.WEFT_BENCH_LAB ?? 'both';
const VPC_API = 'vpc.weft.dev/v1alpha1';
const SAMPLE = ['wiring/lab.yaml', 'examples/lab/policy.yaml', 'examples/lab/templates.yaml'];

interface Lab {
  readonly dir: string;
  readonly plan: LabPlan;
  readonly api: LabApi;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

/** `weft lab ...` as a child process; progress lines are echoed with the bench's prefix. */
function weftLab(args: readonly string[], echo: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEFT, 'lab', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (echo) process.stdout.write(chunk.replace(/^(?=.)/gm, '  | '));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

async function up(files: readonly string[], prefix: string, timeoutSeconds: number): Promise<{ lab: Lab; stdout: string; wallMs: number }> {
  const dir = await mkdtemp('/tmp/wl-bench-');
  const started = performance.now();
  const result = await weftLab(['up', '--dir', dir, '--prefix', prefix, '--timeout', String(timeoutSeconds), ...files.flatMap((f) => ['-f', f])], true);
  const wallMs = performance.now() - started;
  if (result.code !== 0) {
    await weftLab(['down', '--dir', dir], false);
    throw new Error(`weft lab up failed (${result.code}): ${result.stderr}`);
  }
  const state = await readState(dir);
  if (state?.plan === undefined || state.serve === undefined) throw new Error(`no lab state in ${dir}`);
  const token = (await readFile(join(dir, '_tokens', 'architect'), 'utf8')).trim();
  return { lab: { dir, plan: state.plan, api: new LabApi(state.serve.url, token) }, stdout: result.stdout, wallMs };
}

async function down(lab: Lab): Promise<void> {
  const result = await weftLab(['down', '--dir', lab.dir], false);
  if (result.code !== 0) process.stderr.write(`weft lab down: ${result.stderr}\n`);
}

/** spec.generation per agent. */
async function generations(api: LabApi): Promise<Map<string, number>> {
  return new Map([...(await agentObjects(api))].map(([name, a]) => [name, a.spec?.generation ?? -1]));
}

/** The agents whose generation moved since `before`, once each has applied it; undefined until then. */
async function affectedApplied(api: LabApi, before: ReadonlyMap<string, number>): Promise<string[] | undefined> {
  const agents = await agentObjects(api);
  const moved = [...agents].filter(([name, a]) => (a.spec?.generation ?? -1) > (before.get(name) ?? -1));
  if (moved.length === 0) return undefined;
  return moved.every(([, a]) => (a.status?.appliedGeneration ?? -1) >= (a.spec?.generation ?? Infinity)) ? moved.map(([name]) => name) : undefined;
}

async function allApplied(api: LabApi): Promise<boolean> {
  const agents = await agentObjects(api);
  return [...agents.values()].every((a) => (a.status?.appliedGeneration ?? -1) >= (a.spec?.generation ?? Infinity));
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function post(api: LabApi, collection: string, namespace: string, body: object): Promise<void> {
  await api.request('POST', `/api/v1/${collection}?namespace=${namespace}`, body);
}

interface Round {
  readonly appliedMs: number;
  readonly pingMs: number;
  readonly affected: number;
}

async function round(lab: Lab, i: number): Promise<Round> {
  const { api, plan } = lab;
  const name = `bench${i}`;
  const before = await generations(api);
  const t0 = performance.now();
  await post(api, 'vpcs', 'default', { apiVersion: VPC_API, kind: 'VPC', metadata: { name, namespace: 'default' }, spec: { tenant: 'acme', subnets: { a: { cidr: `10.70.${i}.0/24` } } } });
  for (const [suffix, connection] of [['1', 'server1--leaf1'], ['6', 'server6--leaf4']] as const) {
    await post(api, 'vpc-attachments', 'default', { apiVersion: VPC_API, kind: 'VPCAttachment', metadata: { name: `${name}-${suffix}`, namespace: 'default' }, spec: { subnet: `${name}/a`, connection, nativeVLAN: true } });
  }
  let appliedMs = Number.NaN;
  let affected = 0;
  const applied = (async () => {
    for (;;) {
      const names = await affectedApplied(api, before).catch(() => undefined);
      if (names !== undefined) {
        appliedMs = performance.now() - t0;
        affected = names.length;
        return;
      }
      if (performance.now() - t0 > 60_000) return;
      await sleep(20);
    }
  })();
  let pingMs = Number.NaN;
  const pinged = (async () => {
    const addresses = (await currentServerAddresses(api, plan)).addresses.filter((a) => a.vpc === `default/${name}`);
    const from = addresses.find((a) => a.server === 'server1');
    const to = addresses.find((a) => a.server === 'server6');
    const netns = plan.servers.find((s) => s.name === 'server1')?.netns;
    if (from === undefined || to === undefined || netns === undefined) throw new Error(`no addresses for ${name}: ${JSON.stringify(addresses)}`);
    for (;;) {
      const answer = await run(inNetns(netns, ['ping', '-n', '-q', '-c', '1', '-W', '1', '-I', from.ip, to.ip]));
      if (answer.code === 0) {
        pingMs = performance.now() - t0;
        return;
      }
      if (performance.now() - t0 > 60_000) return;
      await sleep(50);
    }
  })();
  await Promise.all([applied, pinged]);
  // cleanup: the attachments, applied everywhere before the next round. The VPC stays, so the
  // next round's VPC gets a VRF of its own: on FRR 8.4's netns backend a VRF name that comes back
  // to a switch stays inactive (docs/lab.md, limits)
  for (const suffix of ['1', '6']) await api.request('DELETE', `/api/v1/vpc-attachments/${name}-${suffix}?namespace=default`);
  await sleep(500);
  await waitFor('the agents to apply the deletion', 60_000, () => allApplied(api));
  await sleep(1000);
  return { appliedMs, pingMs, affected };
}

async function samplePart(): Promise<void> {
  console.log(`\n== sample fabric (7 switches): VPC through the API -> agents applied -> first ping, ${ROUNDS} rounds`);
  const { lab, wallMs } = await up(SAMPLE, 'wl-bs-', 300);
  try {
    console.log(`lab up: ${ms(wallMs)} (wall clock of \`weft lab up\`)`);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round(lab, i);
      rounds.push(r);
      console.log(`round ${i + 1}: ${r.affected} agents applied after ${ms(r.appliedMs)}; first ping answered after ${ms(r.pingMs)}`);
    }
    const applied = rounds.map((r) => r.appliedMs);
    const pings = rounds.map((r) => r.pingMs);
    console.log(`VPC -> every affected agent applied: p50 ${ms(percentile(applied, 50))}, max ${ms(Math.max(...applied))} (target p50 < 1000 ms)`);
    console.log(`VPC -> first ping across leaves:     p50 ${ms(percentile(pings, 50))}, max ${ms(Math.max(...pings))} (target < 5000 ms)`);
  } finally {
    await down(lab);
  }
}

interface Memory {
  readonly pss: number;
  readonly rss: number;
}

/** PSS and RSS (kB) of a process from /proc/PID/smaps_rollup. */
async function memoryOf(pid: number | undefined): Promise<Memory> {
  if (pid === undefined) return { pss: 0, rss: 0 };
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { pss: field('Pss'), rss: field('Rss') };
}

async function pidFile(path: string): Promise<number | undefined> {
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

async function scalePart(): Promise<void> {
  console.log('\n== 2 spines + 32 leaves (32 servers, 4 VPCs): `weft lab up` until every BGP session is Established, memory per switch');
  const genDir = await mkdtemp('/tmp/wl-bench-gen-');
  await writeFile(join(genDir, 'fabric.yaml'), generateFabric({ spines: 2, leaves: 32, servers: 32, vpcs: 4, subnets: 1, attachments: 8 }));
  try {
    const { lab, stdout, wallMs } = await up([join(genDir, 'fabric.yaml')], 'wl-bl-', 600);
    try {
      // the line `up` prints once every switch's FRR shows every session Established
      const bgpLine = stdout.split('\n').find((line) => line.startsWith('FRR confirms: '));
      const bgp = /established: (\d+)\/\d+.*\(([\d.]+) s\)$/.exec(bgpLine ?? '');
      console.log(`lab up to every BGP session Established: ${bgp?.[2] ?? '?'} s (${bgp?.[1] ?? '?'} sessions; target < 30 s); \`weft lab up\` wall clock ${ms(wallMs)}`);
      const state = await readState(lab.dir);
      const agents = new Map((state?.processes ?? []).filter((p) => p.name.startsWith('agent-')).map((p) => [p.name.slice('agent-'.length), p.pid]));
      const parts = ['redis', 'zebra', 'bgpd', 'staticd', 'agent'] as const;
      const sums = new Map<string, Memory>(parts.map((p) => [p, { pss: 0, rss: 0 }]));
      const totals: Memory[] = [];
      for (const sw of lab.plan.switches) {
        const home = switchDir(lab.dir, sw.name);
        const paths = frrPaths(home);
        const pids: Record<(typeof parts)[number], number | undefined> = {
          redis: await pidFile(join(home, 'redis.pid')),
          zebra: await daemonPid(paths, 'zebra'),
          bgpd: await daemonPid(paths, 'bgpd'),
          staticd: await daemonPid(paths, 'staticd'),
          agent: agents.get(sw.name),
        };
        let pss = 0;
        let rss = 0;
        for (const part of parts) {
          const m = await memoryOf(pids[part]);
          const sum = sums.get(part) ?? { pss: 0, rss: 0 };
          sums.set(part, { pss: sum.pss + m.pss, rss: sum.rss + m.rss });
          pss += m.pss;
          rss += m.rss;
        }
        totals.push({ pss, rss });
      }
      const n = lab.plan.switches.length;
      const shim = await memoryOf(state?.processes.find((p) => p.name === 'shim')?.pid);
      const pssAll = totals.map((t) => t.pss);
      console.log(`memory per switch (${n} switches), PSS: mean ${mb(pssAll.reduce((a, b) => a + b, 0) / n)}, max ${mb(Math.max(...pssAll))} (target < 40 MB); RSS mean ${mb(totals.reduce((a, t) => a + t.rss, 0) / n)}`);
      console.log(`  per part, mean PSS / RSS: ${parts.map((p) => `${p} ${mb((sums.get(p)?.pss ?? 0) / n)} / ${mb((sums.get(p)?.rss ?? 0) / n)}`).join('; ')}`);
      console.log(`  the lab's one shim for all switches: PSS ${mb(shim.pss)} (${mb(shim.pss / n)} a switch)`);
    } finally {
      await down(lab);
    }
  } finally {
    await rm(genDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const missing = await missingPrerequisites();
  if (missing.length > 0) {
    for (const line of missing) process.stderr.write(`bench:lab: ${line}\n`);
    return 1;
  }
  console.log(`bench:lab (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  if (PART === 'both' || PART === 'sample') await samplePart();
  if (PART === 'both' || PART === 'scale') await scalePart();
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return 0;
}

process.exitCode = await main();
