// The service's life as an operator sees it, with the real `weft serve` process on embedded
// PostgreSQL: killed with -9 it starts again on the same WEFT_DATA (the PostgreSQL it left
// running is found through postmaster.pid and stopped); its database killed, it keeps serving
// reads, refuses writes with 503 and recovers on its own; SIGTERM under write load exits 0 with
// every acknowledged write stored; each failed start exits 1 naming its cause.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../src/net.js';
import { call } from './support/http-client.js';
import { serviceEnvironment, spawnWeftServe, WEFT } from './support/weft-process.js';

const ADMIN = 'lifecycle-admin-token-0123456789';

function dataDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'wh-lifecycle-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

function postmasterPid(dir: string): number | undefined {
  const file = join(dir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every 100 ms until it holds; fails with `what` after a generous minute. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`${what} never happened`);
}

const vpc = (name: string, third: number): unknown => ({ metadata: { name }, spec: { tenant: 'acme', subnets: { web: { cidr: `10.200.${third}.0/24` } } } });

/** `weft serve` run to its end: its exit code and what it printed on stderr. */
function serveOnce(env: Record<string, string>, prefix: string[] = []): { status: number | null; stderr: string } {
  const [command, ...args] = [...prefix, process.execPath, WEFT, 'serve'];
  const run = spawnSync(command, args, { env: serviceEnvironment({ HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env }), encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stderr: run.stderr };
}

test('killed with -9, weft serve starts again on the same WEFT_DATA: the PostgreSQL it left is found by postmaster.pid and stopped, nothing is lost', async (t) => {
  const dir = dataDir(t);
  const first = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  assert.equal((await call(first.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('before-crash', 1))).status, 201);
  const leftover = postmasterPid(dir);
  assert.ok(leftover !== undefined && alive(leftover), 'PostgreSQL runs');

  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(alive(leftover), 'kill -9 leaves the PostgreSQL child running (it has its own process group)');

  const second = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  assert.ok(!alive(leftover), 'the leftover PostgreSQL was stopped');
  assert.match(second.stderr(), /left running .* by an earlier weft is stopped/);
  const read = await call<{ metadata: { name: string } }>(second.base, ADMIN, 'GET', '/api/v1/vpcs/before-crash');
  assert.equal(read.status, 200, 'the write acknowledged before the crash is there');
  assert.equal((await call(second.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('after-crash', 2))).status, 201);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());
  assert.equal(postmasterPid(dir), undefined, 'PostgreSQL stopped with it');
});

test('the database killed under the service: reads go on, writes are 503 (never a crash), and it comes back on its own', async (t) => {
  const dir = dataDir(t);
  const weft = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  assert.equal((await call(weft.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('kept', 3))).status, 201);
  const pid = postmasterPid(dir);
  assert.ok(pid !== undefined);

  process.kill(pid, 'SIGKILL');
  // writes while it is away: refused with 503 and Retry-After, the process stays up
  let refused = 0;
  await until('a write refused with 503', async () => {
    const reply = await call(weft.base, ADMIN, 'POST', '/api/v1/vpcs', vpc(`away-${refused}`, 10 + refused));
    assert.ok(reply.status === 503 || reply.status === 201, `a write while the database is away is 503 or, once back, 201: ${reply.status} ${reply.text}`);
    if (reply.status === 503) {
      refused += 1;
      assert.ok(reply.headers.get('retry-after') !== null);
      assert.doesNotMatch(reply.text, /ECONNREFUSED|terminating|SQLSTATE/, 'no database text reaches the client');
    }
    return reply.status === 503 || postmasterPid(dir) !== pid;
  });
  const read = await call(weft.base, ADMIN, 'GET', '/api/v1/vpcs/kept');
  assert.equal(read.status, 200, 'reads are served from memory meanwhile');
  assert.equal(weft.child.exitCode, null, 'the service is still running');

  // back on its own: the supervisor restarts PostgreSQL, a write succeeds again
  await until('a write accepted again', async () => (await call(weft.base, ADMIN, 'POST', '/api/v1/vpcs', vpc('recovered', 60))).status === 201);
  assert.notEqual(postmasterPid(dir), pid, 'a new postmaster');
  assert.equal((await call(weft.base, ADMIN, 'GET', '/readyz')).status, 200);
  assert.equal((await call(weft.base, ADMIN, 'GET', '/api/v1/vpcs/kept')).status, 200);
  weft.child.kill('SIGTERM');
  assert.equal(await weft.exited, 0, weft.stderr());
});

