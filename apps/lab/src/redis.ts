/**
 * One Redis per emulated SONiC switch, inside its network namespace (so `redis-cli -n 4` works in
 * `weft lab exec`) with a unix socket in the switch's directory for the agent and the shim. It
 * starts with what a SONiC box has before any controller talks to it: the platform's PORT entries
 * (lanes, speed, admin down), DEVICE_METADATA with hostname and platform, CONFIG_DB_INITIALIZED.
 */
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { inNetns, runOk, sleep } from './system.js';
import { connect } from 'node:net';

/** SONiC's database numbers. */
export const CONFIG_DB = 4;

export const redisSocket = (switchDir: string): string => join(switchDir, 'redis.sock');

function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startRedis(netns: string, switchDir: string): Promise<void> {
  await runOk(
    inNetns(netns, [
      'redis-server',
      '--port', '6379',
      '--bind', '127.0.0.1',
      '--unixsocket', redisSocket(switchDir),
      '--unixsocketperm', '770',
      '--daemonize', 'yes',
      '--pidfile', join(switchDir, 'redis.pid'),
      '--logfile', join(switchDir, 'redis.log'),
      '--dir', switchDir,
      '--save', '',
      '--appendonly', 'no',
      '--databases', '16',
      '--notify-keyspace-events', 'KA',
    ]),
  );
  // the socket file appears before redis listens on it: wait until a connection is accepted
  for (let i = 0; i < 600; i++) {
    if (await accepts(redisSocket(switchDir))) return;
    await sleep(25);
  }
  throw new Error(`redis-server of ${netns} did not accept connections on ${redisSocket(switchDir)}`);
}

export function connectConfigDb(switchDir: string): Redis {
  return new Redis({ path: redisSocket(switchDir), db: CONFIG_DB, lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

/** Lanes as the compiler numbers them: EthernetN owns lanes N+1.. up to the next port, 4 at most. */
export function platformPorts(ports: readonly string[]): Map<string, Record<string, string>> {
  const numbered = ports
    .map((name) => ({ name, n: /^Ethernet(\d+)$/.exec(name)?.[1] }))
    .filter((p): p is { name: string; n: string } => p.n !== undefined)
    .map((p) => ({ name: p.name, n: Number(p.n) }))
    .sort((a, b) => a.n - b.n);
  const out = new Map<string, Record<string, string>>();
  numbered.forEach((port, index) => {
    const next = numbered[index + 1];
    const count = next === undefined ? 4 : Math.min(4, next.n - port.n);
    const lanes = Array.from({ length: count }, (_, i) => port.n + 1 + i);
    out.set(port.name, { lanes: lanes.join(','), speed: String(count * 25_000), alias: `etp${index + 1}`, index: String(index), admin_status: 'down', mtu: '9100' });
  });
  return out;
}

/** The factory CONFIG_DB of the emulated platform. */
export async function writePlatformConfig(switchDir: string, hostname: string, ports: readonly string[]): Promise<void> {
  const redis = connectConfigDb(switchDir);
  try {
    await redis.connect();
    const multi = redis.multi();
    multi.hset('DEVICE_METADATA|localhost', { hostname, platform: 'x86_64-weft_lab-r0', hwsku: 'Weft-Lab-Netns' });
    for (const [name, fields] of platformPorts(ports)) multi.hset(`PORT|${name}`, fields);
    multi.set('CONFIG_DB_INITIALIZED', '1');
    await multi.exec();
  } finally {
    redis.disconnect();
  }
}
