/**
 * `weft lab shim`: the lab's data plane, one process for the whole lab. For every emulated SONiC
 * switch it does what SONiC's managers would do with CONFIG_DB (switch-sync.ts), on every
 * keyspace event of db 4 and every few seconds; for every switch with VRFs it installs the routes
 * zebra's netns backend cannot (leaks.ts); and it keeps the servers' addresses on their
 * attachments (servers.ts, by DHCP where the subnet is served); DHCPV4_RELAY runs dhcrelay
 * (dhcp-relays.ts). Work runs one job at a time, so two switches never race on a link
 * they share.
 */
import { Redis } from 'ioredis';
import { appendFile } from 'node:fs/promises';
import type { DesiredState, LabPlan, ShimSwitch, SubLinkPair } from '#lab';
import type { LabEnd } from '#lab';
import { frrPaths } from '../frr.js';
import { logPath, readState, switchDir } from '../lab-state.js';
import { connectConfigDb, CONFIG_DB } from '../redis.js';
import { run, sleep } from '../system.js';
import type { SwitchHandle } from './linux.js';
import { syncSwitch, syncVrfsFirst } from './switch-sync.js';
import { stopDhcpRelays } from './dhcp-relays.js';
import { syncLeaks } from './leaks.js';
import { ServerSync } from './servers.js';

/** A full re-check of every switch this often (hand-made changes to devices are repaired). */
const PERIOD_MS = 5000;
/** Keyspace events come in bursts (one per HSET of a MULTI): wait this long for the rest. */
const DEBOUNCE_MS = 50;

export interface ShimOptions {
  readonly dir: string;
  readonly signal: AbortSignal;
}

function shimSwitches(plan: LabPlan): ShimSwitch[] {
  const ports = new Map<string, Map<string, LabEnd>>();
  for (const link of plan.links) {
    for (const [mine, far] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      const map = ports.get(mine.node) ?? new Map<string, LabEnd>();
      map.set(mine.port, far);
      ports.set(mine.node, map);
    }
  }
  return plan.switches
    .filter((s) => s.emulation === 'sonic')
    .map((s) => ({ name: s.name, prefix: plan.prefix, netns: s.netns, ports: ports.get(s.name) ?? new Map<string, LabEnd>() }));
}

/** At most `limit` jobs at a time; a switch's own jobs never overlap (see Switch.run). */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run(job: () => Promise<void>): Promise<void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      await job();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** A job that runs again once more if asked while it runs, and never twice at once. */
class Coalesced {
  private running = false;
  private again = false;
  constructor(
    private readonly limiter: Limiter,
    private readonly job: () => Promise<void>,
  ) {}

  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.limiter
      .run(this.job)
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }
}

export async function runShim(options: ShimOptions): Promise<void> {
  const state = await readState(options.dir);
  if (state?.plan === undefined) throw new Error(`no lab in ${options.dir}`);
  const plan = state.plan;
  const log = (event: Record<string, unknown>): void => {
    void appendFile(logPath(options.dir, 'shim'), `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`).catch(() => undefined);
  };
  const limiter = new Limiter(4);
  const desired = new Map<string, DesiredState>();
  const farEndExists = async (pair: SubLinkPair): Promise<boolean> => (await run(['ip', '-n', pair.b.netns, 'link', 'show', 'dev', pair.b.name])).code === 0;
  const switches = shimSwitches(plan);
  const connections: Redis[] = [];
  const timers: NodeJS.Timeout[] = [];
  switches.forEach((sw, index) => {
    const dir = switchDir(options.dir, sw.name);
    const handle: SwitchHandle = { name: sw.name, prefix: plan.prefix, netns: sw.netns, frr: frrPaths(dir), acls: new Map(), flapped: new Map() };
    const redis = connectConfigDb(dir);
    const events = connectConfigDb(dir);
    connections.push(redis, events);
    // one change to a switch's devices at a time: a device made in a VRF namespace while zebra
    // reads that namespace as it binds it can be lost to zebra for good (docs/adr/0096)
    let serial: Promise<void> = Promise.resolve();
    const exclusive = (work: () => Promise<unknown>): Promise<void> => {
      const next = serial.then(work).then(
        () => undefined,
        (e: unknown) => {
          log({ switch: sw.name, error: e instanceof Error ? e.message : String(e) });
        },
      );
      serial = next;
      return next;
    };
    const sync = new Coalesced(limiter, () => exclusive(() => syncSwitch({ sw, handle, redis, desired, log, farEndExists })));
    let debounce: NodeJS.Timeout | undefined;
    let vrfsFirst: Promise<unknown> = Promise.resolve();
    events.on('pmessage', (_pattern: string, channel: string) => {
      if (channel.includes(':VRF|')) vrfsFirst = exclusive(() => syncVrfsFirst({ sw, handle, redis, desired, log, farEndExists }));
      debounce ??= setTimeout(() => {
        debounce = undefined;
        void vrfsFirst.then(() => {
          sync.trigger();
        });
      }, DEBOUNCE_MS);
    });
    redis.on('error', () => undefined);
    events.on('error', () => undefined);
    void (async () => {
      while (!options.signal.aborted) {
        try {
          await redis.connect();
          await events.connect();
          await events.psubscribe(`__keyspace@${CONFIG_DB}__:*`);
          sync.trigger();
          return;
        } catch (e) {
          log({ switch: sw.name, error: `CONFIG_DB not reachable yet: ${e instanceof Error ? e.message : String(e)}` });
          redis.disconnect();
          events.disconnect();
          await sleep(1000);
        }
      }
    })();
    // periods staggered over the switches, so the checks do not all come at once
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => {
          sync.trigger();
        }, PERIOD_MS),
      );
    }, (PERIOD_MS * index) / Math.max(1, switches.length));
    timers.push(start);
  });
  const leaks = new Coalesced(limiter, () => syncLeaks(options.dir, plan, log));
  const servers = new ServerSync(options.dir, plan, log);
  const serverSync = new Coalesced(limiter, () => servers.sync());
  const background = setInterval(() => {
    leaks.trigger();
    serverSync.trigger();
  }, 2000);
  timers.push(background);
  log({ message: 'shim started', switches: switches.map((s) => s.name) });
  await new Promise<void>((resolve) => {
    options.signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  for (const timer of timers) clearInterval(timer);
  for (const c of connections) c.disconnect();
  stopDhcpRelays();
  servers.stop();
  log({ message: 'shim stopped' });
}
