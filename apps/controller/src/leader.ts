/**
 * Leader election with a coordination.k8s.io Lease, as client-go's leaderelection does it: a
 * candidate takes the lease when its holder has not renewed it for a lease duration (measured on
 * the candidate's own clock, from when it last saw the record change, so clocks need not agree);
 * the leader renews every retry period and steps down when it could not renew for the renew
 * deadline, which is shorter than the lease duration. The deadline counts from the start of the
 * last round that renewed (the renewTime the others see), on the monotonic clock, and a round
 * still out does not stretch it: the others may take over a lease duration after they saw the
 * last renewal, and by then this one has stopped for lease duration minus renew deadline. Every write carries the resourceVersion it
 * read, so of two candidates only one can win. client-node has no elector of its own.
 */
import * as k8s from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageOf, statusOf } from './kube/client.js';

/** Lease times are MicroTime: six fractional digits, which a plain Date does not write. */
function micro(date: Date | string): k8s.V1MicroTime {
  // read back, the client leaves MicroTime as the string the apiserver sent
  return new k8s.V1MicroTime(typeof date === 'string' ? Date.parse(date) : date.getTime());
}

export interface LeaderElectionOptions {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
}

export interface LeaderCallbacks {
  readonly onStartedLeading: () => Promise<void>;
  readonly onStoppedLeading: () => Promise<void>;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export class LeaderElector {
  private readonly api: k8s.CoordinationV1Api;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private stopped = false;
  private leading = false;
  /** onStartedLeading failed: step down, and campaign again */
  private failedToLead = false;
  private observed: { record: string; at: number } | undefined;
  private wake: AbortController = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    kubeconfig: k8s.KubeConfig,
    private readonly options: LeaderElectionOptions,
    private readonly callbacks: LeaderCallbacks,
  ) {
    this.api = kubeconfig.makeApiClient(k8s.CoordinationV1Api);
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(this.renewDeadlineMs < this.leaseDurationMs)) throw new Error('the renew deadline must be shorter than the lease duration');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning; a leader steps down and hands the lease back so the next one need not wait. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    /** until when (performance.now()) this leader may act: the start of its last successful round plus the renew deadline */
    let leadUntil = 0;
    while (!this.halted()) {
      if (!this.leading) {
        const started = performance.now();
        if (await this.tryAcquireOrRenew()) {
          leadUntil = started + this.renewDeadlineMs;
          this.leading = true;
          this.callbacks.log('info', 'became the leader', { lease: `${this.options.namespace}/${this.options.name}`, identity: this.options.identity });
          // as client-go's OnStartedLeading: started, not awaited, so that a slow start (a store to open,
          // informers to list on a loaded machine) does not keep the lease from being renewed meanwhile
          void this.callbacks.onStartedLeading().catch((error: unknown) => {
            this.callbacks.log('error', 'could not start leading; stepping down', { error: messageOf(error) });
            this.failedToLead = true;
            this.wake.abort();
          });
          continue;
        }
        await this.pause(this.jittered());
        continue;
      }
      await this.pause(Math.min(this.retryPeriodMs, Math.max(0, leadUntil - performance.now())));
      let renewed = false;
      while (!this.halted() && !this.leadFailed() && performance.now() < leadUntil) {
        const started = performance.now();
        // a round still out when the deadline comes does not keep this one leading: the others count from
        // the renewTime they last saw change, and a stalled event loop or a slow apiserver must not stretch that
        if (await this.beforeDeadline(this.tryAcquireOrRenew(), leadUntil)) {
          leadUntil = started + this.renewDeadlineMs;
          renewed = true;
          break;
        }
        await this.pause(Math.min(this.retryPeriodMs, Math.max(0, leadUntil - performance.now())));
      }
      if (this.halted()) break;
      if (this.leadFailed()) {
        this.failedToLead = false;
        this.wake = new AbortController();
        this.leading = false;
        await this.callbacks.onStoppedLeading();
        await this.release();
        await this.pause(this.jittered());
        continue;
      }
      if (!renewed) {
        this.callbacks.log('warn', 'lost the lease: could not renew it in time; stepping down', { identity: this.options.identity });
        this.leading = false;
        await this.callbacks.onStoppedLeading();
      }
    }
    if (this.leading) {
      this.leading = false;
      await this.callbacks.onStoppedLeading();
      await this.release();
    }
  }

  /** The round's outcome, or false once `deadline` (performance.now()) passes first. */
  private async beforeDeadline(round: Promise<boolean>, deadline: number): Promise<boolean> {
    const timer = new AbortController();
    const expired = sleep(Math.max(0, deadline - performance.now()), false, { signal: timer.signal }).catch(() => false);
    try {
      return await Promise.race([round, expired]);
    } finally {
      timer.abort();
    }
  }

  /** A method, not the field: stop() flips it while run() awaits, which narrowing cannot see. */
  private halted(): boolean {
    return this.stopped;
  }

  /** A method for the same reason: onStartedLeading's failure flips it while run() awaits. */
  private leadFailed(): boolean {
    return this.failedToLead;
  }

  private jittered(): number {
    return this.retryPeriodMs * (1 + Math.random() * 0.2);
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopped) return;
    try {
      await sleep(ms, undefined, { signal: this.wake.signal });
    } catch {
      // woken by stop()
    }
  }

  /** One round: take the lease if it is free or expired, renew it if ours. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    const now = new k8s.V1MicroTime();
    const spec = (previous?: k8s.V1LeaseSpec): k8s.V1LeaseSpec => ({
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: previous?.holderIdentity === identity && previous.acquireTime !== undefined ? micro(previous.acquireTime) : now,
      renewTime: now,
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (previous !== undefined && previous.holderIdentity !== identity ? 1 : 0),
    });
    try {
      let lease: k8s.V1Lease;
      try {
        lease = await this.api.readNamespacedLease({ name, namespace });
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        await this.api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: spec() } });
        this.observed = undefined;
        return true;
      }
      const record = lease.spec ?? {};
      const text = JSON.stringify({ h: record.holderIdentity, r: record.renewTime, t: record.leaseTransitions });
      if (this.observed?.record !== text) this.observed = { record: text, at: Date.now() };
      const holder = record.holderIdentity ?? '';
      const duration = (record.leaseDurationSeconds ?? 0) * 1000;
      if (holder !== '' && holder !== identity && this.observed.at + duration > Date.now()) return false;
      await this.api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec: spec(record) } });
      return true;
    } catch (e) {
      // 409: another candidate wrote first; anything else (the apiserver away) counts as a failed round
      if (statusOf(e) !== 409) this.callbacks.log('warn', 'lease round failed', { error: messageOf(e) });
      return false;
    }
  }

  /** Hands the lease back (holder cleared, duration 1 s), as client-go's ReleaseOnCancel does. */
  private async release(): Promise<void> {
    const { namespace, name, identity } = this.options;
    try {
      const lease = await this.api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity !== identity) return;
      const { acquireTime, renewTime } = lease.spec;
      const spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, ...(acquireTime === undefined ? {} : { acquireTime: micro(acquireTime) }), ...(renewTime === undefined ? {} : { renewTime: micro(renewTime) }) };
      await this.api.replaceNamespacedLease({ name, namespace, body: { ...lease, spec } });
    } catch (e) {
      this.callbacks.log('warn', 'could not release the lease', { error: messageOf(e) });
    }
  }
}
