/**
 * A work queue in the manner of client-go's: a key is queued at most once, never handled by two
 * workers at once (added again while in hand, it runs once more afterwards), handled in priority
 * order, and retried with per-key exponential backoff when its handler throws.
 */

export interface WorkQueueOptions {
  readonly workers: number;
  /** lower runs first (wiring before intents); equal priorities run in arrival order */
  readonly priority?: (key: string) => number;
  readonly onError?: (key: string, error: unknown, retryInMs: number) => void;
}

const BASE_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: { key: string; priority: number; seq: number }[] = [];
  private readonly active = new Set<string>();
  private readonly again = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = 0;
  private seq = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handle: (key: string) => Promise<void>,
    private readonly options: WorkQueueOptions,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.seq += 1;
    this.order.push({ key, priority: this.options.priority?.(key) ?? 0, seq: this.seq });
    this.pump();
  }

  /** Adds the key after a delay (a retry, or a check that must wait). */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped || this.timers.has(key)) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.add(key);
      }, delayMs),
    );
  }

  /** Nothing queued, in hand or waiting to be retried. */
  get isIdle(): boolean {
    return this.queued.size === 0 && this.active.size === 0 && this.timers.size === 0;
  }

  /** Resolves when the queue is idle. */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get length(): number {
    return this.queued.size;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.order.length = 0;
    this.queued.clear();
    this.notifyIdle();
  }

  private next(): string | undefined {
    if (this.order.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.order.length; i += 1) {
      const a = this.order[i];
      const b = this.order[best];
      if (a !== undefined && b !== undefined && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq))) best = i;
    }
    const [item] = this.order.splice(best, 1);
    if (item === undefined) return undefined;
    this.queued.delete(item.key);
    return item.key;
  }

  private pump(): void {
    while (!this.stopped && this.running < this.options.workers) {
      const key = this.next();
      if (key === undefined) break;
      this.running += 1;
      this.active.add(key);
      void this.work(key);
    }
    this.notifyIdle();
  }

  private async work(key: string): Promise<void> {
    try {
      await this.handle(key);
      this.failures.delete(key);
    } catch (error) {
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      const wait = Math.min(BASE_RETRY_MS * 2 ** (count - 1), MAX_RETRY_MS);
      this.options.onError?.(key, error, wait);
      this.addAfter(key, wait);
    } finally {
      this.active.delete(key);
      this.running -= 1;
      if (this.again.delete(key)) this.add(key);
      this.pump();
    }
  }

  private notifyIdle(): void {
    if (!this.isIdle && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
