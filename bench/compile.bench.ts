/**
 * `npm run bench`: the compile targets of the core.
 *   1. full compile through the CLI of 4 spines x 128 leaves, 4,096 servers, 2,000 VPCs x 4
 *      subnets, 8,000 attachments (target: under 3 s and under 1 GB, on 2 cores), timed from
 *      spawning the process to its exit (Node start-up and module loading included), with the
 *      compile command's own share beside it;
 *   2. one VPC added to that fabric: recompile of the affected switches (target: under 20 ms).
 * Prints numbers; asserts nothing (timings are not tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile, recompile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { DEFAULT_FABRIC_OPTIONS, generateIntents, generateWiring } from '../wiring/generate.js';

const RUNS = Number(process.env.WEFT_BENCH_RUNS ?? 3);
const INCREMENTAL_RUNS = Number(process.env.WEFT_BENCH_INCREMENTAL_RUNS ?? 40);
/** recompiles first run to warm the JIT up, not counted */
const WARM_UP_RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function fullCompileThroughCli(dir: string): void {
  const out = join(dir, 'out');
  const walls: number[] = [];
  const commands: number[] = [];
  const memory: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['dist/bench/cli-probe.js', 'compile', '-f', join(dir, 'wiring.yaml'), '-f', join(dir, 'intents.yaml'), '-o', out], { encoding: 'utf8' });
    const wall = performance.now() - started;
    const line = r.stderr.split('\n').find((l) => l.startsWith('{"probe"'));
    if (r.status !== 0 || line === undefined) {
      console.error(r.stderr.slice(0, 4000));
      throw new Error(`the CLI compile failed with exit ${String(r.status)}`);
    }
    const probe = JSON.parse(line) as { ms: number; loadMs: number; maxRssKb: number };
    walls.push(wall);
    commands.push(probe.ms);
    memory.push(probe.maxRssKb / 1024);
    console.log(
      `  run ${i + 1}: ${wall.toFixed(0)} ms from spawn to exit (Node start ${(wall - probe.loadMs - probe.ms).toFixed(0)} ms incl. exit, modules ${probe.loadMs.toFixed(0)} ms, weft compile ${probe.ms.toFixed(0)} ms), peak RSS ${(probe.maxRssKb / 1024).toFixed(0)} MiB`,
    );
  }
  console.log(
    `full compile through the CLI: median ${median(walls).toFixed(0)} ms from spawn to exit, as a user waits for it (target < 3000 ms); of it the compile command ${median(commands).toFixed(0)} ms; peak RSS max ${Math.max(...memory).toFixed(0)} MiB (target < 1024 MiB)`,
  );
}

function newVpc(i: number, servers: readonly string[]): AnyResource[] {
  const name = `bench-new-${i}`;
  const vpc = {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { name, namespace: 'default' },
    spec: { tenant: `bench-${i}`, subnets: { a: { cidr: '172.16.0.0/24' }, b: { cidr: '172.16.1.0/24' }, c: { cidr: '172.16.2.0/24' }, d: { cidr: '172.16.3.0/24' } } },
  };
  const attachments = servers.map((connection, j) => ({
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPCAttachment',
    metadata: { name: `${name}-${j}`, namespace: 'default' },
    spec: { subnet: `${name}/${['a', 'b', 'c', 'd'][j % 4] ?? 'a'}`, connection },
  }));
  return [vpc, ...attachments] as unknown as AnyResource[];
}

function incremental(wiring: string, intents: string): void {
  const docs = [...parseFileText(wiring, 'wiring.yaml').docs, ...parseFileText(intents, 'intents.yaml').docs];
  const parsed = parseDocuments(docs);
  const set = groupResources(parsed.resources);
  let started = performance.now();
  let result: CompileResult = compile(set);
  const full = performance.now() - started;
  if (!result.ok) throw new Error(`the generated fabric does not compile: ${result.diagnostics[0]?.message ?? ''}`);
  console.log(`in-process full compile (no I/O): ${full.toFixed(0)} ms, ${result.files.size} files`);
  // attach the new VPC to servers of two leaves, as a tenant would
  const serverConnections = set.connections.filter((c) => c.spec.unbundled !== undefined).map((c) => c.metadata.name);
  const times: number[] = [];
  let rebuilt = 0;
  for (let i = 0; i < WARM_UP_RUNS + INCREMENTAL_RUNS; i++) {
    const pick = [serverConnections[i * 7] ?? '', serverConnections[i * 7 + 1] ?? '', serverConnections[i * 7 + 2] ?? '', serverConnections[i * 7 + 3] ?? ''];
    started = performance.now();
    result = recompile(result, { upserts: newVpc(i, pick) });
    if (i < WARM_UP_RUNS) continue;
    times.push(performance.now() - started);
    rebuilt += result.rebuilt.length;
    if (!result.ok) throw new Error(`recompile failed: ${result.diagnostics.find((d) => d.severity === 'error')?.message ?? ''}`);
  }
  console.log(
    `one VPC (4 subnets, 4 attachments) added: recompile median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms over ${INCREMENTAL_RUNS} changes after ${WARM_UP_RUNS} to warm up (target < 20 ms), ${(rebuilt / INCREMENTAL_RUNS).toFixed(1)} switches rebuilt per change of ${result.devices.size}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'weft-bench-'));
try {
  const o = DEFAULT_FABRIC_OPTIONS;
  console.log(
    `fabric: ${o.spines} spines x ${o.leaves} leaves, ${o.servers} servers, ${o.vpcs} VPCs x ${o.subnets} subnets, ${o.attachments} attachments (node ${process.version}, ${availableParallelism()} cores available, load average ${loadavg()[0]?.toFixed(1) ?? '?'})`,
  );
  const wiring = generateWiring(o);
  const intents = generateIntents(o);
  writeFileSync(join(dir, 'wiring.yaml'), wiring);
  writeFileSync(join(dir, 'intents.yaml'), intents);
  fullCompileThroughCli(dir);
  incremental(wiring, intents);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
