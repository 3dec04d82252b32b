/**
 * The write path: the service's single writer. Writes queue up and are taken in batches of up to
 * 64; each batch is evaluated against the state (batch-evaluation.ts, pure) and its accepted
 * writes committed in one transaction at the next fabric version (fabric-committer.service.ts),
 * then the state is swapped, the writes answered and the change announced. Agents' reports,
 * quarantine releases and catching up with other replicas' commits run in the same loop, one
 * thing at a time, so that nothing replaces the state beside a batch in flight.
 */
import { Injectable } from '@nestjs/common';
import { groupResources, parseDocuments, type RawDocument } from '#domain';
import { compile } from '#compiler';
import { redactDiagnostics } from '../access/access-policy.js';
import { nextAgents } from '../agents/agent-generations.js';
import type { AgentMap } from '../agents/agent-record.js';
import { QuarantineService } from '../agents/quarantine.service.js';
import { isConnectionFailure, requestFailure } from '../database/database-errors.js';
import { FabricEvents, type ObjectChange } from '../events/fabric-events.service.js';
import { Clock, IdGenerator } from '../repositories/clock.provider.js';
import { StoreTelemetry } from '../store/store-telemetry.js';
import { StoreError, type Actor, type WriteRequest, type WriteResult } from '../store/store.types.js';
import { evaluateBatch, type BatchContext, type BatchEvaluation } from './batch-evaluation.js';
import { auditRows, resourceRows } from './commit-rows.js';
import { FabricCommitter, type CommitOutcome } from './fabric-committer.service.js';
import { FabricLoader } from './fabric-loader.service.js';
import { FabricState, type FabricSnapshot } from './fabric-state.js';
import { referenceVisible, viewFor } from './resource-view.js';
import { keyOfResource, type Stored } from './stored-object.js';
import { evaluateWrite, type Step } from './write-evaluation.js';

const MAX_BATCH = 64;
/** Writes one token may have waiting in the queue; past it, 429 (no token can starve the others). */
const MAX_QUEUED_PER_TOKEN = 1000;
/** Evaluations of one batch before it gives up to other replicas' commits (each lost race catches up first). */
const MAX_ATTEMPTS = 5;
const SYSTEM: Actor = { name: 'system', role: 'architect' };

interface Pending {
  readonly request: WriteRequest;
  readonly resolve: (result: WriteResult) => void;
  readonly reject: (error: Error) => void;
}

type Outcome = { readonly result: WriteResult } | { readonly error: Error };

