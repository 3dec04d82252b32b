/**
 * What the store reports about itself: log lines (through the service's logger) and metrics
 * (compile durations, write batch sizes). One place, so the services need neither the logger's
 * nor the metrics' shape.
 */
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, METRICS } from '../http/injection-tokens.js';
import type { Logger } from '../observability/logger.js';
import { recordCompileDuration, recordWriteBatchSize, watchPoolUsage, type PoolUsageSource, type WeftMetrics } from '../observability/metrics.js';

/** What the store needs of a logger: its four levels (not the pino instance HTTP hands to Nest). */
export type StoreLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

@Injectable()
export class StoreTelemetry {
  constructor(
    @Inject(LOGGER) private readonly logger: StoreLogger,
    @Inject(METRICS) private readonly metrics: WeftMetrics,
  ) {}

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
    this.logger[level](message, { component: 'store', ...fields });
  }

  /** Logs a failure with its message (never a stack or the database's text to clients: this is the log). */
  failure(message: string, error: unknown, fields: Record<string, unknown> = {}): void {
    this.log('error', message, { ...fields, error: error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) });
  }

  /** Runs a compile and records how long it took. */
  timeCompile<T>(compile: () => T): T {
    const started = performance.now();
    try {
      return compile();
    } finally {
      recordCompileDuration(this.metrics, (performance.now() - started) / 1000);
    }
  }

  batchCommitted(writes: number): void {
    recordWriteBatchSize(this.metrics, writes);
  }

  /** Pool usage, read by /metrics when it is scraped. */
  watchPools(source: PoolUsageSource): void {
    watchPoolUsage(this.metrics, source);
  }
}
