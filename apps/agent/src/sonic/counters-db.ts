/**
 * Port counters from SONiC's COUNTERS_DB (Redis database 2), as syncd's flex counters keep them:
 * `COUNTERS_PORT_NAME_MAP` maps a port name to its SAI object id, `COUNTERS:<oid>` holds the SAI
 * port statistics. Read for the metrics only: a switch without COUNTERS_DB (the lab's shim does
 * not write it) simply has no counters, and a Redis that is away costs one debug line.
 */
import { Redis } from 'ioredis';
import type { PortCounters } from '../core/device-driver.js';
import { SILENT, type AgentLogger } from '../core/log.js';
import { redisOptions } from './redis-url.js';


const COUNTERS_DB = 2;
const NAME_MAP = 'COUNTERS_PORT_NAME_MAP';

/** SAI statistic -> our field; unicast, multicast and broadcast packets add up. */
const FIELDS: readonly [keyof Omit<PortCounters, 'port'>, readonly string[]][] = [
  ['receiveBytes', ['SAI_PORT_STAT_IF_IN_OCTETS']],
  ['transmitBytes', ['SAI_PORT_STAT_IF_OUT_OCTETS']],
  ['receivePackets', ['SAI_PORT_STAT_IF_IN_UCAST_PKTS', 'SAI_PORT_STAT_IF_IN_NON_UCAST_PKTS']],
  ['transmitPackets', ['SAI_PORT_STAT_IF_OUT_UCAST_PKTS', 'SAI_PORT_STAT_IF_OUT_NON_UCAST_PKTS']],
  ['receiveErrors', ['SAI_PORT_STAT_IF_IN_ERRORS']],
  ['transmitErrors', ['SAI_PORT_STAT_IF_OUT_ERRORS']],
  ['receiveDrops', ['SAI_PORT_STAT_IF_IN_DISCARDS']],
  ['transmitDrops', ['SAI_PORT_STAT_IF_OUT_DISCARDS']],
];

/** One port's counters from its `COUNTERS:<oid>` hash; a statistic that is absent or not a number is left out. */
export function portCountersFrom(port: string, stats: Readonly<Record<string, string>>): PortCounters {
  const out: Record<string, number> = {};
  for (const [field, names] of FIELDS) {
    const values = names.map((n) => stats[n]).filter((v): v is string => v !== undefined && /^\d+$/.test(v)).map(Number);
    if (values.length > 0) out[field] = values.reduce((a, b) => a + b, 0);
  }
  return { port, ...out };
}

export class CountersDb {
  private readonly redis: Redis;
  private readonly log: AgentLogger;
  private warned = false;

  constructor(
    private readonly url: string,
    log?: AgentLogger,
  ) {
    this.log = log ?? SILENT;
    this.redis = new Redis({ ...redisOptions(url), db: COUNTERS_DB, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5000, connectTimeout: 3000, retryStrategy: (times) => Math.min(200 * times, 5000) });
    this.redis.on('error', () => undefined);
  }

  /** The named ports' counters; empty when COUNTERS_DB has none or cannot be read. */
  async read(ports: readonly string[]): Promise<PortCounters[]> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      const oids = await this.redis.hmget(NAME_MAP, ...ports);
      const wanted = ports.flatMap((port, i) => (oids[i] === null || oids[i] === undefined ? [] : [{ port, oid: oids[i] }]));
      if (wanted.length === 0) return [];
      const pipeline = this.redis.pipeline();
      for (const { oid } of wanted) pipeline.hgetall(`COUNTERS:${oid}`);
      const results = (await pipeline.exec()) ?? [];
      return wanted.map(({ port }, i) => {
        const [error, value] = results[i] ?? [null, {}];
        return portCountersFrom(port, error === null && typeof value === 'object' && value !== null ? (value as Record<string, string>) : {});
      });
    } catch (e) {
      if (!this.warned) this.log('debug', 'redis', `COUNTERS_DB (Redis database ${COUNTERS_DB} at ${this.url}) not read: ${e instanceof Error ? e.message : String(e)}`);
      this.warned = true;
      return [];
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
