// deploy/grafana/weft-fabric.json as Grafana and Prometheus would take it: a dashboard whose
// every panel queries the Prometheus datasource variable; every query is PromQL that promtool
// parses (as a recording rule, Grafana's variables filled in); and every metric a query names is
// one the agents or the service export (read from their registries, not from a list here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '#testing';
import { createAgentMetrics } from '../apps/agent/src/metrics/agent-metrics.js';
import { createMetrics } from '../apps/api/src/observability/metrics.js';

interface Target {
  readonly expr?: string;
  readonly refId?: string;
}
interface Panel {
  readonly type: string;
  readonly title?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly targets?: readonly Target[];
}
interface Dashboard {
  readonly title: string;
  readonly uid: string;
  readonly schemaVersion: number;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly type: string }[] };
}

const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/grafana/weft-fabric.json'), 'utf8')) as Dashboard;
const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title ?? '?', expr: t.expr ?? '' })));

/** Every sample name a registry can expose: counters and gauges by name, histograms by bucket, sum and count. */
async function exported(): Promise<Set<string>> {
  const texts = [await createAgentMetrics('leaf1').registry.metrics(), await createMetrics().registry.metrics()];
  const names = new Set<string>();
  for (const text of texts) {
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      if (name === undefined) continue;
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      else names.add(name);
    }
  }
  return names;
}

test('a Grafana dashboard: title, uid, a datasource variable every panel uses, a switch variable', () => {
  assert.equal(dashboard.uid, 'weft-fabric');
  assert.ok(dashboard.schemaVersion >= 36);
  assert.deepEqual(dashboard.templating.list.map((v) => `${v.name}:${v.type}`), ['datasource:datasource', 'switch:query']);
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  assert.ok(panels.length >= 15);
  for (const p of panels) {
    assert.deepEqual(p.datasource, { type: 'prometheus', uid: '${datasource}' }, p.title);
    assert.ok((p.targets ?? []).length > 0, `${p.title ?? '?'} has a query`);
  }
});

test('every query names only metrics the agents or the service export, and each names one', async () => {
  const names = await exported();
  for (const { panel, expr } of queries) {
    const used = [...expr.matchAll(/\b((?:weft|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1] ?? '');
    assert.ok(used.length > 0, `${panel}: ${expr} names no metric`);
    for (const name of used) assert.ok(names.has(name), `${panel}: ${name} is not exported (${expr})`);
  }
});

test('promtool parses every query (as a recording rule, Grafana variables filled in)', (t) => {
  const promtool = spawnSync('bash', [join(REPO_ROOT, 'scripts/promtool.sh')], { encoding: 'utf8' });
  assert.equal(promtool.status, 0, `promtool is available (scripts/promtool.sh): ${promtool.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'weft-dashboard-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const rules = queries.map((q, i) => `      - record: weft:dashboard_query_${i}\n        expr: ${JSON.stringify(q.expr.replaceAll('$__rate_interval', '5m').replaceAll('$switch', '.*'))}`);
  const file = join(dir, 'rules.yaml');
  writeFileSync(file, `groups:\n  - name: weft-fabric-dashboard\n    rules:\n${rules.join('\n')}\n`);
  const check = spawnSync(promtool.stdout.trim(), ['check', 'rules', file], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  assert.match(check.stdout, new RegExp(`SUCCESS: ${queries.length} rules found`));
});