@Injectable()
export class FabricWriter {
  private readonly queue: Pending[] = [];
  private readonly tasks: (() => Promise<void>)[] = [];
  private draining = false;
  private closing = false;
  /** another replica committed: read what changed before the next write */
  private catchUpWanted = false;
  /** a release that another replica's commit got ahead of: tried again once caught up */
  private releaseWanted = false;
  /** a commit may have happened without our knowing (the connection broke): catch up before writing */
  private stale = false;
  private readonly queuedByToken = new Map<string, number>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly state: FabricState,
    private readonly loader: FabricLoader,
    private readonly committer: FabricCommitter,
    private readonly events: FabricEvents,
    private readonly telemetry: StoreTelemetry,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly quarantine: QuarantineService,
  ) {}

  /** A write, queued; answered once committed (or refused). */
  write(request: WriteRequest): Promise<WriteResult> {
    if (this.closing) return Promise.reject(new StoreError('unavailable', 'the service is stopping; try again in a moment', [], 5));
    const token = request.actor.name;
    const queued = this.queuedByToken.get(token) ?? 0;
    if (queued >= MAX_QUEUED_PER_TOKEN) {
      return Promise.reject(new StoreError('too-many-requests', `token ${token} has ${queued} writes waiting already; wait for their answers`, [], 1));
    }
    this.queuedByToken.set(token, queued + 1);
    const settled = (): void => {
      const left = (this.queuedByToken.get(token) ?? 1) - 1;
      if (left <= 0) this.queuedByToken.delete(token);
      else this.queuedByToken.set(token, left);
    };
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({
        request,
        resolve: (result) => {
          settled();
          resolve(result);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      this.kick();
    });
  }

  /** What a write would do, against the state now: the object, numbers and conditions included; nothing is stored. */
  dryRun(request: WriteRequest): WriteResult {
    const current = this.state.current;
    try {
      const step = evaluateWrite(request, current.result, current.objects, this.context());
      const seen = { ...current, result: step.result };
      return {
        ...(step.after === undefined ? {} : { object: viewFor(step.after, request.actor, seen) }),
        plan: step.plan,
        diagnostics: redactDiagnostics(step.warnings, request.actor, referenceVisible(request.actor, current.objects)),
        dryRun: true,
      };
    } catch (e) {
      throw this.unexpected(e, request);
    }
  }

  /** Runs `task` in the writer's loop, between batches; resolves with its value. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => task().then(resolve, reject));
      this.kick();
    });
  }

  /** Another replica committed (the change feed says so): read what changed, between batches. */
  followDatabase(): void {
    this.catchUpWanted = true;
    this.kick();
  }

  /**
   * An agent report came in: the quarantined VNIs every switch has caught up past are released
   * now, so the report's answer, and every read after it, sees them free. Only from a task of
   * the writer's loop (run()): a batch in flight would replace the state. A failure is logged and
   * left to the next report; another replica committing first leaves it to the loop (catch up,
   * then try again).
   */
  async releaseApplied(): Promise<void> {
    await this.releaseNow().catch((e: unknown) => {
      this.telemetry.failure('releasing quarantined VNIs failed; the next report retries', e);
    });
  }

  /** The sample fabric (or another seed) when the database holds no objects; once, across replicas. */
  seed(documents: readonly RawDocument[]): Promise<void> {
    return this.run(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const base = this.state.current;
        if (base.objects.size > 0) return;
        const resources = parseDocuments(documents).resources;
        const now = this.clock.now().toISOString();
        const created: Stored[] = resources.map((resource) => ({ resource, uid: this.ids.uid(), owner: 'api', generation: 1, resourceVersion: 0, createdAt: now }));
        const result = this.telemetry.timeCompile(() => compile(groupResources(resources), { previous: base.result.allocations }));
        const steps: Step[] = created.map((after) => ({
          key: keyOfResource(after.resource),
          result,
          plan: [],
          warnings: [],
          request: { action: 'create', kind: after.resource.kind, actor: SYSTEM, via: 'system' },
          after,
        }));
        const objects = new Map(created.map((stored) => [keyOfResource(stored.resource), stored]));
        const { outcome, agents } = await this.commitSteps(base, steps, { result, objects });
        if (outcome.committed) {
          this.swapCommitted(base, steps, { result, objects }, agents, outcome.version);
          return;
        }
        // another replica seeded (or wrote) first
        await this.catchUpNow();
      }
    });
  }

  /** At start: switches whose files changed since the last run get a new generation. */
  syncAgents(): Promise<void> {
    return this.run(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const base = this.state.current;
        const agents = nextAgents(base.agents, base.result, base.result.devices.keys());
        if ([...agents].every(([sw, record]) => base.agents.get(sw) === record) && agents.size === base.agents.size) return;
        const outcome = await this.committer.commit({
          baseVersion: base.version,
          deleted: [],
          written: [],
          allocationsBefore: base.result.allocations,
          allocationsAfter: base.result.allocations,
          agentsBefore: base.agents,
          agentsAfter: agents,
          audit: [],
        });
        if (outcome.committed) {
          const next = { ...base, agents, version: outcome.version };
          this.state.swap(next);
          this.announce(base, next, []);
          return;
        }
        await this.catchUpNow();
      }
    });
  }

  /** Stops taking writes and waits until every queued write and task is answered. */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.state.loaded || (!this.draining && this.queue.length === 0 && this.tasks.length === 0)) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    void this.drain();
  }

  /**
   * The writer's loop. Nothing thrown in it may escape (it runs detached from any request): each
   * batch's failures are answered to the batch's writes, and the loop goes on.
   */
  private async drain(): Promise<void> {
    if (this.draining || !this.state.loaded) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 || this.tasks.length > 0 || this.catchUpWanted || this.releaseWanted) {
        if (this.catchUpWanted) {
          this.catchUpWanted = false;
          await this.catchUpNow().catch((e: unknown) => {
            this.telemetry.failure('reading other replicas\' changes failed; the next write or notification tries again', e);
          });
        }
        const task = this.tasks.shift();
        if (task !== undefined) await task();
        // requests that reached the socket while the last batch compiled join this one: a compile
        // costs about the same for one write as for thirty (one turn of the event loop, no timer)
        if (this.queue.length > 0 && this.queue.length < MAX_BATCH) await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length > 0) await this.runBatch(batch);
        if (this.releaseWanted) {
          this.releaseWanted = false;
          await this.releaseNow().catch((e: unknown) => {
            this.telemetry.failure('releasing quarantined VNIs failed; the next report retries', e);
          });
        }
      }
    } catch (e) {
      this.telemetry.failure('the writer loop failed; it goes on with the next write', e);
    } finally {
      this.draining = false;
    }
    if (this.queue.length > 0 || this.tasks.length > 0) {
      this.kick();
      return;
    }
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /**
   * One batch, answered whatever happens. When the batch fails as a whole (its commit, or
   * something unexpected), each of its writes is evaluated and committed again on its own, so a
   * write that cannot be stored fails alone and the others succeed.
   */
  private async runBatch(batch: readonly Pending[]): Promise<void> {
    const answered = new Set<Pending>();
    const answer = (pending: Pending, outcome: Outcome): void => {
      if (answered.has(pending)) return;
      answered.add(pending);
      if ('result' in outcome) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    };
    try {
      await this.catchUpIfStale();
      const failure = await this.applyBatch(batch, answer);
      if (failure !== undefined) {
        const left = batch.filter((pending) => !answered.has(pending));
        if (failure instanceof StoreError) {
          for (const pending of left) answer(pending, { error: failure });
        } else if (left.length <= 1 || isConnectionFailure(failure)) {
          for (const pending of left) answer(pending, { error: requestFailure(failure, `${pending.request.kind} was not written`) });
        } else {
          for (const pending of left) await this.runBatch([pending]);
        }
      }
    } catch (e) {
      const left = batch.filter((pending) => !answered.has(pending));
      if (left.length > 1 && !(e instanceof StoreError)) {
        for (const pending of left) await this.runBatch([pending]);
      } else {
        for (const pending of left) answer(pending, { error: this.unexpected(e, pending.request) });
      }
    }
  }

  /**
   * Evaluates a batch against the state and commits the accepted writes in one transaction.
   * Answers every write it settles; returns the commit's failure (the accepted writes are then
   * not answered: the caller decides).
   */
  private async applyBatch(batch: readonly Pending[], answer: (pending: Pending, outcome: Outcome) => void): Promise<unknown> {
    const requests = batch.map((pending) => pending.request);
    for (let attempt = 0; ; attempt++) {
      const base = this.state.current;
      const evaluation = evaluateBatch(requests, base, this.context());
      const refuse = (): void => {
        for (const { index, error } of evaluation.refused) {
          const pending = batch[index];
          if (pending !== undefined) answer(pending, { error: this.unexpected(error, pending.request) });
        }
      };
      if (evaluation.accepted.length === 0) {
        // a refusal judged on what this replica knows: make sure no other replica committed what would change it
        if (evaluation.refused.length > 0 && attempt === 0 && (await this.behind(base))) {
          await this.catchUpNow();
          continue;
        }
        refuse();
        return undefined;
      }
      const steps = evaluation.accepted.map(({ step }) => step);
      let outcome: CommitOutcome;
      let agents: AgentMap;
      try {
        ({ outcome, agents } = await this.commitSteps(base, steps, evaluation));
      } catch (e) {
        this.telemetry.failure('write batch failed', e);
        if (isConnectionFailure(e)) this.stale = true;
        refuse();
        return e;
      }
      if (!outcome.committed) {
        if (attempt + 1 >= MAX_ATTEMPTS) {
          refuse();
          return new StoreError('unavailable', 'other replicas are writing without pause; nothing was changed, try again', [], 1);
        }
        await this.catchUpNow();
        continue;
      }
      const next = this.swapCommitted(base, steps, evaluation, agents, outcome.version);
      this.telemetry.batchCommitted(steps.length);
      // answers must not fail the committed batch: each is guarded on its own
      for (const { index, step } of evaluation.accepted) {
        const pending = batch[index];
        if (pending === undefined) continue;
        try {
          const actor = pending.request.actor;
          const stored = next.objects.get(step.key);
          answer(pending, {
            result: {
              ...(step.after === undefined || stored === undefined ? {} : { object: viewFor(stored, actor, next) }),
              plan: step.plan,
              diagnostics: redactDiagnostics(step.warnings, actor, referenceVisible(actor, next.objects)),
              dryRun: false,
            },
          });
        } catch (e) {
          answer(pending, { error: this.unexpected(e, pending.request) });
        }
      }
      refuse();
      return undefined;
    }
  }

  /** Commits steps computed from `base`: objects, allocations, the generations of switches they rebuilt, audit. */
  private async commitSteps(base: FabricSnapshot, steps: readonly Step[], evaluation: Pick<BatchEvaluation, 'result' | 'objects'>): Promise<{ outcome: CommitOutcome; agents: AgentMap }> {
    // every switch any write of the batch rebuilt, not only the last write's
    const agents = nextAgents(base.agents, evaluation.result, new Set(steps.flatMap((step) => step.result.rebuilt)));
    const { deleted, written } = resourceRows(steps, evaluation.objects);
    const outcome = await this.committer.commit({
      baseVersion: base.version,
      deleted,
      written,
      allocationsBefore: base.result.allocations,
      allocationsAfter: evaluation.result.allocations,
      agentsBefore: base.agents,
      agentsAfter: agents,
      audit: auditRows(steps, evaluation.objects, base.objects),
    });
    return { outcome, agents };
  }

  /** The state after a commit at `version`: every written object carries that version. */
  private swapCommitted(base: FabricSnapshot, steps: readonly Step[], evaluation: Pick<BatchEvaluation, 'result' | 'objects'>, agents: AgentMap, version: number): FabricSnapshot {
    const objects = new Map(evaluation.objects);
    const changes = new Map<string, ObjectChange>();
    for (const step of steps) {
      if (step.after !== undefined && objects.get(step.key) === step.after) objects.set(step.key, { ...step.after, resourceVersion: version });
      const before = base.objects.get(step.key);
      const after = objects.get(step.key);
      changes.set(step.key, { key: step.key, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
    }
    const next: FabricSnapshot = { result: evaluation.result, objects, agents, leases: base.leases, version };
    this.state.swap(next);
    this.announce(base, next, [...changes.values()]);
    return next;
  }

  private announce(base: FabricSnapshot, next: FabricSnapshot, changes: readonly ObjectChange[]): void {
    try {
      this.events.announce(base, next, changes);
    } catch (e) {
      this.telemetry.failure('announcing a change failed', e);
    }
  }

  /** Reads what other replicas committed since the state's version, and announces it. */
  async catchUpNow(): Promise<void> {
    const base = this.state.current;
    const caught = await this.loader.catchUp(base);
    if (caught === undefined) return;
    this.state.swap(caught.next);
    this.announce(base, caught.next, caught.changes);
  }

  /** After a broken connection the database may hold a commit the memory lacks: read it first. */
  private async catchUpIfStale(): Promise<void> {
    if (!this.stale) return;
    try {
      await this.catchUpNow();
      this.stale = false;
      this.telemetry.log('info', 'the fabric was read again from the database after it came back');
    } catch (e) {
      throw requestFailure(e, 'the write was not made');
    }
  }

  /** Whether the database is past `base` (false when it cannot be asked: memory is then the best answer). */
  private async behind(base: FabricSnapshot): Promise<boolean> {
    try {
      return (await this.committer.head()) > base.version;
    } catch {
      return false;
    }
  }

  private async releaseNow(): Promise<void> {
    const outcome = await this.quarantine.release(this.state.current);
    if (outcome === 'nothing') return;
    if (outcome === 'stale') {
      // another replica committed first: catch up, then try again
      this.catchUpWanted = true;
      this.releaseWanted = true;
      return;
    }
    this.state.swap(outcome.released);
  }

  private context(): BatchContext {
    return {
      recompile: (base, change) => this.loader.recompile(base, change),
      newUid: () => this.ids.uid(),
      now: () => this.clock.now().toISOString(),
      onGroupFailure: (e) => {
        this.telemetry.failure('compiling writes together failed; they are compiled one at a time', e);
      },
    };
  }

  /** A StoreError as it is; anything else is a fault of the service, logged, answered as such. */
  private unexpected(e: unknown, request: WriteRequest): Error {
    if (e instanceof StoreError) return e;
    this.telemetry.failure(`unexpected failure evaluating a ${request.kind} ${request.action}`, e, request.requestId === undefined ? {} : { requestId: request.requestId });
    return e instanceof Error ? e : new Error(String(e));
  }
}
