/**
 * `npm run bench:agent` (as root): a VPC created through the API until every affected agent has
 * applied it, with real agents for the sample fabric's four leaves (`weft agent` processes, each
 * with its own redis-server and FRR in a network namespace) and a real `weft serve` (embedded
 * PostgreSQL). Each round creates a VPC with two subnets attached on leaf1 and leaf3 (three API
 * writes), waits for the VPC's Ready condition (every affected switch reported the generation
 * carrying it), then deletes it and waits for the agents to apply that too.
 * Prints p50/p95/max (target p50 under 1 s) and the agents' memory; asserts nothing.
 */
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { freePort } from '../apps/api/src/net.js';
import { agentTestsUnavailable, startFrr, startRedis, until, type Cleanup } from '../apps/agent/test/support/processes.js';

const ROUNDS = Number(process.env.WEFT_BENCH_ROUNDS ?? 20);
const LEAVES = ['leaf1', 'leaf2', 'leaf3', 'leaf4'];
const ADMIN_TOKEN = `bench-agent-${process.pid}-0123456789abcdef`;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEFT = join(ROOT, 'bin/weft.js');

const cleanups: (() => unknown)[] = [];
const cleanup: Cleanup = { after: (fn) => cleanups.push(fn) };

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { status: response.status, body: parsed };
}

