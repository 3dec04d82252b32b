// /metrics of the real service (`weft serve`'s services on a real PostgreSQL) after real
// requests: request counts by route pattern and status, latency buckets, compile time, and the
// allocation pools' usage matching what the database holds; the process's metrics under their
// standard names; `promtool check metrics` finds nothing; OpenMetrics when the scraper asks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningService } from '../src/main.js';
import type { TestDatabase } from './support/postgres.js';
import { startTestService } from './support/service.js';

const ADMIN_TOKEN = 'metrics-test-admin-token-0123456789';
/** examples/lab/policy.yaml: spec.pools.vni 10000-99999; no VRF pool, so the default 1-4000 */
const VNI_POOL_SIZE = 90_000;
const VRF_POOL_SIZE = 4000;
const HTTP_BUCKETS = ['0.001', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

let pg: TestDatabase;
let service: RunningService;


before(async () => {
  ({ pg, service } = await startTestService(ADMIN_TOKEN));
});

after(async () => {
  await service.stop();
  await pg.stop();
});

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match !== null, `not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[label[1] ?? ''] = label[2] ?? '';
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** The one sample of `name` whose labels include `labels`. */
function valueOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function countRows(sql: string): Promise<number> {
  return Number((await pg.db.query<{ n: string }>(sql)).rows[0]?.n);
}

test('/metrics counts requests by route pattern and status, with latency buckets, compile time and pool usage that match the database', async () => {
  const first = await scrape();
  const compilesBefore = valueOf(first, 'weft_compile_duration_seconds_count') ?? 0;
  assert.ok(compilesBefore > 0, 'opening the store compiled the sample fabric');
  const vniUsedBefore = valueOf(first, 'weft_pool_used', { pool: 'vni' });

  assert.equal((await call('GET', '/api/v1/vpcs')).status, 200);
  assert.equal((await call('GET', '/api/v1/vpcs?namespace=globex')).status, 200);
  assert.equal((await call('GET', '/api/v1/vpcs/blue')).status, 200);
  assert.equal((await call('GET', '/api/v1/no-such-things')).status, 404);
  const created = await call('POST', '/api/v1/vpcs', {
    apiVersion: 'vpc.weft.dev/v1alpha1',
    kind: 'VPC',
    metadata: { name: 'metered', namespace: 'default' },
    spec: { tenant: 'acme', subnets: { a: { cidr: '10.77.1.0/24' }, b: { cidr: '10.77.2.0/24' } } },
  });
  assert.equal(created.status, 201);

  const samples = await scrape();
  // one series per route pattern, never per URL
  const collection = { route: '/api/v1/:collection' };
  assert.equal(valueOf(samples, 'weft_http_requests_total', { ...collection, method: 'GET', status: '200' }), 2);
  assert.equal(valueOf(samples, 'weft_http_requests_total', { ...collection, method: 'GET', status: '404' }), 1);
  assert.equal(valueOf(samples, 'weft_http_requests_total', { ...collection, method: 'POST', status: '201' }), 1);
  assert.equal(valueOf(samples, 'weft_http_requests_total', { route: '/api/v1/:collection/:name', method: 'GET', status: '200' }), 1);
  assert.ok(!samples.some((s) => s.labels.route?.includes('vpcs') === true), 'no URL in a route label');
  assert.equal(valueOf(samples, 'weft_http_requests_total', { route: '/metrics', method: 'GET', status: '200' }), 1, 'the earlier scrape');

  // latency: cumulative buckets per route, the last one (+Inf) counting every request
  const buckets = samples.filter((s) => s.name === 'weft_http_request_duration_seconds_bucket' && s.labels.route === collection.route && s.labels.method === 'GET');
  assert.deepEqual(
    buckets.map((s) => s.labels.le),
    HTTP_BUCKETS,
  );
  const counts = buckets.map((s) => s.value);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'buckets are cumulative');
  assert.equal(counts.at(-1), 3);
  assert.equal(valueOf(samples, 'weft_http_request_duration_seconds_count', { ...collection, method: 'GET' }), 3);
  const seconds = valueOf(samples, 'weft_http_request_duration_seconds_sum', { ...collection, method: 'POST' }) ?? 0;
  // how long it took is the machine's business (no upper bound: bench/ measures speed)
  assert.ok(seconds > 0, `the create took ${seconds} s`);

  // the write compiled, and went through the writer as one batch
  assert.ok((valueOf(samples, 'weft_compile_duration_seconds_count') ?? 0) > compilesBefore);
  assert.ok((valueOf(samples, 'weft_compile_duration_seconds_sum') ?? 0) > 0);
  assert.equal(valueOf(samples, 'weft_write_batch_size_count'), 1);

  // pools: what the allocation tables hold (VNIs in quarantine count as used), out of the policy's pool
  const vniUsed = (await countRows('SELECT count(*) AS n FROM vni_owners')) + (await countRows('SELECT count(*) AS n FROM vni_quarantine'));
  assert.equal(valueOf(samples, 'weft_pool_used', { pool: 'vni' }), vniUsed);
  assert.equal(valueOf(samples, 'weft_pool_used', { pool: 'vni' }), (vniUsedBefore ?? 0) + 3, 'the new VPC took an L3VNI and a VNI per subnet');
  assert.equal(valueOf(samples, 'weft_pool_size', { pool: 'vni' }), VNI_POOL_SIZE);
  assert.equal(valueOf(samples, 'weft_pool_used', { pool: 'vrf' }), await countRows('SELECT count(*) AS n FROM vrf_owners'));
  assert.equal(valueOf(samples, 'weft_pool_size', { pool: 'vrf' }), VRF_POOL_SIZE);
});

/** dist/apps/api/test/ -> the repository root */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

async function exposition(accept?: string): Promise<{ contentType: string; text: string }> {
  const response = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(accept === undefined ? {} : { accept }) } });
  assert.equal(response.status, 200);
  return { contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

test('promtool check metrics finds nothing; process metrics keep their standard names, the rest is weft_', async () => {
  const { text } = await exposition();
  const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? '');
  for (const standard of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds']) {
    assert.ok(families.includes(standard), `${standard} is served`);
  }
  assert.deepEqual(families.filter((name) => !/^(process_|nodejs_|weft_)/.test(name)), [], 'nothing outside process_, nodejs_ and weft_');
  assert.deepEqual(families.filter((name) => /^weft_(process|nodejs)_/.test(name)), [], 'the process metrics are not renamed');
  const promtool = spawnSync('bash', [`${ROOT}scripts/promtool.sh`], { encoding: 'utf8' });
  assert.equal(promtool.status, 0, `promtool is available (scripts/promtool.sh): ${promtool.stderr}`);
  const check = spawnSync(promtool.stdout.trim(), ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(`${check.stdout}${check.stderr}`, '', 'promtool reports no problem');
  assert.equal(check.status, 0);
});

test('OpenMetrics when the Accept header asks for it (as Prometheus does), the text format otherwise', async () => {
  const open = await exposition('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1');
  assert.match(open.contentType, /^application\/openmetrics-text; version=1\.0\.0/);
  assert.ok(open.text.endsWith('# EOF\n'), 'an OpenMetrics exposition ends with # EOF');
  // a counter's family has no _total; its samples do
  assert.match(open.text, /^# TYPE weft_http_requests counter$/m);
  assert.match(open.text, /^weft_http_requests_total\{/m);
  const plain = await exposition('text/plain');
  assert.match(plain.contentType, /^text\/plain; version=0\.0\.4/);
  assert.ok(!plain.text.includes('# EOF'));
  assert.match((await exposition('application/openmetrics-text;q=0, text/plain')).contentType, /^text\/plain/, 'q=0 refuses OpenMetrics');
});
