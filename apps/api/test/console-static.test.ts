// The web console served by the API process: a build's files with the right cache headers, client
// routes answered with index.html, and the service's own paths (API, GraphQL, probes, metrics)
// never shadowed. A small stand-in build in a temporary directory; the real build is driven in
// Chromium by test/console/console.test.ts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createJsonLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { createHttpApp } from '../src/server.js';

const INDEX = '<!doctype html><title>Weft</title><div id="root"></div>';

function fakeBuild(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'wc-console-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-3f2a1b.js'), 'console.log(1)');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function start(t: TestContext, consoleDir: string): Promise<string> {
  const logger = createJsonLogger({ level: 'error', write: () => undefined });
  const tokens = { authenticate: () => Promise.resolve(undefined) };
  const app = await createHttpApp({ store: {}, tokens, metrics: createMetrics({ processMetrics: false }), logger, ready: () => Promise.resolve(true) }, loadConfig({}), { consoleDir });
  t.after(() => app.close());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  assert.ok(typeof address === 'object' && address !== null);
  return `http://127.0.0.1:${address.port}`;
}

test('/ and every client route answer index.html, revalidated on each load, with a strict content security policy', async (t) => {
  const base = await start(t, fakeBuild(t));
  for (const path of ['/', '/vpcs', '/vpcs/default/blue', '/fabric', '/switches/leaf1?tab=files']) {
    const response = await fetch(`${base}${path}`);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/, path);
    assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/, path);
    assert.equal(await response.text(), INDEX, path);
  }
});

test('hashed assets are immutable for a year; other files revalidate; a missing file is a JSON 404, not the page', async (t) => {
  const base = await start(t, fakeBuild(t));
  const asset = await fetch(`${base}/assets/index-3f2a1b.js`);
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await asset.text(), 'console.log(1)');
  const icon = await fetch(`${base}/favicon.svg`);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('cache-control'), 'no-cache');
  const missing = await fetch(`${base}/assets/index-000000.js`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, 'not-found');
});

test('the console never shadows the API, GraphQL, probes or metrics', async (t) => {
  const base = await start(t, fakeBuild(t));
  const unknownApi = await fetch(`${base}/api/v2/no-such-route`);
  assert.equal(unknownApi.status, 404);
  assert.deepEqual(((await unknownApi.json()) as { message: string }).message, 'Cannot GET /api/v2/no-such-route');
  const graphql = await fetch(`${base}/graphql/nothing-here`);
  assert.equal(graphql.status, 404);
  assert.match(graphql.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
  // /metrics is the metrics route (which wants a token on this listener), not the console's page
  const metrics = await fetch(`${base}/metrics`);
  assert.equal(metrics.status, 401);
  assert.equal(((await metrics.json()) as { code: string }).code, 'unauthenticated');
  const unauthenticated = await fetch(`${base}/api/v1/whoami`);
  assert.equal(unauthenticated.status, 401, 'the API still wants a token; only the console files are public');
  const post = await fetch(`${base}/vpcs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(post.status, 404, 'only GET serves the page');
});

test('without a build, / says how to make one, as a JSON 404', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-console-empty-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const base = await start(t, dir);
  const response = await fetch(`${base}/`);
  assert.equal(response.status, 404);
  const body = (await response.json()) as { code: string; message: string };
  assert.equal(body.code, 'not-found');
  assert.match(body.message, /the web console is not built: npm run build/);
});
