/**
 * Prometheus metrics of one service instance, in registries of its own (not prom-client's global
 * one), so two apps in one process (tests) do not share counters: Weft's own under weft_, and the
 * process's under their standard names (process_*, nodejs_*). Each metric is in two registries,
 * the Prometheus text format's and OpenMetrics', and a scrape gets the one its Accept header asks
 * for (exposition()). The HTTP layer records requests; the store feeds compile time, write batch
 * sizes and allocation pool usage through the helpers below.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type OpenMetricsContentType } from 'prom-client';

/**
 * prom-client's totals of active handles, requests and resources are gauges named *_total, which
 * promtool refuses (only counters end in _total); sum(nodejs_active_handles) and the others give
 * the same numbers, so these three are left out.
 */
const MISNAMED_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export interface WeftMetrics {
  /** the Prometheus text format */
  readonly registry: Registry;
  /** the same metrics as OpenMetrics */
  readonly openMetrics: Registry<OpenMetricsContentType>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestDuration: Histogram<'method' | 'route'>;
  readonly compileDuration: Histogram;
  readonly writeBatchSize: Histogram;
  readonly poolUsed: Gauge<'pool'>;
  readonly poolSize: Gauge<'pool'>;
  /** where the pool gauges read from; set with watchPoolUsage */
  readonly poolUsage: PoolUsageHolder;
}

export interface PoolUsageHolder {
  source?: PoolUsageSource;
}

/** How full one allocation pool is (vlan, vni, vrf, asn, loopbacks, ...). */
export interface PoolUsage {
  readonly pool: string;
  readonly used: number;
  readonly size: number;
}

export type PoolUsageSource = () => readonly PoolUsage[] | Promise<readonly PoolUsage[]>;

export interface MetricsOptions {
  /** process metrics (CPU, memory, event loop lag, GC) under their standard names; default true */
  readonly processMetrics?: boolean;
}

const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COMPILE_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export function createMetrics(options: MetricsOptions = {}): WeftMetrics {
  const registry = new Registry();
  const openMetrics = new Registry<OpenMetricsContentType>();
  openMetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [registry, openMetrics];
  if (options.processMetrics ?? true) {
    for (const register of registers) {
      collectDefaultMetrics({ register });
      for (const name of MISNAMED_DEFAULT_METRICS) register.removeSingleMetric(name);
    }
  }
  const poolUsage: PoolUsageHolder = {};
  return {
    registry,
    openMetrics,
    httpRequests: new Counter({
      name: 'weft_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'weft_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    compileDuration: new Histogram({
      name: 'weft_compile_duration_seconds',
      help: 'Time to compile the fabric (full compile or recompile)',
      buckets: COMPILE_BUCKETS,
      registers,
    }),
    writeBatchSize: new Histogram({
      name: 'weft_write_batch_size',
      help: 'Objects written in one store transaction',
      buckets: BATCH_BUCKETS,
      registers,
    }),
    poolUsed: new Gauge({
      name: 'weft_pool_used',
      help: 'Numbers allocated from an allocation pool',
      labelNames: ['pool'],
      registers,
      async collect() {
        await fillPoolGauge(this, poolUsage, 'used');
      },
    }),
    poolSize: new Gauge({
      name: 'weft_pool_size',
      help: 'Numbers an allocation pool holds',
      labelNames: ['pool'],
      registers,
      async collect() {
        await fillPoolGauge(this, poolUsage, 'size');
      },
    }),
    poolUsage,
  };
}

/** The exposition an Accept header asks for: OpenMetrics when it names it, else the text format. */
export async function exposition(metrics: WeftMetrics, accept: string | undefined): Promise<{ contentType: string; body: string }> {
  const registry = wantsOpenMetrics(accept) ? metrics.openMetrics : metrics.registry;
  return { contentType: registry.contentType, body: await registry.metrics() };
}

function wantsOpenMetrics(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    return type === 'application/openmetrics-text' && !parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
  });
}

/** The label of a request that matched no route: one series, whatever URL was asked for. */
export const UNMATCHED_ROUTE = 'unmatched';

export function recordHttpRequest(metrics: WeftMetrics, request: { method: string; route: string | undefined; status: number; seconds: number }): void {
  const route = request.route ?? UNMATCHED_ROUTE;
  metrics.httpRequests.inc({ method: request.method, route, status: String(request.status) });
  metrics.httpRequestDuration.observe({ method: request.method, route }, request.seconds);
}

export function recordCompileDuration(metrics: WeftMetrics, seconds: number): void {
  metrics.compileDuration.observe(seconds);
}

export function recordWriteBatchSize(metrics: WeftMetrics, objects: number): void {
  metrics.writeBatchSize.observe(objects);
}

/**
 * Reads pool usage from `source` at each scrape (a later call replaces the source). Pools missing
 * from a reading are dropped, so a pool that no longer exists does not linger with its last
 * value; a failing source leaves the gauges empty for that scrape instead of failing /metrics.
 */
export function watchPoolUsage(metrics: WeftMetrics, source: PoolUsageSource): void {
  metrics.poolUsage.source = source;
}

async function fillPoolGauge(gauge: Gauge<'pool'>, holder: PoolUsageHolder, field: 'used' | 'size'): Promise<void> {
  gauge.reset();
  if (holder.source === undefined) return;
  let pools: readonly PoolUsage[];
  try {
    pools = await holder.source();
  } catch {
    return;
  }
  for (const usage of pools) gauge.set({ pool: usage.pool }, usage[field]);
}
