/**
 * `npm run bench:api`: the service's speed as an HTTP client sees it. `weft serve` runs as a child
 * process on embedded PostgreSQL (a temporary WEFT_DATA), seeded with the sample fabric.
 *   1. 2,000 VPC creates (2 subnets each, 16 per tenant so the sample policy's limit of 20 holds)
 *      over REST from 32 keep-alive connections, as fast as they go: creates/s, p50/p90/p99/max
 *      (target: at least 500/s with p99 under 50 ms);
 *   2. the same creates offered at a steady 500/s (open loop: latency counts from the moment a
 *      request was due, so a stall is not hidden);
 *   3. 1,000 VPC attachments from the same 32 connections, each on a VPC created above (a batch's
 *      attachments compile together, ADR 117): attachments/s (target: at least 500/s);
 *   4. GET /api/v1/vpcs and the GraphQL query of every VPC (target under 200 ms), median of 5.
 * Prints numbers; asserts nothing (timings are not tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../apps/api/src/net.js';
import { attachmentBodies, vpcBody } from './api-workload.js';

const CONNECTIONS = Number(process.env.WEFT_BENCH_CONNECTIONS ?? 32);
const VPCS = Number(process.env.WEFT_BENCH_VPCS ?? 2000);
const PACED_VPCS = Number(process.env.WEFT_BENCH_PACED_VPCS ?? 1000);
const PACED_RATE = Number(process.env.WEFT_BENCH_PACED_RATE ?? 500);
const ATTACHMENTS = Number(process.env.WEFT_BENCH_ATTACHMENTS ?? 1000);
const READ_RUNS = 5;
const ADMIN_TOKEN = `bench-admin-${process.pid}-0123456789abcdef`;
/** dist/bench/ -> the repository root */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** extra node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it */
const SERVICE_NODE_FLAGS = (process.env.WEFT_BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
/** every VPC, as the nodes of their connection (no `first`: the whole list) */
const VPC_QUERY = '{ vpcs { nodes { metadata { name namespace } spec { tenant } status { isolation vni } } } }';

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

interface Service {
  readonly base: string;
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly logFile: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}


/** One keep-alive pool for the whole run: at most CONNECTIONS sockets, reused. */
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });

/**
 * A request with the admin token; `due` is when it should have left (open-loop latency). A request
 * sent on a reused keep-alive socket that the service was closing as idle (ECONNRESET, see Node's
 * `request.reusedSocket`) is sent once more, as Node's documentation advises.
 */
function send(base: string, method: string, path: string, body?: unknown, due = performance.now()): Promise<Answer> {
  return sendOnce(base, method, path, body, due).catch((e: unknown) => {
    if (e instanceof ResetOnReusedSocket) return sendOnce(base, method, path, body, due);
    throw e;
  });
}

class ResetOnReusedSocket extends Error {}

function sendOnce(base: string, method: string, path: string, body: unknown, due: number): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolveAnswer({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - due });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      reject(req.reusedSocket && e.code === 'ECONNRESET' ? new ResetOnReusedSocket(e.message) : e);
    });
    req.end(payload);
  });
}

// ---------------------------------------------------------------- the service

async function startService(): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-bench-api-'));
  const logFile = join(dataDir, 'service.log');
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !['DATABASE_URL', 'LOG_LEVEL'].includes(name)) env[name] = value;
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, join(ROOT, 'bin/weft.js'), 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', WEFT_DATA: dataDir, WEFT_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  const service = { base: `http://127.0.0.1:${port}`, child, dataDir, logFile };
  const started = performance.now();
  await new Promise<void>((resolveListening, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('Weft listening')) resolveListening();
    });
    child.on('exit', (code) => {
      reject(new Error(`weft serve exited ${String(code)} before listening; its log: ${serviceLog(service).slice(-4000)}`));
    });
  });
  console.log(`service: weft serve on ${service.base}, embedded PostgreSQL in ${dataDir}, up in ${(performance.now() - started).toFixed(0)} ms`);
  return service;
}

function serviceLog(service: Service): string {
  return existsSync(service.logFile) ? readFileSync(service.logFile, 'utf8') : '';
}

