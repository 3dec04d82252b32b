// `weft serve` as an operator runs it: the listening line, readiness over the real database,
// SIGTERM stopping HTTP and PostgreSQL with exit 0, DATABASE_URL instead of the embedded server,
// and exit 2 naming a bad variable; `weft db migrate` on a database `weft serve` then finds
// current. The store itself is tested in store.test.ts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { serve, type ServiceContext } from '../src/main.js';
import { sampleFabric } from '../src/store/seed.js';
import { migrate, sqlClient } from './support/postgres.js';
import { recordCompileDuration } from '../src/observability/metrics.js';
import { freePort } from '../src/net.js';
import { serviceEnvironment, spawnWeftServe, WEFT } from './support/weft-process.js';

function temporaryDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'weft-serve-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test('weft serve with a bad variable exits 2 naming it, before starting anything', () => {
  const run = spawnSync(process.execPath, [WEFT, 'serve'], { env: serviceEnvironment({ PORT: '70000' }), encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'weft serve: PORT must be a port number from 1 to 65535, got "70000"\n');
  assert.equal(run.stdout, '');
});

test('weft serve refuses arguments: its configuration is the environment', async () => {
  const err: string[] = [];
  const code = await main(['serve', '-f', 'wiring/lab.yaml'], { out: () => undefined, err: (text) => err.push(text) });
  assert.equal(code, 2);
  assert.match(err.join(''), /^weft serve: serve takes no arguments: it reads PORT, HOST, WEFT_DATA, DATABASE_URL, WEFT_ADMIN_TOKEN and LOG_LEVEL\n$/);
});

test('weft serve that cannot reach DATABASE_URL exits 1 saying so', async () => {
  const err: string[] = [];
  const port = await freePort();
  const code = await main(['serve'], { out: () => undefined, err: (text) => err.push(text) }, { env: { DATABASE_URL: `postgres://weft:secret@127.0.0.1:${port}/weft`, PORT: String(await freePort()), LOG_LEVEL: 'error' } });
  assert.equal(code, 1);
  assert.match(err.join(''), /^weft serve: cannot start: PostgreSQL at 127\.0\.0\.1:\d+ refused the connection \(nothing listens there\)\n$/);
});

test('npm start path: weft serve listens, is ready on embedded PostgreSQL, and SIGTERM stops it and PostgreSQL with exit 0', async (t) => {
  const dataDir = temporaryDir(t);
  const { port, child, exited, listening, stderr } = await spawnWeftServe(t, { WEFT_DATA: dataDir });

  assert.equal(listening, `Weft listening on http://127.0.0.1:${port} (database: embedded PostgreSQL in ${dataDir})`);
  assert.ok(existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL runs with its data in WEFT_DATA');
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ready' });

  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr());
  assert.ok(!existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL stopped with the service');
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
  // the structured log says what stopped, in order: streams and HTTP first, PostgreSQL last
  const stopped = stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; component?: string })
    .filter((line) => line.msg === 'stopped')
    .map((line) => line.component);
  assert.deepEqual(stopped, ['event streams', 'http', 'services', 'database pool', 'embedded PostgreSQL']);
});

test('with DATABASE_URL the service uses that server, migrated by weft db migrate beforehand, starts what is set up beside the store with the metrics, and leaves the server running when it stops', async (t) => {
  const external = await startEmbeddedPostgres(temporaryDir(t));
  t.after(() => external.stop());

  // weft db migrate: every migration once, then nothing to do
  const out: string[] = [];
  const env = { DATABASE_URL: external.url, LOG_LEVEL: 'error' };
  assert.equal(await main(['db', 'migrate'], { out: (text) => out.push(text), err: (text) => out.push(text) }, { env }), 0, out.join(''));
  assert.match(out.join(''), /^applied InitialSchema\d+\napplied TokenExpiry\d+\napplied ChangeFeed\d+\napplied DhcpLeaseReports\d+\nthe schema of DATABASE_URL is current\n$/);
  out.length = 0;
  assert.equal(await main(['db', 'migrate', '--json'], { out: (text) => out.push(text), err: (text) => out.push(text) }, { env }), 0);
  assert.deepEqual(JSON.parse(out.join('')), { database: 'DATABASE_URL', applied: [], current: true });

  const port = await freePort();
  const lines: string[] = [];
  let context: ServiceContext | undefined;
  let besideClosed = false;
  const running = await serve(
    loadConfig({ DATABASE_URL: external.url, PORT: String(port), HOST: '127.0.0.1', WEFT_ADMIN_TOKEN: 'a-test-admin-token-0123456789' }),
    {
      seed: sampleFabric,
      start: (store, given) => {
        context = given;
        recordCompileDuration(given.metrics, 0.25);
        assert.ok(store.list('VPC', {}, { name: 'test', role: 'viewer' }).length > 0, 'the store is loaded and seeded before what runs beside it starts');
        return Promise.resolve({
          close: () => {
            besideClosed = true;
            return Promise.resolve();
          },
        });
      },
    },
    { announce: (line) => lines.push(line), writeLog: () => undefined, handleSignals: false },
  );
  t.after(() => running.stop());

  assert.deepEqual(lines, [`Weft listening on http://127.0.0.1:${port} (database: DATABASE_URL)`]);
  assert.equal(running.url, `http://127.0.0.1:${port}`);
  assert.equal(context?.config.adminToken, 'a-test-admin-token-0123456789');
  assert.equal((await fetch(`${running.url}/readyz`)).status, 200);
  const metrics = await (await fetch(`${running.url}/metrics`, { headers: { authorization: 'Bearer a-test-admin-token-0123456789' } })).text();
  assert.ok(metrics.split('\n').some((line) => /^weft_compile_duration_seconds_count [1-9]/.test(line)), 'compiles are measured');
  assert.match(metrics, /^process_resident_memory_bytes /m, 'process metrics are served too, under their standard names');

  await running.stop();
  await running.stopped;
  assert.ok(besideClosed, 'what runs beside the store is stopped with it');
  await assert.rejects(fetch(`${running.url}/healthz`));
  // an external PostgreSQL is not ours to stop; its schema is current
  assert.deepEqual(await migrate(external.url), []);
  const db = sqlClient(external.url);
  t.after(() => db.close());
  assert.ok(((await db.query('SELECT 1 FROM resources')).rowCount ?? 0) > 0, 'the sample fabric was stored');
});