test('SIGTERM under write load: exit 0, and every write answered 2xx is there after a restart', async (t) => {
  const dir = dataDir(t);
  const weft = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  const acknowledged: string[] = [];
  let stop = false;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const name = `load-${w}-${i}`;
      try {
        const reply = await call(weft.base, ADMIN, 'POST', '/api/v1/vpcs', { metadata: { name }, spec: { tenant: `load-${w}`, subnets: { web: { cidr: `10.${100 + w}.${i % 250}.0/24` } } } });
        if (reply.status === 201) acknowledged.push(name);
        else assert.ok(reply.status === 503 || reply.status === 400, `${name}: ${reply.status} ${reply.text}`);
      } catch {
        // the listener is closed: the service is draining
        return;
      }
    }
  });
  await until('some writes acknowledged', () => acknowledged.length >= 20);
  weft.child.kill('SIGTERM');
  assert.equal(await weft.exited, 0, weft.stderr());
  stop = true;
  await Promise.all(writers);
  assert.doesNotMatch(weft.stderr(), /unhandled|uncaught/i);

  const again = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  const stored = new Set((await call<{ items: { metadata: { name: string } }[] }>(again.base, ADMIN, 'GET', '/api/v1/vpcs')).body.items.map((item) => item.metadata.name));
  assert.deepEqual(acknowledged.filter((name) => !stored.has(name)), [], 'no acknowledged write is lost');
  again.child.kill('SIGTERM');
  assert.equal(await again.exited, 0);
});

test('every failed start exits 1 naming its cause: port in use, database refused, wrong password, no answer, read-only or locked data directory', async (t) => {
  // database refused
  const closed = await freePort();
  const refused = serveOnce({ PORT: String(await freePort()), DATABASE_URL: `postgres://weft:x@127.0.0.1:${closed}/weft` });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /cannot start: PostgreSQL at 127\.0\.0\.1:\d+ refused the connection/);

  // a server that accepts and never answers: a bounded wait, then the cause
  const sockets: Socket[] = [];
  const silent: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolveListen) => silent.listen(0, '127.0.0.1', resolveListen));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  const silentPort = (silent.address() as { port: number }).port;
  const hung = serveOnce({ PORT: String(await freePort()), DATABASE_URL: `postgres://weft:x@127.0.0.1:${silentPort}/weft`, WEFT_DB_CONNECT_TIMEOUT_MS: '1000' });
  assert.equal(hung.status, 1);
  assert.match(hung.stderr, /cannot start: PostgreSQL at 127\.0\.0\.1:\d+ did not answer within 1 s/);

  // a running weft's data directory: locked; and its database with a wrong password
  const dir = dataDir(t);
  // its own temporary directory, so that what it leaves there is told apart from other programs' files
  const ownTmp = dataDir(t);
  const owner = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn', TMPDIR: ownTmp });
  const locked = serveOnce({ PORT: String(await freePort()), WEFT_DATA: dir });
  assert.equal(locked.status, 1);
  assert.match(locked.stderr, new RegExp(`cannot start: WEFT_DATA .* is in use by weft process ${owner.child.pid ?? 0}`));
  assert.equal((await call(owner.base, undefined, 'GET', '/healthz')).status, 200, 'the running one is untouched');
  const pgPort = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const wrong = serveOnce({ PORT: String(await freePort()), DATABASE_URL: `postgres://weft:wrong@127.0.0.1:${pgPort}/weft` });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /cannot start: PostgreSQL at 127\.0\.0\.1:\d+ refused the password of user weft/);
  // the database password is readable by its owner only, and never was in the temporary directory
  assert.equal(statSync(join(dir, 'pg-password')).mode & 0o077, 0);
  assert.deepEqual(readdirSync(ownTmp), [], 'initdb left nothing in the temporary directory: no password file');
  // port in use (on the running one's database, so that only the listener fails)
  const password = readFileSync(join(dir, 'pg-password'), 'utf8').trim();
  const inUse = serveOnce({ PORT: String(owner.port), DATABASE_URL: `postgres://weft:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/weft`, WEFT_ADMIN_TOKEN: ADMIN });
  assert.equal(inUse.status, 1, inUse.stderr);
  assert.match(inUse.stderr, new RegExp(`weft serve: cannot start: 127\\.0\\.0\\.1:${owner.port} is in use by another process`));
  owner.child.kill('SIGTERM');
  assert.equal(await owner.exited, 0);

  // a read-only data directory (as root: a read-only bind mount in a mount namespace of its own)
  const readOnly = dataDir(t);
  const ro = process.getuid?.() === 0 ? serveOnce({ PORT: String(await freePort()), WEFT_DATA: readOnly }, ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', `mount --bind -o ro "${readOnly}" "${readOnly}" && exec "$0" "$@"`]) : (spawnSync('chmod', ['0500', readOnly]), serveOnce({ PORT: String(await freePort()), WEFT_DATA: readOnly }));
  assert.equal(ro.status, 1, ro.stderr);
  assert.match(ro.stderr, /cannot start: WEFT_DATA .* cannot be written \((EROFS|EACCES)\)/);
});

test('a stale lock from a weft that is gone does not stop the next start', async (t) => {
  const dir = dataDir(t);
  // a pid that cannot be running: a finished child's
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolveExit) => gone.once('exit', resolveExit));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'weft.pid'), `${gone.pid ?? 999_999}\n\n`);
  const weft = await spawnWeftServe(t, { WEFT_DATA: dir, WEFT_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  assert.equal(readFileSync(join(dir, 'weft.pid'), 'utf8').split('\n')[0], String(weft.child.pid));
  weft.child.kill('SIGTERM');
  assert.equal(await weft.exited, 0);
  assert.ok(!existsSync(join(dir, 'weft.pid')), 'the lock goes with the service');
});