/**
 * SIGTERM stops HTTP and PostgreSQL. A service that hangs is killed; one that crashed (or was
 * killed) left its PostgreSQL running, which is stopped through its postmaster.pid.
 */
async function stopService(service: Service): Promise<void> {
  agent.destroy();
  const { child } = service;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolveExit) => {
      child.once('exit', () => {
        resolveExit();
      });
    });
    child.kill('SIGTERM');
    const inTime = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
    if (!inTime) {
      console.error('the service did not stop within 30 s: killing it');
      child.kill('SIGKILL');
    }
  }
  await stopOrphanedPostgres(service.dataDir);
  rmSync(service.dataDir, { recursive: true, force: true });
}

async function stopOrphanedPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  console.error(`PostgreSQL (pid ${pid}) outlived the service: stopping it`);
  try {
    // SIGINT: PostgreSQL's fast shutdown
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && existsSync(pidFile); waited += 100) await sleep(100);
}

// ---------------------------------------------------------------- the workload

interface WriteRun {
  readonly label: string;
  readonly count: number;
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly statuses: ReadonlyMap<number, number>;
  readonly firstFailure?: string;
  /** the failures' answers, by status and the start of their message, with how many */
  readonly failures: ReadonlyMap<string, number>;
  /** each request's answer, in the order of the bodies */
  readonly answers: readonly Answer[];
  /** CPU seconds the service process used meanwhile (user + system) */
  readonly cpuSeconds?: number;
}

function tally(label: string, answers: readonly Answer[], seconds: number): WriteRun {
  const statuses = new Map<number, number>();
  for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const failed = answers.find((a) => a.status !== 201);
  const failures = new Map<string, number>();
  for (const a of answers) {
    if (a.status === 201) continue;
    const message = (JSON.parse(a.text.startsWith('{') ? a.text : '{}') as { message?: string }).message ?? a.text;
    // the same failure of different objects: names and numbers left out
    const kind = `${a.status} ${message.replace(/bench-[\w-]+/g, '…').replace(/\d+/g, 'N').slice(0, 160)}`;
    failures.set(kind, (failures.get(kind) ?? 0) + 1);
  }
  return { label, count: answers.length, seconds, latencies: answers.map((a) => a.ms), statuses, failures, answers, ...(failed === undefined ? {} : { firstFailure: `${failed.status} ${failed.text.slice(0, 300)}` }) };
}

/**
 * CPU seconds a process has used (user + system, from /proc, in clock ticks of 1/100 s). On a
 * shared machine the wall-clock rate depends on the other load; the CPU a write costs does not.
 */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Closed loop: CONNECTIONS workers, each sending its next request when the last one answered. */
