/**
 * In-memory stand-ins for the agent loop's unit tests: a clock that moves only when told, a
 * source and a device kept in maps. The loop's own tests use them; everything that talks to Redis,
 * FRR or the service is tested against the real thing elsewhere.
 */
import type { AgentStatus } from '#api';
import type { Clock } from '../../src/core/clock.js';
import { SourceError, type DesiredStateSource } from '../../src/core/desired-state-source.js';
import type { ApplyResult, DesiredState, DeviceChange, DeviceDriver, DeviceError, DeviceObservation } from '../../src/core/device-driver.js';

/** Lets every pending promise chain and timer-free continuation run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private time: number;
  private sleepers: { at: number; resolve: () => void }[] = [];

  constructor(start = Date.parse('2026-12-01T00:00:00Z')) {
    this.time = start;
  }

  now(): Date {
    return new Date(this.time);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const sleeper = { at: this.time + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, waking each sleeper at its moment and letting the loop run in between. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.time = Math.max(this.time, next.at);
      next.resolve();
      await settle();
    }
    this.time = target;
    await settle();
  }

  /** Milliseconds since the clock started. */
  elapsed(start = Date.parse('2026-12-01T00:00:00Z')): number {
    return this.time - start;
  }
}

/** An async queue an iterator can wait on. */
export class Channel<T> {
  private items: T[] = [];
  private waiting: ((value: T | undefined) => void) | undefined;

  push(item: T): void {
    if (this.waiting !== undefined) {
      const w = this.waiting;
      this.waiting = undefined;
      w(item);
    } else this.items.push(item);
  }

  next(signal: AbortSignal): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => {
      this.waiting = resolve;
      signal.addEventListener('abort', () => {
        resolve(undefined);
      }, { once: true });
    });
  }

  async *iterate(signal: AbortSignal): AsyncIterable<T> {
    while (!signal.aborted) {
      const item = await this.next(signal);
      if (item !== undefined) yield item;
    }
  }
}

/** Desired state for the fake device: `configDb: {KV: {name: {v: value}}}`. */
export function desiredOf(generation: number, values: Readonly<Record<string, string>>, os = 'sonic'): DesiredState {
  return { switch: 'leaf1', generation, os, configDb: { KV: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { v }])) } };
}

function wanted(desired: DesiredState): Map<string, string> {
  const kv = (desired.configDb?.KV ?? {}) as Record<string, { v: string }>;
  return new Map(Object.entries(kv).map(([k, e]) => [k, e.v]));
}

export class FakeSource implements DesiredStateSource {
  readonly reports: AgentStatus[] = [];
  /** calls of current() that fail before one succeeds */
  currentFailures = 0;
  reportsFail = false;
  private readonly channel = new Channel<DesiredState>();

  constructor(public desired: DesiredState) {}

  push(next: DesiredState): void {
    this.desired = next;
    this.channel.push(next);
  }

  current(): Promise<DesiredState> {
    if (this.currentFailures > 0) {
      this.currentFailures -= 1;
      return Promise.reject(new SourceError('connect ECONNREFUSED 127.0.0.1:8080', true));
    }
    return Promise.resolve(this.desired);
  }

  watch(signal: AbortSignal): AsyncIterable<DesiredState> {
    return this.channel.iterate(signal);
  }

  report(status: AgentStatus): Promise<void> {
    if (this.reportsFail) return Promise.reject(new SourceError('connect ECONNREFUSED 127.0.0.1:8080', true));
    this.reports.push(status);
    return Promise.resolve();
  }

  last(): AgentStatus {
    const status = this.reports.at(-1);
    if (status === undefined) throw new Error('no status reported');
    return status;
  }
}

export class FakeDriver implements DeviceDriver {
  /** the device: key -> value */
  readonly device = new Map<string, string>();
  /** every apply, with the clock's time */
  readonly applies: { generation: number; at: number }[] = [];
  failure: DeviceError | undefined;
  /** while set, apply() waits for it: an apply in progress */
  hold: Promise<void> | undefined;
  closed = false;
  readonly events = new Channel<'event'>();

  constructor(private readonly clock: ManualClock) {}

  private diff(desired: DesiredState): DeviceChange[] {
    const want = wanted(desired);
    const changes: DeviceChange[] = [];
    for (const [k, v] of want) {
      const have = this.device.get(k);
      if (have === undefined) changes.push({ op: 'set', key: `KV|${k}` });
      else if (have !== v) changes.push({ op: 'modify', key: `KV|${k}`, detail: `${have} -> ${v}` });
    }
    for (const k of this.device.keys()) if (!want.has(k)) changes.push({ op: 'delete', key: `KV|${k}` });
    return changes;
  }

  plan(desired: DesiredState): Promise<ApplyResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return Promise.resolve({ changes: this.diff(desired) });
  }

  async apply(desired: DesiredState): Promise<ApplyResult> {
    this.applies.push({ generation: desired.generation, at: this.clock.elapsed() });
    if (this.hold !== undefined) await this.hold;
    if (this.failure !== undefined) throw this.failure;
    const changes = this.diff(desired);
    this.device.clear();
    for (const [k, v] of wanted(desired)) this.device.set(k, v);
    return { changes };
  }

  observe(): Promise<DeviceObservation> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return Promise.resolve({ bgpNeighbors: [{ peer: 'Ethernet48', vrf: 'default', state: 'Established' }], ports: [{ name: 'Ethernet0', admin: 'up', oper: 'up' }] });
  }

  async *changed(signal: AbortSignal): AsyncIterable<void> {
    const events = this.events.iterate(signal)[Symbol.asyncIterator]();
    while (!(await events.next()).done) yield;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
