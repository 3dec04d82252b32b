/**
 * CONFIG_DB (Redis database 4) through ioredis: read every entry, write a plan's groups each in one
 * MULTI/EXEC, and turn keyspace notifications (where `notify-keyspace-events` enables them) into
 * change events, leaving out the echoes of the agent's own writes. Commands fail at once while
 * Redis is away (no offline queue); ioredis reconnects in the background.
 */
import { Redis } from 'ioredis';
import { KEY_SEPARATOR, type Entries, type Fields, type RedisWrite, type WriteGroup } from '#configdb-diff';
import { aborted } from '../core/abort.js';
import { SYSTEM_CLOCK } from '../core/clock.js';
import { DeviceError } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { redisOptions } from './redis-url.js';

export interface ConfigDbOptions {
  /** `redis://host:port` or `unix:///path/redis.sock` */
  readonly url: string;
  readonly log?: AgentLogger;
}

/** A write stopped after `written` groups. */
export class WriteStopped extends Error {
  constructor(
    message: string,
    readonly written: number,
  ) {
    super(message);
    this.name = 'WriteStopped';
  }
}

const SCAN_COUNT = 1000;
const ECHO_WINDOW_MS = 2000;
const KEYSPACE_PREFIX = '__keyspace@4__:';

/** Coalesced change events: one wake-up however many notifications arrived meanwhile. */
class Pulse {
  private pending = false;
  private waiter: (() => void) | undefined;

  fire(): void {
    this.pending = true;
    this.waiter?.();
  }

  async *iterate(signal: AbortSignal): AsyncIterable<void> {
    while (!signal.aborted) {
      if (!this.pending) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            this.waiter = undefined;
            signal.removeEventListener('abort', done);
            resolve();
          };
          this.waiter = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
      if (aborted(signal)) return;
      this.pending = false;
      yield;
    }
  }
}

export class ConfigDb {
  private readonly redis: Redis;
  private readonly log: AgentLogger;
  private lastError = 'not connected yet';
  private subscriber: Redis | undefined;
  /** per key, the notifications its own writes will cause, and until when to expect them */
  private echoes = new Map<string, { count: number; until: number }>();
  private subscribed = false;
  private readonly pulse = new Pulse();

  constructor(private readonly options: ConfigDbOptions) {
    this.log = options.log ?? SILENT;
    this.redis = new Redis({
      ...redisOptions(options.url),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // a command in flight when Redis goes fails instead of waiting for it to come back
      autoResendUnfulfilledCommands: false,
      commandTimeout: 10_000,
      connectTimeout: 3000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
    });
    this.redis.on('error', (e: Error) => {
      if (e.message !== this.lastError) this.log('debug', 'redis', `CONFIG_DB at ${options.url}: ${e.message}`);
      this.lastError = e.message;
    });
  }

  private unreachable(e?: unknown): DeviceError {
    const why = e instanceof Error && !/Stream isn't writeable|Connection is closed/.test(e.message) ? e.message : this.lastError;
    return new DeviceError(`CONFIG_DB (Redis database 4 at ${this.options.url}) is not reachable: ${why}`, true);
  }

  private connecting: Promise<void> | undefined;