async function closedLoop(label: string, service: Service, path: string, bodies: readonly unknown[]): Promise<WriteRun> {
  const { base } = service;
  const cpuBefore = cpuSecondsOf(service.child.pid);
  // by the body's position: which objects were created is read from it
  const answers: Answer[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const at = next++;
      answers[at] = await send(base, 'POST', path, bodies[at]);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { ...tally(label, answers, (performance.now() - started) / 1000), cpuSeconds: cpuSecondsOf(service.child.pid) - cpuBefore };
}

/** Open loop: request i is due at start + i / rate, whether or not earlier ones answered. */
async function openLoop(label: string, base: string, path: string, bodies: readonly unknown[], rate: number): Promise<WriteRun> {
  const started = performance.now();
  const pending: Promise<Answer>[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(send(base, 'POST', path, bodies[i], due));
  }
  const answers = await Promise.all(pending);
  return tally(label, answers, (performance.now() - started) / 1000);
}

/** The names of the objects answered 201, in the order of the bodies. */
function createdNames(bodies: readonly { metadata: { name: string } }[], answers: readonly Answer[]): string[] {
  return bodies.filter((_, i) => answers[i]?.status === 201).map((body) => body.metadata.name);
}

function describeFailures(run: WriteRun): string[] {
  return [...run.failures].sort(([, a], [, b]) => b - a).map(([kind, n]) => `  ${n} x ${kind}`);
}

function describeWrites(run: WriteRun): string {
  const l = run.latencies;
  const statuses = [...run.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${n} x ${status}`).join(', ');
  return (
    `${run.label}: ${run.count} in ${run.seconds.toFixed(2)} s = ${(run.count / run.seconds).toFixed(0)}/s; ` +
    `latency p50 ${percentile(l, 50).toFixed(1)} ms, p90 ${percentile(l, 90).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms, max ${Math.max(...l).toFixed(1)} ms (${statuses})` +
    (run.cpuSeconds === undefined ? '' : `; service CPU ${run.cpuSeconds.toFixed(1)} s = ${((1000 * run.cpuSeconds) / run.count).toFixed(2)} ms a write (${(run.count / run.cpuSeconds).toFixed(0)}/s per CPU-second)`)
  );
}

async function timeReads(label: string, run: () => Promise<Answer>, check: (answer: Answer) => string): Promise<string> {
  const times: number[] = [];
  let shape = '';
  for (let i = 0; i < READ_RUNS; i++) {
    const answer = await run();
    if (answer.status !== 200) return `${label}: answered ${answer.status}: ${answer.text.slice(0, 300)}`;
    times.push(answer.ms);
    shape = check(answer);
  }
  return `${label}: median ${median(times).toFixed(1)} ms of ${READ_RUNS} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}), ${shape}`;
}

async function metricLine(base: string, pattern: RegExp): Promise<string[]> {
  const text = (await send(base, 'GET', '/metrics')).text;
  return text.split('\n').filter((line) => pattern.test(line));
}

/** The store's counters from /metrics: write batches, compiles and the seconds they took. */
async function storeCounters(base: string): Promise<{ batches: number; compiles: number; compileSeconds: number }> {
  const lines = await metricLine(base, /^weft_(write_batch_size_count|compile_duration_seconds_(sum|count)) /);
  const value = (name: string): number => Number(lines.find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? Number.NaN);
  return { batches: value('weft_write_batch_size_count'), compiles: value('weft_compile_duration_seconds_count'), compileSeconds: value('weft_compile_duration_seconds_sum') };
}

async function run(service: Service): Promise<string[]> {
  const { base } = service;
  const summary: string[] = [];
  // warm-up: the first requests pay for JIT and connection setup
  await Promise.all(Array.from({ length: CONNECTIONS }, () => send(base, 'GET', '/api/v1/vpcs?limit=1')));

  const vpcBodies = Array.from({ length: VPCS }, (_, i) => vpcBody(i));
  const burst = await closedLoop(`VPC creates, ${CONNECTIONS} connections`, service, '/api/v1/vpcs', vpcBodies);
  console.log(describeWrites(burst));
  if (burst.firstFailure !== undefined) console.log(`  first failure: ${burst.firstFailure}`);
  for (const line of describeFailures(burst)) console.log(line);
  summary.push(`${describeWrites(burst)}  [target >= 500/s, p99 < 50 ms]`);

  const pacedBodies = Array.from({ length: PACED_VPCS }, (_, i) => vpcBody(VPCS + i));
  const paced = await openLoop(`VPC creates offered at ${PACED_RATE}/s`, base, '/api/v1/vpcs', pacedBodies, PACED_RATE);
  console.log(describeWrites(paced));
  if (paced.firstFailure !== undefined) console.log(`  first failure: ${paced.firstFailure}`);
  for (const line of describeFailures(paced)) console.log(line);
  summary.push(`${describeWrites(paced)}  [target p99 < 50 ms]`);

  const storeBefore = await storeCounters(base);
  const attachStart = process.hrtime.bigint();
  // each attachment on a VPC that was created (one that was not would answer 400 "no valid VPC")
  const created = [...createdNames(vpcBodies, burst.answers), ...createdNames(pacedBodies, paced.answers)];
  const attached = await closedLoop(`VPC attachments, ${CONNECTIONS} connections`, service, '/api/v1/vpc-attachments', attachmentBodies(created, ATTACHMENTS));
  const attachEnd = process.hrtime.bigint();
  const storeAfter = await storeCounters(base);
  // the monotonic clock a CPU profile's timestamps use (µs): cut the attachments' window from it
  if (SERVICE_NODE_FLAGS.some((flag) => flag.startsWith('--cpu-prof'))) console.log(`profile window of the attachments (monotonic µs): ${attachStart / 1000n} ${attachEnd / 1000n}`);
  console.log(describeWrites(attached));
  if (attached.firstFailure !== undefined) console.log(`  first failure: ${attached.firstFailure}`);
  for (const line of describeFailures(attached)) console.log(line);
  summary.push(`${describeWrites(attached)}  [target >= 500/s]`);
  const attachBatches = storeAfter.batches - storeBefore.batches;
  const attachCompiles = storeAfter.compiles - storeBefore.compiles;
  const compiled = `  the attachments: ${attachBatches} write batches (${(attached.count / attachBatches).toFixed(1)} writes each), ${attachCompiles} compiles (${(attached.count / attachCompiles).toFixed(1)} writes each, ${((1000 * (storeAfter.compileSeconds - storeBefore.compileSeconds)) / attachCompiles).toFixed(1)} ms each)`;
  console.log(compiled);
  summary.push(compiled);

  const listed = await timeReads(
    'GET /api/v1/vpcs',
    () => send(base, 'GET', '/api/v1/vpcs'),
    (a) => `${(JSON.parse(a.text) as { items: unknown[] }).items.length} items, ${(a.text.length / 1024 / 1024).toFixed(1)} MiB`,
  );
  console.log(listed);
  summary.push(listed);

  const probe = await send(base, 'POST', '/graphql', { query: '{ __typename }' });
  if (probe.status === 404) {
    const note = 'GraphQL: /graphql answers 404 (not mounted in weft serve yet); the query of every VPC was not timed';
    console.log(note);
    summary.push(note);
  } else {
    const graphql = await timeReads(
      `GraphQL ${VPC_QUERY}`,
      () => send(base, 'POST', '/graphql', { query: VPC_QUERY }),
      (a) => {
        const parsed = JSON.parse(a.text) as { data?: { vpcs?: { nodes?: unknown[] } }; errors?: { message: string }[] };
        return parsed.errors === undefined ? `${parsed.data?.vpcs?.nodes?.length ?? 0} VPCs` : `errors: ${parsed.errors.map((e) => e.message).join('; ').slice(0, 300)}`;
      },
    );
    console.log(graphql);
    summary.push(`${graphql}  [target < 200 ms]`);
  }

  const batches = await metricLine(base, /^weft_write_batch_size_(sum|count) /);
  const compiles = await metricLine(base, /^weft_compile_duration_seconds_(sum|count) /);
  const value = (lines: string[], suffix: string): number => Number(lines.find((l) => l.includes(`_${suffix} `))?.split(' ')[1] ?? Number.NaN);
  const batchLine = `store: ${value(batches, 'count')} write batches, ${(value(batches, 'sum') / value(batches, 'count')).toFixed(1)} writes per batch; compile ${((value(compiles, 'sum') / value(compiles, 'count')) * 1000).toFixed(2)} ms mean over ${value(compiles, 'count')} compiles`;
  console.log(batchLine);
  summary.push(batchLine);
  return summary;
}

// the machine is shared: a busy one (load average near its 2 cores) shows in the latencies
const loadBefore = loadavg()[0] ?? 0;
const service = await startService();
let summary: string[] = [];
let failure: Error | undefined;
const interrupted = (): void => {
  void stopService(service).finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
try {
  summary = await run(service);
} catch (e) {
  failure = e instanceof Error ? e : new Error(String(e));
} finally {
  process.removeListener('SIGINT', interrupted);
  if (failure !== undefined) console.error(`the service log ends with:\n${serviceLog(service).slice(-3000)}`);
  await stopService(service);
}
if (failure !== undefined) throw failure;
console.log(`\n== weft API benchmark (node ${process.version}, ${CONNECTIONS} connections, load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after) ==`);
for (const line of summary) console.log(line);
