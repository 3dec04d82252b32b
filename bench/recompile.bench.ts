/**
 * `npm run bench:recompile`: one VPC change on the large fabric (4 spines x 128 leaves, 4,096
 * servers, 2,000 VPCs x 4 subnets, 8,000 attachments), as the service's write path runs it.
 * Each change adds a VPC of 4 subnets with 4 attachments on 4 leaves, so 4 of 132 switches
 * change (target: under 5 ms median and 10 ms p95).
 *
 * Prints, over WEFT_BENCH_RUNS changes after a warm-up: wall time and main-thread CPU time
 * (median, p95, p99, max), the load average (the machine is shared: wall time under load is
 * mostly waiting for a core, CPU time much less so), what the garbage collector did (pauses by
 * kind, the longest, how many changes a major collection landed in), the bytes allocated per
 * change and the heap after a full collection. Asserts nothing: timings are not tests.
 *
 * With WEFT_BENCH_CHECK=1 every recompile is also compared with a full compile of the same
 * resources, file by file (slow; a check that the fast path still gives the same bytes).
 */
import { loadavg } from 'node:os';
import { PerformanceObserver, constants, performance, type PerformanceEntry } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { compile, recompile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { DEFAULT_FABRIC_OPTIONS, generateIntents, generateWiring } from '../wiring/generate.js';

const RUNS = Number(process.env.WEFT_BENCH_RUNS ?? 300);
const WARM_UP_RUNS = Number(process.env.WEFT_BENCH_WARM_UP_RUNS ?? 30);
const CHECK = process.env.WEFT_BENCH_CHECK === '1';
const MIB = 1024 * 1024;
const GC_KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_MINOR_MARK_SWEEP, 'minor mark-sweep'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental marking'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weak callbacks'],
]);