  /** Connected, or a retryable DeviceError at once (no waiting on a Redis that is away). */
  private async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.redis.status === 'wait' || this.redis.status === 'end') {
      this.connecting = this.redis.connect().finally(() => {
        this.connecting = undefined;
      });
    }
    if (this.connecting !== undefined) {
      try {
        await this.connecting;
        return;
      } catch (e) {
        throw this.unreachable(e);
      }
    }
    throw this.unreachable();
  }

  private async command<T>(action: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await action();
    } catch (e) {
      if (this.redis.status !== 'ready') throw this.unreachable(e);
      throw new DeviceError(`CONFIG_DB at ${this.options.url}: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  }

  /** Every CONFIG_DB entry (`TABLE|key` hashes; other keys such as CONFIG_DB_INITIALIZED are left out). */
  async read(): Promise<Entries> {
    return this.command(async () => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await this.redis.scan(cursor, 'COUNT', SCAN_COUNT);
        cursor = next;
        for (const key of batch) if (key.includes(KEY_SEPARATOR)) keys.push(key);
      } while (cursor !== '0');
      return this.hashes(keys);
    });
  }

  /** The named entries that exist. */
  async readKeys(keys: readonly string[]): Promise<Entries> {
    return this.command(() => this.hashes(keys));
  }

  private async hashes(keys: readonly string[]): Promise<Entries> {
    if (keys.length === 0) return {};
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    const results = (await pipeline.exec()) ?? [];
    const entries: Record<string, Fields> = {};
    keys.forEach((key, i) => {
      const [error, value] = results[i] ?? [null, undefined];
      // a key that is not a hash is not a CONFIG_DB entry; an emptied hash is gone
      if (error === null && typeof value === 'object' && value !== null && Object.keys(value).length > 0) entries[key] = value as Fields;
    });
    return entries;
  }

  /**
   * Writes each group in one MULTI/EXEC, in order. `between` runs after each group but the last
   * (logging, and the test hook that pauses there). Throws WriteStopped with how many landed.
   */
  async write(groups: readonly WriteGroup[], between?: (written: number) => Promise<void>): Promise<void> {
    await this.ready();
    for (const [i, group] of groups.entries()) {
      const multi = this.redis.multi();
      for (const w of group.writes) this.queue(multi, w);
      this.expectEchoes(group.writes);
      let results: [Error | null, unknown][] | null;
      try {
        results = await multi.exec();
      } catch (e) {
        throw new WriteStopped(`${this.unreachable(e).message} (while writing "${group.label}")`, i);
      }
      const failed = results?.find(([error]) => error !== null)?.[0];
      if (results === null || failed !== undefined) {
        throw new WriteStopped(`CONFIG_DB refused "${group.label}": ${failed?.message ?? 'the transaction was discarded'}`, i);
      }
      if (between !== undefined && i < groups.length - 1) await between(i + 1);
    }
  }

  private queue(multi: ReturnType<Redis['multi']>, w: RedisWrite): void {
    if (w.op === 'hset') multi.hset(w.key, w.fields);
    else if (w.op === 'hdel') multi.hdel(w.key, ...w.fields);
    else multi.del(w.key);
  }

  private expectEchoes(writes: readonly RedisWrite[]): void {
    // only while subscribed: notifications sent before the subscription never arrive
    if (!this.subscribed) return;
    const until = Date.now() + ECHO_WINDOW_MS;
    for (const w of writes) {
      const before = this.echoes.get(w.key);
      this.echoes.set(w.key, { count: (before !== undefined && before.until > Date.now() ? before.count : 0) + 1, until });
    }
  }

  /** Is this notification the echo of one of our own writes? */
  private isEcho(key: string): boolean {
    const echo = this.echoes.get(key);
    if (echo === undefined) return false;
    if (echo.until < Date.now() || echo.count <= 0) {
      this.echoes.delete(key);
      return false;
    }
    echo.count -= 1;
    return true;
  }

  /** Whether Redis sends keyspace notifications for hash and generic commands; undefined while it cannot be asked. */
  private async notificationsEnabled(): Promise<boolean | undefined> {
    try {
      await this.ready();
    } catch {
      return undefined;
    }
    try {
      const reply = (await this.redis.config('GET', 'notify-keyspace-events')) as unknown;
      const flags = Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : '';
      return flags.includes('K') && (flags.includes('A') || (flags.includes('h') && flags.includes('g')));
    } catch {
      return false; // CONFIG renamed or refused: the period check alone
    }
  }

  /** Change events from keyspace notifications; nothing when Redis does not send them. */
  async *events(signal: AbortSignal): AsyncIterable<void> {
    let enabled = await this.notificationsEnabled();
    while (enabled === undefined && !signal.aborted) {
      await SYSTEM_CLOCK.sleep(2000, signal);
      enabled = await this.notificationsEnabled();
    }
    if (enabled !== true) {
      if (enabled === false) this.log('info', 'redis', `keyspace notifications are off on ${this.options.url} (notify-keyspace-events): drift is found by the period check alone`);
      return;
    }
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: false });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('pmessage', (_pattern: string, channel: string) => {
      const key = channel.slice(KEYSPACE_PREFIX.length);
      if (key.includes(KEY_SEPARATOR) && !this.isEcho(key)) this.pulse.fire();
    });
    try {
      await subscriber.psubscribe(`${KEYSPACE_PREFIX}*`);
      this.subscribed = true;
      this.log('debug', 'redis', `watching CONFIG_DB keyspace notifications on ${this.options.url}`);
      yield* this.pulse.iterate(signal);
    } finally {
      this.subscribed = false;
      this.echoes.clear();
      this.subscriber = undefined;
      subscriber.disconnect();
    }
  }

  close(): Promise<void> {
    this.subscriber?.disconnect();
    this.redis.disconnect();
    return Promise.resolve();
  }
}
