/**
 * `npm run bench:plan`: the plan of one VPC change on the large fabric (4 spines x 128 leaves,
 * 2,000 VPCs), as the service makes it for every write (`planFiles` of the files before and after
 * a recompile: 4 leaves' config_db.json and frr.conf). Prints main-thread CPU per plan (median,
 * p95) for the plan as it is (config_db.json read table by table, entry by entry, only what
 * differs parsed) and for the same plan with every config_db.json parsed whole (the reading
 * before ADR 0095), both on the same changes, with the load average. Asserts nothing.
 */
import { loadavg } from 'node:os';
import { compile, planFiles, recompile, type CompileResult } from '#compiler';
import { groupResources, parseDocuments, type AnyResource } from '#domain';
import { parseFileText } from '#loader';
import { DEFAULT_FABRIC_OPTIONS, generateIntents, generateWiring } from '../wiring/generate.js';

const RUNS = Number(process.env.WEFT_BENCH_RUNS ?? '60');

function cpuMs(run: () => void): number {
  const before = process.threadCpuUsage();
  run();
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1000;
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return `median ${at(50).toFixed(2)} ms, p95 ${at(95).toFixed(2)} ms`;
}

function newVpc(i: number, connections: readonly string[]): AnyResource[] {
  const name = `plan-change-${i}`;
  return [
    { apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPC', metadata: { name, namespace: 'default' }, spec: { tenant: `plan-${i}`, subnets: { a: { cidr: '172.16.0.0/24' }, b: { cidr: '172.16.1.0/24' } } } },
    ...connections.map((connection, j) => ({ apiVersion: 'vpc.weft.dev/v1alpha1', kind: 'VPCAttachment', metadata: { name: `${name}-${j}`, namespace: 'default' }, spec: { subnet: `${name}/${j % 2 === 0 ? 'a' : 'b'}`, connection } })),
  ] as unknown as AnyResource[];
}

/** The same files, each config_db.json with a trailing space: valid JSON that is read whole. */
function parsedWhole(files: ReadonlyMap<string, string>, touched: ReadonlySet<string>): Map<string, string> {
  return new Map([...files].map(([path, text]) => [path, touched.has(path) && path.endsWith('.json') ? `${text} ` : text]));
}

function main(): void {
  const o = DEFAULT_FABRIC_OPTIONS;
  const docs = [...parseFileText(generateWiring(o), 'wiring.yaml').docs, ...parseFileText(generateIntents(o), 'intents.yaml').docs];
  const set = groupResources(parseDocuments(docs).resources);
  let result: CompileResult = compile(set);
  const leaves = new Map<string, string[]>();
  for (const c of set.connections) {
    const leaf = c.spec.unbundled?.switch.split('/')[0];
    if (leaf !== undefined) leaves.set(leaf, [...(leaves.get(leaf) ?? []), c.metadata.name]);
  }
  const byLeaf = [...leaves.values()];
  const fast: number[] = [];
  const whole: number[] = [];
  let lines = 0;
  const loadBefore = loadavg()[0] ?? 0;
  for (let i = 0; i < RUNS; i++) {
    const next = recompile(result, { upserts: newVpc(i, [0, 1, 2, 3].map((k) => byLeaf[(i * 4 + k) % byLeaf.length]?.[0] ?? '')) });
    const touched = new Set([...next.files].filter(([path, text]) => result.files.get(path) !== text).map(([path]) => path));
    let plan: ReturnType<typeof planFiles> = [];
    fast.push(cpuMs(() => (plan = planFiles(result.files, next.files))));
    const before = parsedWhole(result.files, touched);
    const after = parsedWhole(next.files, touched);
    let reference: ReturnType<typeof planFiles> = [];
    whole.push(cpuMs(() => (reference = planFiles(before, after))));
    if (JSON.stringify(plan) !== JSON.stringify(reference)) throw new Error(`change ${i}: the two readings give different plans`);
    lines += plan.reduce((n, d) => n + d.files.reduce((m, f) => m + f.lines.length, 0), 0);
    result = next;
  }
  console.log(`fabric: ${o.spines} spines x ${o.leaves} leaves, ${o.vpcs} VPCs; ${RUNS} changes of one VPC on 4 leaves, ${(lines / RUNS).toFixed(0)} plan lines each (node ${process.version})`);
  console.log(`plan, config_db.json read by table and entry: ${stats(fast)} main-thread CPU`);
  console.log(`plan, config_db.json parsed whole:           ${stats(whole)} main-thread CPU`);
  console.log(`load average (1 min): ${loadBefore.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)}`);
}

main();
