/**
 * The agent's loop: desired state in (first `current()`, then `watch()`), applied through the
 * device driver, status out. It applies each new generation; on a period and on the device's
 * change events it plans again, and a non-empty plan at an unchanged generation is drift: each key
 * is reported as a drift event and repaired. Retryable device errors are retried with capped
 * exponential backoff while the last applied state stays in place and the status says Degraded;
 * a report that does not reach the service is retried the same way. Time is injected (Clock), so
 * the logic runs deterministically in tests.
 */
import type { AgentStatus } from '#api';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { SYSTEM_CLOCK, type Clock } from './clock.js';
import { conditionsOf, statusOf, type Condition, type DriftEvent, type LoopState } from './agent-status.js';
import { SourceError, type DesiredStateSource } from './desired-state-source.js';
import { DeviceError, UnsupportedDeviceError, type DesiredState, type DeviceChange, type DeviceDriver, type DeviceObservation, type DriverFactory } from './device-driver.js';
import { SILENT, type AgentLogger } from './log.js';
import type { LoopMetrics } from './loop-metrics.js';

export interface AgentLoopOptions {
  readonly switchName: string;
  readonly source: DesiredStateSource;
  readonly driverFor: DriverFactory;
  /** re-check and heartbeat period */
  readonly periodMs: number;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  readonly log?: AgentLogger;
  /** for the backoff's jitter (tests pass a constant) */
  readonly random?: () => number;
  /** drift events kept in the status, newest first */
  readonly maxDriftEvents?: number;
  /** told of generations, apply durations, drift and observations (the Prometheus exporter) */
  readonly metrics?: LoopMetrics;
}

const MAX_LOGGED_KEYS = 50;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A driver serves one os and one way of reaching the device: another of either makes a new one. */
function driverKey(desired: DesiredState): string {
  return JSON.stringify([desired.os ?? null, desired.management ?? null]);
}

function driftKind(op: DeviceChange['op']): DriftEvent['change'] {
  switch (op) {
    case 'set':
      return 'deleted';
    case 'modify':
      return 'modified';
    case 'delete':
      return 'added';
  }
}

