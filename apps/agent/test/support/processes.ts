/**
 * Real daemons for the agent tests, each removed when its test ends: redis-server on a unix
 * socket in a temporary directory, and FRR (zebra, bgpd, staticd) in a network namespace of its own
 * with its own UTS namespace (hostname = the switch), the way the lab runs them. Names start with
 * `wag-` and carry the test process id, so parallel test files never collide; only processes these
 * helpers started are stopped, by pid.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Redis } from 'ioredis';

/** Where a helper registers its clean-up: a node:test context, or the benchmark's own list. */
export interface Cleanup {
  after(fn: () => unknown): void;
}

/** Why these tests cannot run here, or undefined. In CI everything must be present. */
export function agentTestsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the agent tests need root (network namespaces, FRR daemons)';
  for (const [tool, pkg] of [
    ['redis-server', 'redis-server'],
    ['vtysh', 'frr'],
    ['/usr/lib/frr/frr-reload.py', 'frr-pythontools'],
    ['nsenter', 'util-linux'],
  ] as const) {
    const found = tool.startsWith('/') ? existsSync(tool) : spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
    if (!found) return `${tool} is not installed (Debian package ${pkg})`;
  }
  return undefined;
}

/** Skips the test, saying why, outside CI; fails it in CI. */
export function requireAgentTools(t: TestContext): boolean {
  const why = agentTestsUnavailable();
  if (why === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`required in CI: ${why}`);
  t.skip(why);
  return false;
}

function sh(command: readonly string[]): string {
  const r = spawnSync(command[0] ?? '', command.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let counter = 0;
export function uniqueName(kind: string): string {
  counter += 1;
  return `wag-${process.pid}-${kind}${counter}`;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RedisServer {
  readonly dir: string;
  readonly socket: string;
  /** `unix:///.../redis.sock`, as `weft agent --redis` takes it */
  readonly url: string;
  /** a client on CONFIG_DB (db 4), for the test's own reads and hand edits */
  readonly client: Redis;
  /** SHUTDOWN SAVE: gone, its data kept on disk for start() */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRedis(t: Cleanup, options: { notifications?: boolean } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wag-redis-'));
  const socket = join(dir, 'redis.sock');
  let child: ReturnType<typeof spawn> | undefined;
  const client = new Redis({ path: socket, db: 4, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 50, 500) });
  client.on('error', () => undefined);
  // registered before the server starts: a start that fails still leaves no redis-server behind
  // (a live child would also keep the test file from ever ending)
  t.after(async () => {
    client.disconnect();
    if (child !== undefined && child.exitCode === null) {
      const running = child;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no', '--notify-keyspace-events', options.notifications === false ? '' : 'KEA', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    // the socket file appears at bind(), a moment before listen(): wait for an answer, not the file
    await until('redis-server to answer', async () => {
      if (!existsSync(socket)) return undefined;
      const probe = new Redis({ path: socket, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return true;
      } finally {
        probe.disconnect();
      }
    });
  };
  await start();
  await client.connect();
  const server: RedisServer = {
    dir,
    socket,
    url: `unix://${socket}`,
    client,
    async stop() {
      const running = child;
      if (running === undefined) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      const admin = new Redis({ path: socket, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      admin.on('error', () => undefined);
      await admin.connect();
      await admin.call('SHUTDOWN', 'SAVE').catch(() => undefined);
      admin.disconnect();
      await exited;
      child = undefined;
    },
    start,
  };
  return server;
}

export interface FrrNode {
  readonly netns: string;
  readonly dir: string;
  /** the vty socket directory, as `weft agent --frr-vty-dir` takes it */
  readonly vtyDir: string;
  pid(daemon: 'zebra' | 'bgpd' | 'staticd'): number;
  vtysh(...commands: string[]): string;
  /** `frr-reload.py --test` of `file` from inside the daemons' UTS namespace */
  reloadTest(file: string): string;
}

const DAEMONS = ['zebra', 'bgpd', 'staticd'] as const;

/**
 * FRR for switch `hostname` in a new namespace. `vrfNetns`: zebra -n in a private mount namespace
 * whose /run/netns starts empty (FRR's netns VRF backend).
 */
export function startFrr(t: Cleanup, hostname: string, options: { vrfNetns?: boolean } = {}): FrrNode {
  const netns = uniqueName('frr');
  const dir = mkdtempSync(join(tmpdir(), 'wag-frr-'));
  const run = join(dir, 'run');
  const vrfDir = join(dir, 'vrfns');
  sh(['install', '-d', '-o', 'frr', '-g', 'frr', '-m', '755', dir, run, vrfDir]);
  sh(['ip', 'netns', 'add', netns]);
  t.after(() => {
    for (const daemon of [...DAEMONS].reverse()) {
      try {
        process.kill(Number(readFileSync(join(run, `${daemon}.pid`), 'utf8').trim()), 'SIGTERM');
      } catch {
        // not running
      }
    }
    spawnSync('sh', ['-c', `for i in $(seq 1 50); do ls ${run}/*.pid >/dev/null 2>&1 || exit 0; for p in ${run}/*.pid; do kill -0 $(cat $p) 2>/dev/null || rm -f $p; done; sleep 0.1; done`]);
    spawnSync('sh', ['-c', `for n in $(ip netns list | awk '{print $1}' | grep '^${netns}'); do ip netns delete $n; done`]);
    rmSync(dir, { recursive: true, force: true });
  });
  sh(['ip', '-n', netns, 'link', 'set', 'lo', 'up']);
  sh(['ip', 'netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
  const common = `-F datacenter -P 0 -z ${run}/zserv.api --vty_socket ${run} -f /dev/null`;
  const start = DAEMONS.map((d) => `/usr/lib/frr/${d} -d ${common} --log file:${dir}/${d}.log -i ${run}/${d}.pid${d === 'zebra' && options.vrfNetns === true ? ' -n' : ''}`).join(' && ');
  const mounts = options.vrfNetns === true ? `mount --bind ${vrfDir} /run/netns && ` : '';
  const unshare = options.vrfNetns === true ? ['unshare', '--uts', '--mount', '--propagation', 'private'] : ['unshare', '--uts'];
  const r = spawnSync('ip', ['netns', 'exec', netns, ...unshare, 'sh', '-c', `hostname ${hostname} && ${mounts}${start}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`starting FRR for ${hostname}: ${r.stderr}`);
  const node: FrrNode = {
    netns,
    dir,
    vtyDir: run,
    pid: (daemon) => Number(readFileSync(join(run, `${daemon}.pid`), 'utf8').trim()),
    vtysh: (...commands) => sh(['vtysh', '--vty_socket', run, ...commands.flatMap((c) => ['-c', c])]),
    reloadTest: (file) => {
      const work = mkdtempSync(join(tmpdir(), 'wag-reload-'));
      try {
        sh(['sh', '-c', `echo 'service integrated-vtysh-config' > ${work}/vtysh.conf`]);
        return sh(['nsenter', '--target', String(node.pid('zebra')), '--uts', '--', '/usr/lib/frr/frr-reload.py', '--test', '--vty_socket', run, '--confdir', work, '--rundir', work, file]);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
  return node;
}