interface Sample {
  readonly start: number;
  readonly end: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function spread(values: readonly number[]): string {
  const f = (v: number): string => v.toFixed(2);
  return `median ${f(percentile(values, 50))} ms, p95 ${f(percentile(values, 95))} ms, p99 ${f(percentile(values, 99))} ms, max ${f(Math.max(...values))} ms`;
}

function load(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

/** A new VPC of 4 subnets, attached to the 4 given server connections (one per subnet). */
function newVpc(i: number, connections: readonly string[]): AnyResource[] {
  const name = `bench-change-${i}`;
  const vpc = {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { name, namespace: 'default' },
    spec: { tenant: `bench-${i}`, subnets: { a: { cidr: '172.16.0.0/24' }, b: { cidr: '172.16.1.0/24' }, c: { cidr: '172.16.2.0/24' }, d: { cidr: '172.16.3.0/24' } } },
  };
  const attachments = connections.map((connection, j) => ({
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPCAttachment',
    metadata: { name: `${name}-${j}`, namespace: 'default' },
    spec: { subnet: `${name}/${['a', 'b', 'c', 'd'][j % 4] ?? 'a'}`, connection },
  }));
  return [vpc, ...attachments] as unknown as AnyResource[];
}

/** Bytes allocated between collections, summed: what the heap grew by before each one. */
function allocatedBytes(statistics: readonly { beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[], endUsed: number, startUsed: number): number {
  let total = 0;
  let after = startUsed;
  for (const s of statistics) {
    total += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - after);
    after = s.afterGC.heapStatistics.usedHeapSize;
  }
  return total + Math.max(0, endUsed - after);
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

function sameAsFullCompile(result: CompileResult, previous: CompileResult): void {
  const full = compile(result.state.resources, { previous: previous.allocations });
  if (full.files.size !== result.files.size) throw new Error(`recompile gave ${result.files.size} files, a full compile ${full.files.size}`);
  for (const [path, text] of full.files) if (result.files.get(path) !== text) throw new Error(`${path} differs from a full compile`);
}

function main(): void {
  const o = DEFAULT_FABRIC_OPTIONS;
  console.log(`fabric: ${o.spines} spines x ${o.leaves} leaves, ${o.servers} servers, ${o.vpcs} VPCs x ${o.subnets} subnets, ${o.attachments} attachments (node ${process.version})`);
  const docs = [...parseFileText(generateWiring(o), 'wiring.yaml').docs, ...parseFileText(generateIntents(o), 'intents.yaml').docs];
  const set = groupResources(parseDocuments(docs).resources);
  const started = performance.now();
  let result = compile(set);
  console.log(`full compile in process: ${(performance.now() - started).toFixed(0)} ms, ${result.files.size} files, load average ${load()}`);
  if (!result.ok) throw new Error(`the generated fabric does not compile: ${result.diagnostics[0]?.message ?? ''}`);
  // server connections by leaf: each change uses 4 leaves, a different 4 each time
  const byLeaf = new Map<string, string[]>();
  for (const c of set.connections) {
    const leaf = c.spec.unbundled?.switch.split('/')[0];
    if (leaf !== undefined) byLeaf.set(leaf, [...(byLeaf.get(leaf) ?? []), c.metadata.name]);
  }
  const leaves = [...byLeaf.values()];
  const pick = (i: number): string[] => [0, 1, 2, 3].map((k) => {
    const servers = leaves[(i * 4 + k) % leaves.length] ?? [];
    return servers[Math.floor(i / leaves.length) % servers.length] ?? '';
  });
  const change = (i: number): void => {
    const next = recompile(result, { upserts: newVpc(i, pick(i)) });
    if (!next.ok) throw new Error(`recompile failed: ${next.diagnostics.find((d) => d.severity === 'error')?.message ?? ''}`);
    if (CHECK) sameAsFullCompile(next, result);
    result = next;
  };
  for (let i = 0; i < WARM_UP_RUNS; i++) change(i);
  collect();
  const heapBefore = getHeapStatistics().used_heap_size;
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const profiler = new GCProfiler();
  profiler.start();
  const loadBefore = load();
  const samples: Sample[] = [];
  let rebuilt = 0;
  for (let i = WARM_UP_RUNS; i < WARM_UP_RUNS + RUNS; i++) {
    const cpu = process.threadCpuUsage();
    const start = performance.now();
    change(i);
    const end = performance.now();
    const used = process.threadCpuUsage(cpu);
    samples.push({ start, end, wallMs: end - start, cpuMs: (used.user + used.system) / 1000 });
    rebuilt += result.rebuilt.length;
  }
  const endUsed = getHeapStatistics().used_heap_size;
  const profile = profiler.stop();
  const loadAfter = load();
  // the observer hears of collections on a later tick
  setTimeout(() => {
    gcEntries.push(...observer.takeRecords());
    observer.disconnect();
    report(samples, gcEntries, allocatedBytes(profile.statistics, endUsed, heapBefore), heapBefore, rebuilt, loadBefore, loadAfter);
  }, 100);
}

function report(samples: readonly Sample[], gcEntries: readonly PerformanceEntry[], allocated: number, heapBefore: number, rebuilt: number, loadBefore: string, loadAfter: string): void {
  const runs = samples.length;
  console.log(`one VPC change (4 subnets, 4 attachments), ${runs} changes after ${WARM_UP_RUNS} to warm up, ${(rebuilt / runs).toFixed(1)} switches rebuilt a change`);
  console.log(`  wall:           ${spread(samples.map((s) => s.wallMs))}`);
  console.log(`  main-thread CPU: ${spread(samples.map((s) => s.cpuMs))}`);
  console.log(`  load average:   ${loadBefore} before, ${loadAfter} after (1, 5, 15 min)`);
  const kinds = new Map<string, number[]>();
  const inMajor = new Set<number>();
  for (const entry of gcEntries) {
    const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
    const kind = GC_KINDS.get(detail?.kind ?? 0) ?? 'other';
    kinds.set(kind, [...(kinds.get(kind) ?? []), entry.duration]);
    if (kind !== 'major') continue;
    const index = samples.findIndex((s) => entry.startTime < s.end && entry.startTime + entry.duration > s.start);
    if (index >= 0) inMajor.add(index);
  }
  const pauses = [...kinds]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, list]) => `${kind} ${list.length} (total ${list.reduce((a, b) => a + b, 0).toFixed(1)} ms, longest ${Math.max(...list).toFixed(1)} ms)`);
  console.log(`  GC pauses:      ${pauses.join('; ') || 'none'}; a major collection in ${inMajor.size} of ${runs} changes`);
  console.log(`  allocated:      ${(allocated / runs / MIB).toFixed(2)} MiB a change`);
  collect();
  const heapAfter = getHeapStatistics().used_heap_size;
  const gcNote = (globalThis as { gc?: unknown }).gc === undefined ? ' (run with --expose-gc for heap after a full collection)' : ' after a full collection';
  console.log(`  heap:           ${(heapBefore / MIB).toFixed(0)} MiB before, ${(heapAfter / MIB).toFixed(0)} MiB after${gcNote}, ${(((heapAfter - heapBefore) / runs) * 1024 / MIB).toFixed(1)} KiB kept a change`);
}

main();