/** Something the loop waits for besides time: a new generation, a device change event. */
class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  set(): void {
    this.pending = true;
    this.resolve?.();
  }

  /** Resolves at once if set since the last wait, else when set. */
  wait(signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.pending = false;
        this.resolve = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.resolve = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

export class AgentLoop {
  private readonly clock: Clock;
  private readonly log: AgentLogger;
  private readonly deviceBackoff: Backoff;
  private readonly reportBackoff: Backoff;
  private readonly wakeup = new Wakeup();
  private readonly maxDriftEvents: number;

  private desired: DesiredState | undefined;
  private driver: { readonly key: string; readonly driver: DeviceDriver; readonly stop: AbortController; readonly watching: Promise<void> } | undefined;
  private applied: { generation: number; at: string } | undefined;
  private lastError: string | undefined;
  private degraded: { reason: string; message: string } | undefined;
  private drift: { found: number; at: string; repaired: boolean } | undefined;
  private driftEvents: DriftEvent[] = [];
  private driftCount = 0;
  private observation: DeviceObservation = {};
  private conditions: Condition[] = [];
  /** when the device is next checked (ms since the epoch); due at once at start */
  private deviceAt = 0;
  private reportAt = 0;
  private statusVersion = 0;
  /** new generations and device events seen: one arriving during a reconcile calls for another */
  private nudges = 0;

  constructor(private readonly options: AgentLoopOptions) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.log = options.log ?? SILENT;
    this.deviceBackoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, options.random);
    this.reportBackoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, options.random);
    this.maxDriftEvents = options.maxDriftEvents ?? 20;
  }

  /** Runs until `signal` aborts. Throws only what no retry fixes (a refused token, an os without a driver). */
  async run(signal: AbortSignal): Promise<void> {
    this.log('info', 'start', `agent for ${this.options.switchName} started`, { periodMs: this.options.periodMs });
    const first = await this.fetchDesired(signal);
    if (first === undefined) return;
    this.desired = first;
    // the watch ends with the loop, also when the loop ends on an error
    const ending = new AbortController();
    const watching = this.watchDesired(AbortSignal.any([signal, ending.signal]));
    try {
      while (!signal.aborted) {
        if (this.now() >= this.deviceAt) await this.reconcile(signal);
        if (this.now() >= this.reportAt) await this.report(signal);
        const wait = Math.min(this.deviceAt, this.reportAt) - this.now();
        if (wait > 0) await this.idle(wait, signal);
      }
    } finally {
      ending.abort();
      await this.closeDriver();
      await watching;
      this.log('info', 'stop', `agent for ${this.options.switchName} stopped`);
    }
  }

  /** Applies the desired state once and reports: true when it was applied. */
  async runOnce(signal: AbortSignal): Promise<boolean> {
    try {
      this.desired = await this.options.source.current(signal);
      await this.reconcile(signal);
      const applied = this.applied?.generation === this.desired.generation && this.degraded === undefined;
      await this.report(signal);
      return applied;
    } finally {
      await this.closeDriver();
    }
  }

  /** The status as it would be reported now. */
  status(): AgentStatus {
    return statusOf(this.state(), this.conditions, this.clock.now().toISOString());
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private state(): LoopState {
    return {
      ...(this.desired === undefined ? {} : { desiredGeneration: this.desired.generation }),
      ...(this.applied === undefined ? {} : { applied: this.applied }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.degraded === undefined ? {} : { degraded: this.degraded }),
      ...(this.drift === undefined ? {} : { drift: this.drift }),
      driftEvents: this.driftEvents,
      driftCount: this.driftCount,
      observation: this.observation,
    };
  }

  /** The state changed: recompute the conditions and report soon. */
  private changed(): void {
    this.conditions = conditionsOf(this.state(), this.conditions, this.clock.now().toISOString());
    this.statusVersion += 1;
    this.reportAt = Math.min(this.reportAt, this.now());
  }

  private async idle(ms: number, signal: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    await Promise.race([this.wakeup.wait(both), this.clock.sleep(ms, both)]);
    stop.abort();
  }

  private async fetchDesired(signal: AbortSignal): Promise<DesiredState | undefined> {
    const backoff = new Backoff(this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    for (;;) {
      try {
        return await this.options.source.current(signal);
      } catch (e) {
        if (signal.aborted) return undefined;
        if (e instanceof SourceError && !e.retryable) throw e;
        const delay = backoff.next();
        this.log('warn', 'error', `cannot get the desired state of ${this.options.switchName}: ${message(e)}; retrying in ${delay} ms`, { retryInMs: delay });
        await this.clock.sleep(delay, signal);
      }
    }
  }

  private async watchDesired(signal: AbortSignal): Promise<void> {
    try {
      for await (const next of this.options.source.watch(signal)) {
        if (next.generation === this.desired?.generation && next.os === this.desired.os) continue;
        this.desired = next;
        this.log('info', 'desired', `generation ${next.generation} desired`, { generation: next.generation });
        this.nudges += 1;
        this.deviceAt = this.now();
        this.changed();
        this.wakeup.set();
      }
    } catch (e) {
      if (!signal.aborted) this.log('error', 'error', `the desired-state watch stopped: ${message(e)}`);
    }
  }

  private async ensureDriver(desired: DesiredState): Promise<DeviceDriver> {
    const key = driverKey(desired);
    if (this.driver !== undefined && this.driver.key === key) return this.driver.driver;
    await this.closeDriver();
    const driver = await this.options.driverFor(desired);
    const stop = new AbortController();
    this.driver = { key, driver, stop, watching: this.watchDevice(driver, stop.signal) };
    return driver;
  }

  /** Device change events (Redis keyspace notifications) bring the next check forward. */
  private async watchDevice(driver: DeviceDriver, signal: AbortSignal): Promise<void> {
    if (driver.changed === undefined) return;
    try {
      const events = driver.changed(signal)[Symbol.asyncIterator]();
      while (!(await events.next()).done) {
        if (this.deviceBackoff.failures > 0) continue; // failing: the backoff decides when to try again
        this.nudges += 1;
        this.deviceAt = Math.min(this.deviceAt, this.now());
        this.wakeup.set();
      }
    } catch (e) {
      if (!signal.aborted) this.log('warn', 'error', `device change events stopped (the period check goes on): ${message(e)}`);
    }
  }

  private async closeDriver(): Promise<void> {
    const current = this.driver;
    if (current === undefined) return;
    this.driver = undefined;
    current.stop.abort();
    await current.watching;
    await current.driver.close().catch((e: unknown) => {
      this.log('warn', 'error', `closing the device driver: ${message(e)}`);
    });
  }

  /** Applies a new generation, or checks for drift and repairs it; then observes the device. */
  private async reconcile(signal: AbortSignal): Promise<void> {
    const desired = this.desired;
    if (desired === undefined) return;
    const startedAt = this.clock.now();
    const started = startedAt.toISOString();
    const nudges = this.nudges;
    const metrics = this.options.metrics;
    const seconds = (): number => (this.clock.now().getTime() - startedAt.getTime()) / 1000;
    metrics?.desired(desired.generation);
    let found: DriftEvent[] = [];
    let applying = false;
    try {
      const driver = await this.ensureDriver(desired);
      if (this.applied?.generation !== desired.generation) {
        applying = true;
        const result = await driver.apply(desired, signal);
        metrics?.applied(seconds(), true, desired.generation);
        applying = false;
        this.applied = { generation: desired.generation, at: this.clock.now().toISOString() };
        this.drift = undefined;
        this.lastError = undefined;
        this.degraded = undefined;
        this.deviceBackoff.reset();
        this.log('info', 'apply', `generation ${desired.generation} applied: ${result.changes.length} changes`, { generation: desired.generation, changes: result.changes.length, keys: result.changes.slice(0, MAX_LOGGED_KEYS).map((c) => `${c.op} ${c.key}`) });
        // the service learns at once (a VPC turns Ready); what the device reports follows
        this.changed();
        await this.report(signal);
      } else {
        const plan = await driver.plan(desired);
        if (plan.changes.length > 0) {
          // a key still drifted after a failed repair keeps the time it was first seen: one event, not one per check
          const pending = new Map(this.driftEvents.filter((e) => !e.repaired).map((e) => [e.key, e.detectedAt]));
          found = plan.changes.map((c) => ({ key: c.key, change: driftKind(c.op), detectedAt: pending.get(c.key) ?? started, repaired: false }));
          for (const [i, event] of found.entries()) this.log('warn', 'drift', `${event.key} ${event.change} outside Weft`, { key: event.key, change: event.change, detail: plan.changes[i]?.detail, generation: desired.generation });
          const counted = this.driftCount;
          this.recordDrift(found, started);
          metrics?.drift(this.driftCount - counted);
          applying = true;
          const repairStarted = this.clock.now().getTime();
          await driver.apply(desired, signal);
          metrics?.applied((this.clock.now().getTime() - repairStarted) / 1000, true, desired.generation);
          applying = false;
          found = found.map((e) => ({ ...e, repaired: true }));
          this.recordDrift(found, started);
          this.log('info', 'repair', `drift repaired: ${found.length} ${found.length === 1 ? 'key' : 'keys'} restored`, { generation: desired.generation, keys: found.map((e) => e.key) });
        }
      }
      this.observation = await driver.observe();
      metrics?.observed(this.observation, this.clock.now().getTime() / 1000);
      this.lastError = undefined;
      this.degraded = undefined;
      this.deviceBackoff.reset();
      this.deviceAt = this.now() + this.options.periodMs;
    } catch (e) {
      if (e instanceof UnsupportedDeviceError) throw e;
      if (applying) metrics?.applied(seconds(), false);
      this.failed(e, desired);
    }
    // a new generation, or a device event while not backing off, that came in meanwhile: again at once
    if (this.desired?.generation !== desired.generation || (this.nudges !== nudges && this.deviceBackoff.failures === 0)) this.deviceAt = this.now();
    this.changed();
  }

  private recordDrift(events: readonly DriftEvent[], at: string): void {
    const id = (e: DriftEvent): string => `${e.key}\u0000${e.detectedAt}`;
    const ids = new Set(events.map(id));
    const seen = new Set(this.driftEvents.map(id));
    this.driftCount += events.filter((e) => !seen.has(id(e))).length;
    this.driftEvents = [...events, ...this.driftEvents.filter((e) => !ids.has(id(e)))].slice(0, this.maxDriftEvents);
    this.drift = { found: events.length, at, repaired: events.every((e) => e.repaired) };
  }

  private failed(e: unknown, desired: DesiredState): void {
    const retryable = e instanceof DeviceError ? e.retryable : false;
    const applied = e instanceof DeviceError && e.applied.length > 0 ? ` (${e.applied.length} changes had been written: ${e.applied.slice(0, 10).map((c) => `${c.op} ${c.key}`).join(', ')}${e.applied.length > 10 ? ', ...' : ''})` : '';
    const details = e instanceof DeviceError && e.details.length > 0 ? `: ${e.details.slice(0, 5).join('; ')}` : '';
    this.lastError = `generation ${desired.generation}: ${message(e)}${details}${applied}`;
    this.degraded = { reason: retryable ? 'DeviceUnreachable' : 'ApplyFailed', message: this.lastError };
    const delay = retryable ? this.deviceBackoff.next() : this.options.periodMs;
    this.deviceAt = this.now() + delay;
    this.log('error', 'error', this.lastError, { generation: desired.generation, retryable, retryInMs: delay });
  }

  private async report(signal: AbortSignal): Promise<void> {
    const version = this.statusVersion;
    const status = this.status();
    try {
      await this.options.source.report(status, signal);
      this.reportBackoff.reset();
      this.reportAt = this.statusVersion === version ? this.now() + this.options.periodMs : this.now();
    } catch (e) {
      if (signal.aborted) return;
      const retryable = !(e instanceof SourceError) || e.retryable;
      const delay = retryable ? this.reportBackoff.next() : this.options.periodMs;
      this.reportAt = this.now() + delay;
      this.log('warn', 'error', `status report not delivered: ${message(e)}; next try in ${delay} ms`, { retryInMs: delay });
    }
  }
}