function child(argv: readonly string[], env: Record<string, string>, logFile: string): ChildProcessByStdio<null, Readable, Readable> {
  const proc = spawn(process.execPath, [WEFT, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.setEncoding('utf8').on('data', (c: string) => (log += c));
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (log += c));
  cleanup.after(async () => {
    writeFileSync(logFile, log);
    if (proc.exitCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  });
  return proc;
}

/** VPC status changes from the service's event stream, by VPC name. */
function watchVpcs(base: string, onStatus: (name: string, ready: boolean) => void): AbortController {
  const abort = new AbortController();
  void (async () => {
    const response = await fetch(`${base}/api/v1/events?kind=VPC`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: abort.signal });
    if (response.body === null) return;
    const parser = createParser({
      onEvent: (event) => {
        const object = JSON.parse(event.data) as { metadata: { name: string }; status?: { conditions?: { type: string; status: string; reason: string }[] } };
        // Ready because applied, not Ready because no switch carries it yet (before its attachments)
        onStatus(object.metadata.name, object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True' && c.reason === 'Applied') === true);
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  })().catch(() => undefined);
  return abort;
}

/** CPU seconds a process and its waited-for children (vtysh, frr-reload.py) have used. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime stime cutime cstime are fields 14-17 of stat, 12-15 after pid and comm
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / 100;
  } catch {
    return 0;
  }
}

function rssKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const why = agentTestsUnavailable();
  if (why !== undefined) {
    console.error(`bench:agent cannot run here: ${why}`);
    process.exitCode = 1;
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'wag-bench-'));
  cleanup.after(() => {
    if (process.env.WEFT_BENCH_KEEP === undefined) rmSync(work, { recursive: true, force: true });
    else console.log(`agent logs kept in ${work}`);
  });
  // its own directory: embedded PostgreSQL runs as the postgres user, which cannot enter `work`
  const data = mkdtempSync(join(tmpdir(), 'wag-bench-weft-'));
  cleanup.after(() => {
    rmSync(data, { recursive: true, force: true });
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = child(['serve'], { PORT: String(port), HOST: '127.0.0.1', WEFT_DATA: data, WEFT_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'warn' }, join(work, 'serve.log'));
  await until('weft serve to listen', async () => (await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false)) || undefined, 120_000);
  const agents: ChildProcess[] = [];
  for (const leaf of LEAVES) {
    const redis = await startRedis(cleanup);
    const frr = startFrr(cleanup, leaf);
    const token = await call(base, 'POST', '/api/v1/tokens', { name: `bench-${leaf}`, role: 'agent', switch: leaf });
    const tokenFile = join(work, `${leaf}.token`);
    writeFileSync(tokenFile, String(token.body.token));
    agents.push(child(['agent', '--switch', leaf, '--server', base, '--token-file', tokenFile, '--redis', redis.url, '--frr-vty-dir', frr.vtyDir, '--state-dir', join(work, leaf)], {}, join(work, `${leaf}.log`)));
  }
  const caughtUp = async (): Promise<boolean> => {
    for (const leaf of LEAVES) {
      const agent = (await call(base, 'GET', `/api/v1/agents/${leaf}`)).body as { spec: { generation: number }; status?: { appliedGeneration?: number } };
      if (agent.status?.appliedGeneration !== agent.spec.generation) return false;
    }
    return true;
  };
  const setupStarted = performance.now();
  await until('every leaf applied its first generation', async () => ((await caughtUp()) ? true : undefined), 180_000);
  const firstApply = performance.now() - setupStarted;

  const ready = new Map<string, () => void>();
  const stream = watchVpcs(base, (name, isReady) => {
    if (isReady) ready.get(name)?.();
  });
  const created: number[] = [];
  const removed: number[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  const cpuBefore = agents.map((a) => cpuSeconds(a.pid));
  for (let round = 0; round < ROUNDS; round++) {
    const name = `bench-${round}`;
    const readyNow = new Promise<void>((resolve) => ready.set(name, resolve));
    const start = performance.now();
    await call(base, 'POST', '/api/v1/vpcs', { metadata: { name, namespace: 'default' }, spec: { tenant: 'acme', subnets: { a: { cidr: `10.${100 + round}.1.0/24` }, b: { cidr: `10.${100 + round}.2.0/24` } } } });
    await call(base, 'POST', '/api/v1/vpc-attachments', { metadata: { name: `${name}-a`, namespace: 'default' }, spec: { subnet: `${name}/a`, connection: 'server1--leaf1' } });
    await call(base, 'POST', '/api/v1/vpc-attachments', { metadata: { name: `${name}-b`, namespace: 'default' }, spec: { subnet: `${name}/b`, connection: 'server4--leaf3' } });
    await readyNow;
    created.push(performance.now() - start);
    ready.delete(name);
    const gone = performance.now();
    await call(base, 'DELETE', `/api/v1/vpc-attachments/${name}-a?namespace=default`);
    await call(base, 'DELETE', `/api/v1/vpc-attachments/${name}-b?namespace=default`);
    await call(base, 'DELETE', `/api/v1/vpcs/${name}?namespace=default`);
    await until('the deletion applied', async () => ((await caughtUp()) ? true : undefined), 60_000);
    removed.push(performance.now() - gone);
  }
  stream.abort();
  const ms = (v: number): string => `${v.toFixed(0)} ms`;
  console.log(`\n== weft agent benchmark (node ${process.version}, ${LEAVES.length} agents with redis-server + FRR, ${ROUNDS} rounds, load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after) ==`);
  console.log(`first apply of the sample fabric's leaves (agents started -> all applied): ${ms(firstApply)}`);
  console.log(`VPC created through the API (VPC + 2 attachments on leaf1 and leaf3) -> every affected agent applied (VPC Ready): p50 ${ms(percentile(created, 50))}, p95 ${ms(percentile(created, 95))}, max ${ms(Math.max(...created))} (target p50 < 1000 ms)`);
  console.log(`VPC deleted through the API -> every agent applied: p50 ${ms(percentile(removed, 50))}, p95 ${ms(percentile(removed, 95))}, max ${ms(Math.max(...removed))}`);
  const cpu = agents.map((a, i) => (cpuSeconds(a.pid) - (cpuBefore[i] ?? 0)) / ROUNDS);
  console.log(`CPU per round (a VPC applied and removed), agent with its vtysh/frr-reload.py children: ${cpu.map((c, i) => `${LEAVES[i] ?? '?'} ${(c * 1000).toFixed(0)} ms`).join(', ')} (leaf1 and leaf3 carry the VPC; a busy machine inflates the latencies above, not these)`);
  console.log(`agent memory (RSS): ${agents.map((a, i) => `${LEAVES[i] ?? '?'} ${(rssKiB(a.pid) / 1024).toFixed(1)} MiB`).join(', ')}; weft serve ${(rssKiB(service.pid) / 1024).toFixed(1)} MiB`);
}

try {
  await main();
} finally {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      // best effort: the rest still runs
    }
  }
}
