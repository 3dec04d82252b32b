/**
 * The fabric store: the service's single writer. It keeps the compiled fabric in memory, puts
 * every write through the same validation and compiler as `weft validate`, and persists
 * accepted writes (objects, allocations with unique constraints, audit with the plan) in one
 * PostgreSQL transaction per batch. Concurrent writes queue up and are applied in batches, one
 * after another, so each sees the result of the ones before it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AgentStatus as AgentStatusSchema, findResourceDefinitionByKind, type AgentStatus, type VpcStatus } from '#api';
import { compile, planFiles, recompile, type CompileResult, type DevicePlan, type ResourceChange } from '#compiler';
import {
  DIAGNOSTIC_CODES as C,
  groupResources,
  immutableFieldChanges,
  keyOf,
  parseDocument,
  validateAgainstSchema,
  parseDocuments,
  findUnstorable,
  own,
  unstorableText,
  type AnyResource,
  type Diagnostic,
  type RawDocument,
} from '#domain';
import { releaseQuarantine } from '#allocator';
import { canSee, checkMayWrite, checkTenantWrite, kindAccess, redactDiagnostics, tenantsOf as tenantsOfResource, type ObjectLookup } from '../access/access-policy.js';
import { tenantSwitchView, type TenantVpcOnSwitch } from '../access/switch-view.js';
import { LOCK_WRITER, type Database, type Queryable } from '../database/database.js';
import { isConnectionFailure, requestFailure } from '../database/database-errors.js';
import { EventHub, type FabricEvent, type StreamEnd } from '../events/event-hub.js';
import { nextRecord, releaseFloor, withReport, type AgentRecord } from './agent-rules.js';
import { readAllocations, writeAllocations } from './allocation-tables.js';
import { vpcDegraded } from './vpc-agent-conditions.js';
import { checkLeaseReport, withLeases, type VpcLeases } from './dhcp-leases.js';
import {
  OWNER_ANNOTATION,
  StoreError,
  type Actor,
  type AuditEntry,
  type AuditQuery,
  type Interface,
  type ListQuery,
  type ObjectKey,
  type ResourceObject,
  type StoreEvent,
  type WriteRequest,
  type WriteResult,
} from './store.types.js';

const MAX_BATCH = 64;
/** Writes one token may have waiting in the queue; past it, 429 (no token can starve the others). */
const MAX_QUEUED_PER_TOKEN = 1000;
export const AGENT_NAMESPACE = 'weft-system';

interface Stored {
  readonly resource: AnyResource;
  readonly uid: string;
  readonly owner: 'api' | 'kubernetes';
  readonly generation: number;
  readonly resourceVersion: number;
  readonly createdAt: string;
}

interface Pending {
  readonly request: WriteRequest;
  readonly resolve: (result: WriteResult) => void;
  readonly reject: (error: Error) => void;
}

export interface StoreOptions {
  /** documents to load when the database holds no resources (the sample fabric) */
  readonly seed?: () => Promise<readonly RawDocument[]>;
  /** called with the duration of every compile, in seconds */
  readonly onCompile?: (seconds: number) => void;
  readonly onBatch?: (size: number) => void;
  readonly log?: (event: Record<string, unknown>) => void;
}

const storeKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}|${namespace ?? ''}|${name}`;

function isNamespaced(kind: string): boolean {
  return findResourceDefinitionByKind(kind)?.scope === 'Namespaced';
}

/** Objects of a state, found as the access policy asks for them. */
function lookupIn(objects: ReadonlyMap<string, Stored>): ObjectLookup {
  return (kind, namespace, name) => objects.get(storeKey(kind, isNamespaced(kind) ? (namespace ?? 'default') : undefined, name))?.resource;
}

function errorKeys(result: CompileResult): Set<string> {
  return new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}|${d.path}|${d.message}`));
}

/** Conflicts (numbers taken, pools exhausted, still referenced) are 409; the rest 400. */
const CONFLICT_CODES = new Set<string>([C.POOL_EXHAUSTED, C.ALLOCATION_CONFLICT, C.DUPLICATE_ASN, C.DUPLICATE_ROUTER_ID, C.PORT_IN_USE]);

export class FabricStore {
  private result: CompileResult;
  private objects: Map<string, Stored>;
  private agents: Map<string, AgentRecord>;
  /** `namespace/name` -> the leases Weft's DHCP adapter last reported (dhcp-leases.ts) */
  private dhcpLeases = new Map<string, VpcLeases>();
  private resourceVersion: number;
  private readonly queue: Pending[] = [];
  private draining = false;
  /** an agent report asked to release quarantined VNIs while a batch was in flight */
  private releasePending = false;
  /** live streams, fed with every change as each actor may see it */
  readonly events = new EventHub();
  /** a commit may have happened without our knowing (the connection broke): reload before writing */
  private stale = false;
  /** close() was called: writes are refused */
  private closing = false;
  /** writes waiting, per token */
  private readonly queuedByToken = new Map<string, number>();

  private constructor(
    private readonly db: Database,
    private readonly options: StoreOptions,
    state: { result: CompileResult; objects: Map<string, Stored>; agents: Map<string, AgentRecord>; resourceVersion: number },
  ) {
    this.result = state.result;
    this.objects = state.objects;
    this.agents = state.agents;
    this.resourceVersion = state.resourceVersion;
  }

  static async open(db: Database, options: StoreOptions = {}): Promise<FabricStore> {
    const state = await FabricStore.load(db, options);
    const store = new FabricStore(db, options, state);
    if (state.objects.size === 0 && options.seed !== undefined) await store.seed(await options.seed());
    await store.syncAgents();
    return store;
  }

  private static async load(db: Database, options: StoreOptions): Promise<{ result: CompileResult; objects: Map<string, Stored>; agents: Map<string, AgentRecord>; resourceVersion: number }> {
    const rows = (
      await db.query<{ api_version: string; kind: string; metadata: Record<string, unknown>; spec: unknown; uid: string; owner: 'api' | 'kubernetes'; generation: string; resource_version: string; created_at: Date }>(
        'SELECT api_version, kind, metadata, spec, uid, owner, generation, resource_version, created_at FROM resources ORDER BY kind, namespace, name',
      )
    ).rows;
    const objects = new Map<string, Stored>();
    let resourceVersion = 0;
    for (const row of rows) {
      const parsed = parseDocument({ value: { apiVersion: row.api_version, kind: row.kind, metadata: row.metadata, spec: row.spec } });
      if (parsed.resource === undefined) {
        options.log?.({ level: 'error', message: `stored ${row.kind} ${JSON.stringify(row.metadata.name)} no longer validates; it is ignored`, diagnostics: parsed.diagnostics });
        continue;
      }
      const r = parsed.resource;
      objects.set(storeKey(r.kind, r.metadata.namespace, r.metadata.name), {
        resource: r,
        uid: row.uid,
        owner: row.owner,
        generation: Number(row.generation),
        resourceVersion: Number(row.resource_version),
        createdAt: row.created_at.toISOString(),
      });
      resourceVersion = Math.max(resourceVersion, Number(row.resource_version));
    }
    const previous = await readAllocations(db);
    const started = performance.now();
    const result = compile(groupResources([...objects.values()].map((s) => s.resource)), { previous });
    options.onCompile?.((performance.now() - started) / 1000);
    const agents = new Map<string, AgentRecord>();
    const agentRows = (
      await db.query<{ switch: string; generation: string; files_hash: string; allocation_generation: string; status: AgentStatus | null; applied_allocation_generation: string | null }>(
        'SELECT switch, generation, files_hash, allocation_generation, status, applied_allocation_generation FROM agents',
      )
    ).rows;
    for (const a of agentRows) {
      agents.set(a.switch, {
        generation: Number(a.generation),
        filesHash: a.files_hash,
        allocationGeneration: Number(a.allocation_generation),
        ...(a.status === null ? {} : { status: a.status }),
        ...(a.applied_allocation_generation === null ? {} : { appliedAllocationGeneration: Number(a.applied_allocation_generation) }),
      });
    }
    return { result, objects, agents, resourceVersion };
  }

  // ---------------------------------------------------------------- reads

  get compiled(): CompileResult {
    return this.result;
  }

  /** Whether the actor may see this object at all (tenants see only their own). */
  private visible(stored: Stored, actor: Actor, objects: ReadonlyMap<string, Stored> = this.objects): boolean {
    return canSee(actor, stored.resource.kind, this.tenantsOf(stored.resource, objects));
  }

  /** The tenants an object belongs to (access-policy.ts), looked up in a state. */
  private tenantsOf(r: AnyResource, objects: ReadonlyMap<string, Stored> = this.objects): string[] {
    return tenantsOfResource(r, lookupIn(objects));
  }

  /** The object as this actor sees it: a tenant sees a Switch redacted (switch-view.ts). */
  private viewFor(stored: Stored, actor: Actor, result: CompileResult = this.result, objects: ReadonlyMap<string, Stored> = this.objects): ResourceObject {
    const full = this.view(stored, result);
    if (stored.resource.kind !== 'Switch' || kindAccess(actor, 'Switch') !== 'redacted') return full;
    const sw = stored.resource.metadata.name;
    const record = this.agents.get(sw);
    const vpcs: TenantVpcOnSwitch[] = [];
    for (const other of objects.values()) {
      const r = other.resource;
      if (r.kind !== 'VPC' || r.spec.tenant !== actor.tenant) continue;
      const status = result.vpcStatus.get(keyOf(r));
      if (status?.switches?.includes(sw) === true) vpcs.push({ vpc: keyOf(r), ...(status.vrf === undefined ? {} : { vrf: status.vrf }) });
    }
    vpcs.sort((a, b) => (a.vpc < b.vpc ? -1 : a.vpc > b.vpc ? 1 : 0));
    return tenantSwitchView(full, { ...(record === undefined ? {} : { generation: record.generation }), ...(record?.status === undefined ? {} : { status: record.status }) }, vpcs);
  }

  /** Whether the actor may see the object `Kind key` names in a message (for redacting diagnostics). */
  private referenceVisible(actor: Actor, objects: ReadonlyMap<string, Stored>, written?: AnyResource): (kind: string, key: string) => boolean {
    return (kind, key) => {
      // the object being written is the writer's own
      if (written !== undefined && written.kind === kind && keyOf(written) === key) return true;
      const slash = key.indexOf('/');
      const stored = objects.get(slash < 0 ? storeKey(kind, isNamespaced(kind) ? 'default' : undefined, key) : storeKey(kind, key.slice(0, slash), key.slice(slash + 1)));
      return stored !== undefined && this.visible(stored, actor, objects);
    };
  }

  list(kind: string, query: ListQuery, actor: Actor): ResourceObject[] {
    this.checkReadable(kind, actor);
    const out: ResourceObject[] = [];
    for (const stored of this.objects.values()) {
      const r = stored.resource;
      if (r.kind !== kind) continue;
      if (query.namespace !== undefined && isNamespaced(kind) && r.metadata.namespace !== query.namespace) continue;
      if (query.labelSelector !== undefined && !Object.entries(query.labelSelector).every(([k, v]) => own(r.metadata.labels, k) === v)) continue;
      if (!this.visible(stored, actor)) continue;
      out.push(this.viewFor(stored, actor));
    }
    out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
    return query.limit === undefined ? out : out.slice(0, query.limit);
  }

  get(key: ObjectKey, actor: Actor): ResourceObject {
    this.checkReadable(key.kind, actor);
    const stored = this.objects.get(storeKey(key.kind, this.namespaceOf(key), key.name));
    if (stored === undefined || !this.visible(stored, actor)) throw new StoreError('not-found', `${key.kind} ${this.describe(key)} not found`);
    return this.viewFor(stored, actor);
  }

  private checkReadable(kind: string, actor: Actor): void {
    if (findResourceDefinitionByKind(kind) === undefined || kind === 'Agent') throw new StoreError('not-found', `unknown kind ${kind}`);
    if (actor.role === 'agent') throw new StoreError('forbidden', `an agent token reads only its own Agent`);
  }

  private namespaceOf(key: ObjectKey): string | undefined {
    return isNamespaced(key.kind) ? (key.namespace ?? 'default') : undefined;
  }

  private describe(key: ObjectKey): string {
    const ns = this.namespaceOf(key);
    return ns === undefined ? key.name : `${ns}/${key.name}`;
  }

  /** The object as users see it, with its status. */
  view(stored: Stored, result: CompileResult = this.result): ResourceObject {
    const r = stored.resource;
    const { namespace, labels, annotations } = r.metadata;
    return {
      apiVersion: r.apiVersion,
      kind: r.kind,
      metadata: {
        name: r.metadata.name,
        ...(namespace === undefined ? {} : { namespace }),
        ...(labels === undefined ? {} : { labels }),
        // who may change it, as an annotation: the object stays one kubectl applies unchanged
        annotations: { ...annotations, [OWNER_ANNOTATION]: stored.owner },
        uid: stored.uid,
        resourceVersion: String(stored.resourceVersion),
        generation: stored.generation,
        creationTimestamp: stored.createdAt,
      },
      spec: r.spec,
      status: this.statusOf(stored, result),
    };
  }

  private statusOf(stored: Stored, result: CompileResult): unknown {
    const r = stored.resource;
    const key = keyOf(r);
    if (r.kind === 'VPC') {
      const status = result.vpcStatus.get(key);
      return status === undefined ? undefined : { ...withLeases(this.withReady(status), this.dhcpLeases.get(key)), observedGeneration: stored.generation };
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.path.startsWith(`${r.kind} ${key} `));
    const accepted =
      errors.length === 0
        ? { type: 'Accepted', status: 'True', reason: 'Compiled' }
        : { type: 'Accepted', status: 'False', reason: 'Invalid', message: errors.map((d) => `${d.path}: ${d.message}`).join('; ') };
    if (r.kind === 'Switch') return { observedGeneration: stored.generation, ...this.switchStatus(r.metadata.name, accepted) };
    return { observedGeneration: stored.generation, conditions: [accepted] };
  }

  /** A switch's status: what its agent last reported against the generation it should run. */
  private switchStatus(sw: string, accepted: { type: string; status: string; reason: string; message?: string }): Record<string, unknown> {
    const agent = this.agents.get(sw);
    const reported = agent?.status;
    const applied =
      reported?.appliedGeneration === undefined
        ? { type: 'Applied', status: 'Unknown', reason: 'NoReport', message: 'its agent has not reported yet' }
        : reported.appliedGeneration >= (agent?.generation ?? 0)
          ? { type: 'Applied', status: 'True', reason: 'UpToDate', message: `generation ${reported.appliedGeneration} applied` }
          : { type: 'Applied', status: 'False', reason: 'Behind', message: `generation ${reported.appliedGeneration} applied, ${agent?.generation ?? 0} desired` };
    return {
      ...(agent === undefined ? {} : { generation: agent.generation }),
      ...(reported === undefined
        ? {}
        : {
            appliedGeneration: reported.appliedGeneration,
            lastHeartbeat: reported.lastHeartbeat,
            ...(reported.lastError === undefined ? {} : { lastError: reported.lastError }),
            ...(reported.bgpNeighbors === undefined ? {} : { bgpNeighbors: reported.bgpNeighbors }),
            ...(reported.remoteVteps === undefined ? {} : { remoteVteps: reported.remoteVteps }),
          }),
      conditions: [accepted, applied, ...(reported?.conditions ?? []).filter((c) => c.type !== 'Applied')],
    };
  }

  /** Ready: every switch of the VPC reports it applied its current desired state. */
  private withReady(status: VpcStatus): VpcStatus {
    const accepted = status.conditions?.find((c) => c.type === 'Accepted')?.status === 'True';
    if (!accepted) return status;
    const switches = status.switches ?? [];
    const behind = switches.filter((sw) => {
      const a = this.agents.get(sw);
      return a?.status?.appliedGeneration === undefined || a.status.appliedGeneration < a.generation;
    });
    const ready =
      switches.length === 0
        ? { type: 'Ready', status: 'True' as const, reason: 'NothingToApply', message: 'no switch carries this VPC yet (no attachment)' }
        : behind.length === 0
          ? { type: 'Ready', status: 'True' as const, reason: 'Applied', message: `applied on ${switches.join(', ')}` }
          : { type: 'Ready', status: 'False' as const, reason: 'AwaitingAgents', message: `not yet applied on ${behind.join(', ')}` };
    // the error text may be about anyone's configuration on that switch: the Switch's status has it, for those who may read it
    const degraded = vpcDegraded(switches, (sw) => this.agents.get(sw)?.status);
    return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type === 'Accepted'), ready, degraded] };
  }

  // ---------------------------------------------------------------- writes

  apply(request: WriteRequest): Promise<WriteResult> {
    if (request.dryRun === true) {
      try {
        const step = this.evaluate(request, this.result, this.objects);
        // the object as it would be, numbers and conditions included: seen through the dry run's compile
        return Promise.resolve({
          ...(step.after === undefined ? {} : { object: this.viewFor(step.after, request.actor, step.result) }),
          plan: step.plan,
          diagnostics: redactDiagnostics(step.warnings, request.actor, this.referenceVisible(request.actor, this.objects)),
          dryRun: true,
        });
      } catch (e) {
        return Promise.reject(this.unexpected(e, request));
      }
    }
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
      void this.drain();
    });
  }

  /** Stops taking writes and waits for the queue to empty (every write in it answered). */
  async close(): Promise<void> {
    this.closing = true;
    while (this.draining || this.queue.length > 0) await new Promise((resolveLater) => setTimeout(resolveLater, 10));
  }

  /** Ends every live stream with a reason (the service stops). */
  endStreams(reason: StreamEnd = { code: 'unavailable', message: 'the service is stopping' }): void {
    this.events.endAll(reason);
  }

  /**
   * The writer's loop. Nothing thrown in it may escape (it runs detached from any request): each
   * batch's failures are answered to the batch's writes, and the loop goes on.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 || this.releasePending) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length > 0) await this.runBatch(batch);
        if (this.releasePending) {
          this.releasePending = false;
          await this.releaseNow().catch((e: unknown) => {
            this.log('error', 'releasing quarantined VNIs failed; the next report retries', e);
          });
        }
      }
    } catch (e) {
      this.log('error', 'the writer loop failed; it goes on with the next write', e);
    } finally {
      this.draining = false;
    }
    // a write queued while the loop was ending
    if (this.queue.length > 0) void this.drain();
  }

  /**
   * One batch, answered whatever happens. When the batch fails as a whole (its commit, or
   * something unexpected), each of its writes is evaluated and committed again on its own, so a
   * write that cannot be stored fails alone and the others succeed.
   */
  private async runBatch(batch: readonly Pending[]): Promise<void> {
    const answered = new Set<Pending>();
    const answer = (pending: Pending, outcome: { result: WriteResult } | { error: Error }): void => {
      if (answered.has(pending)) return;
      answered.add(pending);
      if ('result' in outcome) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    };
    try {
      await this.reloadIfStale();
      const failure = await this.applyBatch(batch, answer);
      if (failure !== undefined) {
        const left = batch.filter((pending) => !answered.has(pending));
        if (left.length <= 1 || isConnectionFailure(failure)) {
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

  /** After a broken connection the database may hold a commit the memory lacks: read it again. */
  private async reloadIfStale(): Promise<void> {
    if (!this.stale) return;
    try {
      await this.reload();
      this.stale = false;
      this.log('info', 'the fabric was read again from the database after it came back');
    } catch (e) {
      throw requestFailure(e, 'the write was not made');
    }
  }

  /** A StoreError as it is; anything else is a fault of the service, logged, answered as such. */
  private unexpected(e: unknown, request: WriteRequest): Error {
    if (e instanceof StoreError) return e;
    this.log('error', `unexpected failure evaluating a ${request.kind} ${request.action}`, e, request.requestId);
    return e instanceof Error ? e : new Error(String(e));
  }

  private log(level: 'info' | 'error', message: string, error?: unknown, requestId?: string): void {
    this.options.log?.({
      level,
      message,
      ...(error === undefined ? {} : { error: error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) }),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  /**
   * Evaluates a batch against the evolving state and commits the accepted writes in one
   * transaction. Refused writes are answered at once; the accepted ones once committed. Returns
   * the commit's failure (the accepted writes are then not answered: the caller decides).
   */
  private async applyBatch(batch: readonly Pending[], answer: (pending: Pending, outcome: { result: WriteResult } | { error: Error }) => void): Promise<unknown> {
    const base = this.result;
    const baseObjects = this.objects;
    const objects = new Map(this.objects);
    let result = base;
    const accepted: { pending: Pending; step: Step }[] = [];
    const take = (pending: Pending, step: Step): void => {
      result = step.result;
      if (step.before !== undefined) objects.delete(step.key);
      if (step.after !== undefined) objects.set(step.key, step.after);
      accepted.push({ pending, step });
    };
    for (let i = 0; i < batch.length; ) {
      const run = vpcCreateRun(batch, i);
      let together: ReturnType<FabricStore['evaluateTogether']>;
      try {
        together = run.length > 1 ? this.evaluateTogether(run, result, objects) : undefined;
      } catch (e) {
        this.log('error', 'compiling new VPCs together failed; they are compiled one at a time', e);
        together = undefined;
      }
      for (const { pending, error } of together?.refused ?? []) answer(pending, { error: this.unexpected(error, pending.request) });
      for (const { pending, step } of together?.steps ?? []) take(pending, step);
      // one write at a time: other kinds, and a run whose compile together was refused
      for (const pending of together === undefined ? run : []) {
        try {
          take(pending, this.evaluate(pending.request, result, objects));
        } catch (e) {
          answer(pending, { error: this.unexpected(e, pending.request) });
        }
      }
      i += run.length;
    }
    if (accepted.length === 0) return undefined;
    this.options.onBatch?.(accepted.length);
    // every switch any write of the batch rebuilt, not only the last write's
    const agents = this.nextAgents({ ...result, rebuilt: [...new Set(accepted.flatMap(({ step }) => step.result.rebuilt))] });
    // persisting numbers each written object (its resource version): remember which was which
    const unnumbered = accepted.map(({ step }) => [step, step.after] as const);
    const resourceVersion = this.resourceVersion;
    try {
      await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_WRITER]);
        await this.persistObjects(tx, accepted.map(({ step }) => step), objects);
        await writeAllocations(tx, base.allocations, result.allocations);
        await this.persistAgents(tx, agents);
        await this.insertAudit(tx, accepted.map(({ step }) => step), objects);
      });
    } catch (e) {
      // nothing of the batch is in memory; the numbering starts again where it was
      this.resourceVersion = resourceVersion;
      for (const [step, written] of unnumbered) (step as { after: Stored | undefined }).after = written;
      this.log('error', 'write batch failed', e);
      if (isConnectionFailure(e)) this.stale = true;
      return e;
    }
    for (const [step, written] of unnumbered) {
      if (written !== undefined && step.after !== undefined && objects.get(step.key) === written) objects.set(step.key, step.after);
    }
    const previousAgents = this.agents;
    // a removed switch's Agent, as it was: its device is gone once the state is swapped
    const goneAgents: ResourceObject[] = [];
    for (const sw of previousAgents.keys()) {
      if (agents.has(sw)) continue;
      try {
        goneAgents.push(this.agent(sw, { name: 'system', role: 'architect' }));
      } catch (e) {
        this.log('error', `the removed Agent ${sw} cannot be shown`, e);
      }
    }
    this.result = result;
    this.objects = objects;
    this.agents = agents;
    // answers and events must not fail the committed batch: each is guarded on its own
    for (const { pending, step } of accepted) {
      try {
        const actor = pending.request.actor;
        answer(pending, {
          result: {
            ...(step.after === undefined ? {} : { object: this.viewFor(step.after, actor) }),
            plan: step.plan,
            diagnostics: redactDiagnostics(step.warnings, actor, this.referenceVisible(actor, objects)),
            dryRun: false,
          },
        });
      } catch (e) {
        answer(pending, { error: this.unexpected(e, pending.request) });
      }
    }
    try {
      this.announce(accepted.map(({ step }) => step), baseObjects, base, previousAgents, goneAgents);
    } catch (e) {
      this.log('error', 'announcing a committed batch failed', e);
    }
    return undefined;
  }

  /**
   * Events for a committed batch: each written object; the Agents whose desired state changed
   * (their watchers get the new generation); the VPCs whose status changed through another write.
   */
  private announce(steps: readonly Step[], baseObjects: ReadonlyMap<string, Stored>, base: CompileResult, previousAgents: ReadonlyMap<string, AgentRecord>, goneAgents: readonly ResourceObject[]): void {
    for (const step of steps) this.emit(step, baseObjects);
    for (const object of goneAgents) this.emitAgentObject('DELETED', object);
    const system: Actor = { name: 'system', role: 'architect' };
    for (const [sw, record] of this.agents) {
      if (previousAgents.get(sw) !== record) this.emitAgentObject(previousAgents.has(sw) ? 'MODIFIED' : 'ADDED', this.agent(sw, system));
    }
    for (const stored of this.vpcsWithNewStatus(base, this.result, new Set(steps.map((step) => step.key)))) this.emitObject('MODIFIED', stored);
  }

  /** Each VPC not written itself whose status differs between two compiles. */
  private vpcsWithNewStatus(before: CompileResult, after: CompileResult, written: ReadonlySet<string>): Stored[] {
    const events: Stored[] = [];
    for (const [key, status] of after.vpcStatus) {
      const earlier = before.vpcStatus.get(key);
      // an incremental compile keeps the status objects of the VPCs it did not touch
      if (earlier === undefined || earlier === status || JSON.stringify(earlier) === JSON.stringify(status)) continue;
      const slash = key.indexOf('/');
      const objectKey = storeKey('VPC', key.slice(0, slash), key.slice(slash + 1));
      const stored = this.objects.get(objectKey);
      if (stored !== undefined && !written.has(objectKey)) events.push(stored);
    }
    return events;
  }

  private async reload(): Promise<void> {
    const state = await FabricStore.load(this.db, this.options);
    this.result = state.result;
    this.objects = state.objects;
    this.agents = state.agents;
    this.resourceVersion = state.resourceVersion;
  }

  /**
   * New VPCs that arrived together are compiled together: a recompile costs about the same for
   * one VPC as for sixty, as it walks the whole allocation state. Taken only when the outcome is
   * what one-at-a-time would give: no write adds an error and no device changes (so each plan is
   * empty); otherwise undefined, and the caller compiles them one at a time.
   */
  private evaluateTogether(run: readonly Pending[], base: CompileResult, objects: ReadonlyMap<string, Stored>): { steps: { pending: Pending; step: Step }[]; refused: { pending: Pending; error: unknown }[] } | undefined {
    const staged = new Map(objects);
    const prepared: { pending: Pending; write: PreparedWrite }[] = [];
    const refused: { pending: Pending; error: unknown }[] = [];
    for (const pending of run) {
      try {
        const write = this.prepare(pending.request, staged);
        if (write.resource === undefined) return undefined;
        // a placeholder, so that a second create of the same name in this run is refused
        staged.set(write.key, { resource: write.resource, uid: '', owner: 'api', generation: 0, resourceVersion: 0, createdAt: '' });
        prepared.push({ pending, write });
      } catch (e) {
        refused.push({ pending, error: e });
      }
    }
    if (prepared.length === 0) return { steps: [], refused };
    const started = performance.now();
    const result = recompile(base, { upserts: prepared.map(({ write }) => write.resource).filter((r) => r !== undefined) });
    this.options.onCompile?.((performance.now() - started) / 1000);
    const old = errorKeys(base);
    if (result.rebuilt.length > 0 || result.diagnostics.some((d) => d.severity === 'error' && !old.has(`${d.code}|${d.path}|${d.message}`))) return undefined;
    const steps = prepared.map(({ pending, write }) => ({ pending, step: this.stepOf(write, pending.request, result, []) }));
    return { steps, refused };
  }

  /** Checks and compiles one write against a state; throws a StoreError when it is refused. */
  private evaluate(request: WriteRequest, base: CompileResult, objects: ReadonlyMap<string, Stored>): Step {
    const write = this.prepare(request, objects);
    const { before, change } = write;
    const started = performance.now();
    const result = recompile(base, change);
    this.options.onCompile?.((performance.now() - started) / 1000);
    const old = errorKeys(base);
    const introduced = result.diagnostics.filter((d) => d.severity === 'error' && !old.has(`${d.code}|${d.path}|${d.message}`));
    if (introduced.length > 0) {
      const conflict = request.action === 'delete' || introduced.some((d) => CONFLICT_CODES.has(d.code));
      const what = request.action === 'delete' ? `${request.kind} ${keyOf(before?.resource ?? ({ metadata: { name: '' } }))} is still in use` : `${request.kind} is not valid`;
      // a tenant reads about its own objects only: others are named by what they are
      const shown = redactDiagnostics(introduced, request.actor, this.referenceVisible(request.actor, objects, write.resource ?? before?.resource));
      throw new StoreError(conflict ? 'conflict' : 'invalid', `${what}: ${shown[0]?.message ?? ''}${shown.length > 1 ? ` (and ${shown.length - 1} more)` : ''}`, shown);
    }
    return this.stepOf(write, request, result, planFiles(base.files, result.files));
  }

  /** A write's step once compiled: its warnings, plan, and the object as stored. */
  private stepOf(write: PreparedWrite, request: WriteRequest, result: CompileResult, plan: readonly DevicePlan[]): Step {
    const { key, resource, before } = write;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning' && resource !== undefined && d.path.startsWith(`${resource.kind} ${keyOf(resource)}`));
    if (resource === undefined) return { key, result, plan, warnings, request, ...(before === undefined ? {} : { before }) };
    const specChanged = before === undefined || JSON.stringify(before.resource.spec) !== JSON.stringify(resource.spec);
    const after: Stored = {
      resource,
      uid: before?.uid ?? randomUUID(),
      owner: request.via === 'kubernetes' ? 'kubernetes' : 'api',
      generation: before === undefined ? 1 : before.generation + (specChanged ? 1 : 0),
      resourceVersion: 0,
      createdAt: before?.createdAt ?? new Date().toISOString(),
    };
    return { key, result, plan, warnings, request, after, ...(before === undefined ? {} : { before }) };
  }

  /** The checks of a write before compiling: kind, role, body, existence, tenant. */
  private prepare(request: WriteRequest, objects: ReadonlyMap<string, Stored>): PreparedWrite {
    const { actor } = request;
    const definition = findResourceDefinitionByKind(request.kind);
    if (definition === undefined || request.kind === 'Agent') throw new StoreError('not-found', `unknown kind ${request.kind}`);
    checkMayWrite(actor, request.kind);
    let resource: AnyResource | undefined;
    let key: string;
    let before: Stored | undefined;
    if (request.action === 'delete') {
      if (request.key === undefined) throw new StoreError('invalid', 'delete needs the object name');
      key = storeKey(request.kind, this.namespaceOf(request.key), request.key.name);
      before = objects.get(key);
      if (before === undefined || (actor.role === 'tenant' && !this.tenantsOf(before.resource, objects).includes(actor.tenant ?? ''))) {
        throw new StoreError('not-found', `${request.kind} ${this.describe(request.key)} not found`);
      }
    } else {
      resource = this.parseBody(request);
      key = storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name);
      before = objects.get(key);
      if (request.action === 'create' && before !== undefined) {
        const hidden = actor.role === 'tenant' && !this.tenantsOf(before.resource, objects).includes(actor.tenant ?? '');
        throw new StoreError('conflict', `${request.kind} ${keyOf(resource)} ${hidden ? 'cannot be created: the name is taken' : 'exists already'}`);
      }
      if (request.action === 'replace') {
        if (before === undefined || (actor.role === 'tenant' && !this.tenantsOf(before.resource, objects).includes(actor.tenant ?? ''))) {
          throw new StoreError('not-found', `${request.kind} ${keyOf(resource)} not found`);
        }
      }
      if (actor.role === 'tenant') checkTenantWrite(resource, actor, lookupIn(objects));
      const immutable = before === undefined ? [] : immutableFieldChanges(before.resource, resource);
      if (immutable.length > 0) throw new StoreError('invalid', `${request.kind} ${keyOf(resource)} is not valid: ${immutable.map((d) => d.message).join('; ')}`, immutable);
    }
    if (before?.owner === 'kubernetes' && request.via !== 'kubernetes') {
      throw new StoreError('conflict', `${request.kind} ${keyOf(before.resource)} is owned by its Kubernetes object; change it with kubectl (or GitOps)`);
    }
    if (before !== undefined && before.owner !== 'kubernetes' && request.via === 'kubernetes') {
      throw new StoreError('conflict', `${request.kind} ${keyOf(before.resource)} exists in Weft already, created through its API: one owner per object (delete it there first, or use another name)`);
    }
    const change: ResourceChange =
      resource === undefined
        ? { deletes: [{ kind: request.kind, ...(before?.resource.metadata.namespace === undefined ? {} : { namespace: before.resource.metadata.namespace }), name: before?.resource.metadata.name ?? '' }] }
        : { upserts: [resource] };
    return { key, change, ...(resource === undefined ? {} : { resource }), ...(before === undefined ? {} : { before }) };
  }

  private parseBody(request: WriteRequest): AnyResource {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new StoreError('invalid', `the body must be a ${request.kind} object (apiVersion, kind, metadata, spec)`);
    }
    const definition = findResourceDefinitionByKind(request.kind);
    const value = body as Record<string, unknown>;
    const unstorable = findUnstorable(body);
    if (unstorable !== undefined) {
      const meta = value.metadata;
      const named = typeof meta === 'object' && meta !== null && typeof (meta as { name?: unknown }).name === 'string' ? (meta as { name: string }).name : (request.key?.name ?? '<unnamed>');
      const path = `${request.kind} ${named.length > 80 ? `${named.slice(0, 77)}...` : named} ${unstorable.path}`.replaceAll('\u0000', '\\u0000');
      throw new StoreError('invalid', `${request.kind} is not valid: ${path}: ${unstorable.message}`, [{ code: C.SCHEMA, severity: 'error', path, message: unstorable.message }]);
    }
    // a missing apiVersion/kind is filled from the URL; a different one is an error
    const filled: Record<string, unknown> = { apiVersion: `${definition?.group ?? ''}/${definition?.version ?? ''}`, kind: request.kind, ...value };
    if (filled.kind !== request.kind) throw new StoreError('invalid', `the body is a ${String(filled.kind)}, this is the ${request.kind} collection`);
    if (request.key !== undefined) {
      if (value.metadata !== undefined && (typeof value.metadata !== 'object' || value.metadata === null || Array.isArray(value.metadata))) {
        // spread into the URL's name, a string or a list would pass as metadata
        const path = `${request.kind} ${this.describe(request.key).slice(0, 300)} metadata`;
        const message = `expected an object, got ${Array.isArray(value.metadata) ? 'a list' : JSON.stringify(value.metadata).slice(0, 80)}`;
        throw new StoreError('invalid', `${request.kind} is not valid: ${path}: ${message}`, [{ code: C.SCHEMA, severity: 'error', path, message }]);
      }
      const meta = (value.metadata ?? {}) as Record<string, unknown>;
      if (meta.name !== undefined && meta.name !== request.key.name) throw new StoreError('invalid', `metadata.name ${JSON.stringify(meta.name)} does not match the URL (${request.key.name})`);
      const urlNamespace = this.namespaceOf(request.key);
      if (meta.namespace !== undefined && urlNamespace !== undefined && meta.namespace !== urlNamespace) {
        throw new StoreError('invalid', `metadata.namespace ${JSON.stringify(meta.namespace)} does not match the request (${urlNamespace})`);
      }
      filled.metadata = { ...meta, name: request.key.name, ...(urlNamespace === undefined ? {} : { namespace: urlNamespace }) };
    }
    withoutOwnerAnnotation(filled);
    const parsed = parseDocument({ value: filled });
    if (parsed.resource === undefined) {
      const first = parsed.diagnostics[0];
      throw new StoreError('invalid', `${request.kind} is not valid: ${first === undefined ? '' : `${first.path}: ${first.message}`}${parsed.diagnostics.length > 1 ? ` (and ${parsed.diagnostics.length - 1} more)` : ''}`, parsed.diagnostics);
    }
    return parsed.resource;
  }

  /**
   * The objects a batch wrote, in two statements whatever the batch size: first every object a
   * step deleted (so a name deleted and created again gets its new row), then each remaining
   * object in its final state. Each written object gets the next resource version.
   */
  private async persistObjects(tx: Queryable, steps: readonly Step[], objects: ReadonlyMap<string, Stored> = this.objects): Promise<void> {
    const deleted = new Map<string, AnyResource>();
    const written = new Map<string, Stored>();
    for (const step of steps) {
      if (step.after === undefined) {
        const r = step.before?.resource;
        if (r !== undefined) deleted.set(step.key, r);
        written.delete(step.key);
        continue;
      }
      this.resourceVersion += 1;
      const stored: Stored = { ...step.after, resourceVersion: this.resourceVersion };
      (step as { after: Stored }).after = stored;
      written.set(step.key, stored);
    }
    if (deleted.size > 0) {
      const gone = [...deleted.values()];
      await tx.query('DELETE FROM resources WHERE (kind, namespace, name) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))', [
        gone.map((r) => r.kind),
        gone.map((r) => r.metadata.namespace ?? ''),
        gone.map((r) => r.metadata.name),
      ]);
    }
    if (written.size === 0) return;
    const rows = [...written.values()].map((stored) => {
      const { name, namespace, labels, annotations } = stored.resource.metadata;
      return [
        stored.resource.kind,
        namespace ?? '',
        name,
        stored.uid,
        stored.resource.apiVersion,
        JSON.stringify({ name, ...(namespace === undefined ? {} : { namespace }), ...(labels === undefined ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) }),
        JSON.stringify(stored.resource.spec),
        this.tenantsOf(stored.resource, objects)[0] ?? null,
        stored.owner,
        stored.generation,
        stored.resourceVersion,
        // the creation time the object was shown with, so that a restart shows the same
        stored.createdAt,
      ];
    });
    const column = (i: number): unknown[] => rows.map((row) => row[i]);
    await tx.query(
      `INSERT INTO resources (kind, namespace, name, uid, api_version, metadata, spec, tenant, owner, generation, resource_version, created_at)
       SELECT k, ns, n, u::uuid, av, m::jsonb, sp::jsonb, t, o, g, rv, c
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::timestamptz[])
         AS t(k, ns, n, u, av, m, sp, t, o, g, rv, c)
       ON CONFLICT (kind, namespace, name) DO UPDATE SET metadata = EXCLUDED.metadata, spec = EXCLUDED.spec, tenant = EXCLUDED.tenant,
         generation = EXCLUDED.generation, resource_version = EXCLUDED.resource_version, updated_at = now()`,
      rows[0]?.map((_, i) => column(i)) ?? [],
    );
  }


  /** Each row names the tenant of its object, looked up in `objects` (the state the batch made). */
  private async insertAudit(tx: Queryable, steps: readonly Step[], objects: ReadonlyMap<string, Stored> = this.objects): Promise<void> {
    const rows = steps.map((step) => {
      const r = step.after?.resource ?? step.before?.resource;
      const { actor } = step.request;
      return [
        actor.name,
        actor.role,
        (r === undefined ? undefined : (this.tenantsOf(r, objects)[0] ?? this.tenantsOf(r)[0])) ?? actor.tenant ?? null,
        step.request.via,
        step.request.requestId ?? null,
        step.request.action,
        step.request.kind,
        r?.metadata.namespace ?? null,
        r?.metadata.name ?? '',
        step.before === undefined ? null : JSON.stringify(step.before.resource.spec),
        step.after === undefined ? null : JSON.stringify(step.after.resource.spec),
        JSON.stringify(step.plan),
      ];
    });
    const column = (i: number): unknown[] => rows.map((row) => row[i]);
    await tx.query(
      `INSERT INTO audit (actor, role, tenant, via, request_id, action, kind, namespace, name, before, after, plan)
       SELECT a, r, t, v, q, ac, k, n, nm, b::jsonb, af::jsonb, p::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS t(a, r, t, v, q, ac, k, n, nm, b, af, p)`,
      rows[0]?.map((_, i) => column(i)) ?? [],
    );
  }

  private async seed(docs: readonly RawDocument[]): Promise<void> {
    const parsed = parseDocuments(docs);
    const system: Actor = { name: 'system', role: 'architect' };
    const base = this.result;
    const result = compile(groupResources(parsed.resources), { previous: base.allocations });
    const steps: Step[] = parsed.resources.map((resource) => ({
      key: storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name),
      result,
      plan: [],
      warnings: [],
      request: { action: 'create', kind: resource.kind, actor: system, via: 'system' },
      after: { resource, uid: randomUUID(), owner: 'api', generation: 1, resourceVersion: 0, createdAt: new Date().toISOString() },
    }));
    const agents = this.nextAgents(result);
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_WRITER]);
      await this.persistObjects(tx, steps);
      await writeAllocations(tx, base.allocations, result.allocations);
      await this.persistAgents(tx, agents);
      await this.insertAudit(
        tx,
        steps.map((s) => ({ ...s, request: { ...s.request, action: 'create' } })),
        new Map(steps.flatMap((s) => (s.after === undefined ? [] : [[s.key, s.after] as const]))),
      );
    });
    this.result = result;
    this.objects = new Map(steps.flatMap((s) => (s.after === undefined ? [] : [[s.key, s.after] as const])));
    this.agents = agents;
  }

  // ---------------------------------------------------------------- agents

  private filesHash(result: CompileResult, sw: string): string {
    const h = createHash('sha256');
    for (const [path, text] of [...result.files].filter(([p]) => p.startsWith(`${sw}/`)).sort(([a], [b]) => (a < b ? -1 : 1))) h.update(path).update('\0').update(text).update('\0');
    return h.digest('hex');
  }

  /** A switch's generation goes up when its device files change. */
  private nextAgents(result: CompileResult): Map<string, AgentRecord> {
    const next = new Map<string, AgentRecord>();
    const rebuilt = new Set(result.rebuilt);
    for (const sw of result.devices.keys()) {
      const current = this.agents.get(sw);
      if (current !== undefined && !rebuilt.has(sw)) {
        next.set(sw, current);
        continue;
      }
      next.set(sw, nextRecord(current, this.filesHash(result, sw), result.allocations.generation));
    }
    return next;
  }

  private async persistAgents(tx: Queryable, agents: ReadonlyMap<string, AgentRecord>): Promise<void> {
    const changed = [...agents].filter(([sw, a]) => this.agents.get(sw) !== a);
    const gone = [...this.agents.keys()].filter((sw) => !agents.has(sw));
    if (gone.length > 0) await tx.query('DELETE FROM agents WHERE switch = ANY($1::text[])', [gone]);
    if (changed.length === 0) return;
    await tx.query(
      `INSERT INTO agents (switch, generation, files_hash, allocation_generation) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
       ON CONFLICT (switch) DO UPDATE SET generation = EXCLUDED.generation, files_hash = EXCLUDED.files_hash, allocation_generation = EXCLUDED.allocation_generation, updated_at = now()`,
      [changed.map(([sw]) => sw), changed.map(([, a]) => a.generation), changed.map(([, a]) => a.filesHash), changed.map(([, a]) => a.allocationGeneration)],
    );
  }

  /** On start: switches whose files changed since the last run get a new generation. */
  private async syncAgents(): Promise<void> {
    const agents = this.nextAgents({ ...this.result, rebuilt: [...this.result.devices.keys()] });
    await this.persistAgents(this.db, agents);
    this.agents = agents;
  }

  /** The desired state of a switch, as an Agent object. */
  agent(sw: string, actor: Actor): ResourceObject {
    if (actor.role === 'tenant') throw new StoreError('forbidden', 'tenants do not read Agents');
    if (actor.role === 'agent' && actor.switch !== sw) throw new StoreError('forbidden', `this agent token is for switch ${actor.switch ?? '?'}, not ${sw}`);
    const device = this.result.devices.get(sw);
    const record = this.agents.get(sw);
    if (device === undefined || record === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
    const file = (name: string): string | undefined => this.result.files.get(`${sw}/${name}`);
    const configDb = file('config_db.json');
    const frr = file('frr.conf');
    const vyos = file('vyos.set');
    // how the agent reaches its switch: it may read nothing but its Agent
    const switchObject = this.objects.get(storeKey('Switch', undefined, sw))?.resource;
    const management = switchObject?.kind === 'Switch' ? switchObject.spec.management : undefined;
    const portSettings = switchObject?.kind === 'Switch' ? switchObject.spec.portSettings : undefined;
    return {
      apiVersion: 'agent.weft.dev/v1alpha1',
      kind: 'Agent',
      metadata: { name: sw, namespace: AGENT_NAMESPACE, annotations: { [OWNER_ANNOTATION]: 'api' }, uid: `agent-${sw}`, resourceVersion: String(record.generation), generation: record.generation, creationTimestamp: new Date(0).toISOString() },
      spec: {
        switch: sw,
        generation: record.generation,
        role: device.role,
        os: device.os,
        ...(configDb === undefined ? {} : { configDb: JSON.parse(configDb) as unknown }),
        ...(frr === undefined ? {} : { frr }),
        ...(vyos === undefined ? {} : { vyos }),
        ...(management === undefined ? {} : { management }),
        ...(portSettings === undefined || portSettings.length === 0 ? {} : { portSettings }),
      },
      ...(record.status === undefined ? {} : { status: record.status }),
    };
  }

  listAgents(actor: Actor): ResourceObject[] {
    if (actor.role === 'tenant') throw new StoreError('forbidden', 'tenants do not read Agents');
    const switches = actor.role === 'agent' ? [actor.switch ?? ''] : [...this.result.devices.keys()];
    return switches.filter((sw) => this.agents.has(sw)).map((sw) => this.agent(sw, actor));
  }

  /**
   * An agent reports what it applied. Once every switch has caught up with the allocation
   * generation that freed a quarantined VNI (agent-rules.ts), the VNI is released.
   */
  async reportStatus(sw: string, body: unknown, actor: Actor): Promise<ResourceObject> {
    if (actor.role !== 'agent' && actor.role !== 'architect') throw new StoreError('forbidden', `role ${actor.role} may not report agent status`);
    const status = checkAgentStatus(sw, body);
    if (actor.role === 'agent' && actor.switch !== sw) throw new StoreError('forbidden', `this agent token is for switch ${actor.switch ?? '?'}, not ${sw}`);
    const record = this.agents.get(sw);
    if (record === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
    const next = withReport(record, { ...status, lastHeartbeat: status.lastHeartbeat ?? new Date().toISOString() }, this.result.allocations.generation);
    try {
      await this.db.query('UPDATE agents SET status = $2, applied_allocation_generation = $3, updated_at = now() WHERE switch = $1', [sw, JSON.stringify(next.status), next.appliedAllocationGeneration ?? null]);
    } catch (e) {
      throw requestFailure(e, `the status of Agent ${sw} was not recorded`);
    }
    this.agents = new Map(this.agents).set(sw, next);
    await this.releaseApplied();
    const view = this.agent(sw, { name: 'system', role: 'architect' });
    try {
      this.emitAgentObject('MODIFIED', view);
      const switchObject = this.objects.get(storeKey('Switch', undefined, sw));
      if (switchObject !== undefined) this.emitObject('MODIFIED', switchObject);
      for (const vpc of this.objects.values()) {
        if (vpc.resource.kind === 'VPC' && (this.result.vpcStatus.get(keyOf(vpc.resource))?.switches ?? []).includes(sw)) this.emitObject('MODIFIED', vpc);
      }
    } catch (e) {
      this.log('error', `announcing the status of ${sw} failed`, e);
    }
    return view;
  }

  /** Weft's DHCP adapter reports the leases of a VPC; they replace its last report and show in the VPC's status. */
  reportDhcpLeases(key: ObjectKey, body: unknown, actor: Actor): ResourceObject {
    if (actor.role !== 'architect') throw new StoreError('forbidden', `role ${actor.role} may not report DHCP leases`);
    const stored = this.objects.get(storeKey('VPC', this.namespaceOf(key), key.name));
    if (stored?.resource.kind !== 'VPC') throw new StoreError('not-found', `VPC ${this.describe(key)} not found`);
    const vpcKey = keyOf(stored.resource);
    this.dhcpLeases = new Map(this.dhcpLeases).set(vpcKey, checkLeaseReport(vpcKey, Object.keys(stored.resource.spec.subnets), body));
    try {
      this.emitObject('MODIFIED', stored);
    } catch (e) {
      this.log('error', `announcing the DHCP leases of ${vpcKey} failed`, e);
    }
    return this.viewFor(stored, actor);
  }

  /**
   * Releases quarantined VNIs every switch has applied past, through the writer's loop: a batch
   * in flight replaces the state with its result, so the release must not run beside it.
   */
  private async releaseApplied(): Promise<void> {
    this.releasePending = true;
    await this.drain();
  }

  private async releaseNow(): Promise<void> {
    if (this.result.allocations.quarantine.length === 0) return;
    const floor = releaseFloor(this.agents.values(), this.result.allocations.generation);
    if (floor === undefined) return;
    const released = releaseQuarantine(this.result.allocations, floor);
    if (released.quarantine.length === this.result.allocations.quarantine.length) return;
    await this.db.query('DELETE FROM vni_quarantine WHERE since <= $1', [floor]);
    this.result = { ...this.result, allocations: released, state: { ...this.result.state, previous: released } };
  }

  // ---------------------------------------------------------------- audit and events

  async audit(query: AuditQuery, actor: Actor): Promise<AuditEntry[]> {
    if (actor.role === 'agent') throw new StoreError('forbidden', 'agents do not read the audit log');
    for (const [name, value] of Object.entries(query)) {
      const why = typeof value === 'string' ? unstorableText(value) : undefined;
      if (why !== undefined) throw new StoreError('invalid', `the audit filter ${name} ${why}`);
    }
    const tenant = actor.role === 'tenant' ? actor.tenant : query.tenant;
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.kind !== undefined) add('kind = ?', query.kind);
    if (query.namespace !== undefined) add('namespace = ?', query.namespace);
    if (query.name !== undefined) add('name = ?', query.name);
    if (tenant !== undefined) add('tenant = ?', tenant);
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.since !== undefined) add('at >= ?::timestamptz', query.since);
    if (query.before !== undefined) add('id < ?', query.before);
    values.push(Math.min(Math.max(query.limit ?? 100, 1), 1000));
    type AuditRow = { id: string; at: Date; actor: string; role: string; tenant: string | null; via: string; request_id: string | null; action: string; kind: string; namespace: string | null; name: string; before: unknown; after: unknown; plan: unknown };
    let rows: AuditRow[];
    try {
      rows = (await this.db.query<AuditRow>(`SELECT * FROM audit ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY id DESC LIMIT $${values.length}`, values)).rows;
    } catch (e) {
      throw requestFailure(e, 'the audit log cannot be read');
    }
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actor: r.actor,
      role: r.role as AuditEntry['role'],
      ...(r.tenant === null ? {} : { tenant: r.tenant }),
      via: r.via as Interface,
      ...(r.request_id === null ? {} : { requestId: r.request_id }),
      action: r.action as AuditEntry['action'],
      kind: r.kind,
      ...(r.namespace === null ? {} : { namespace: r.namespace }),
      name: r.name,
      ...(r.before === null ? {} : { before: r.before }),
      ...(r.after === null ? {} : { after: r.after }),
      ...(r.plan === null ? {} : { plan: r.plan as DevicePlan[] }),
    }));
  }

  /**
   * Calls `listener` with every change the actor may see, as it may see it, until the returned
   * function is called or the stream is ended (token revoked or expired, service stopping):
   * then `onEnd` hears why.
   */
  subscribe(listener: (event: StoreEvent) => void, actor: Actor, onEnd: (reason: StreamEnd) => void = () => undefined): () => void {
    return this.events.subscribe({ actor, onEvent: listener, onEnd });
  }

  /** Live subscriptions, so a test can check that closed streams leave none behind. */
  listenerCount(): number {
    return this.events.size;
  }

  /**
   * A written object's event. Who receives what is judged on the object before (in the state
   * before the batch) and after: a reader who saw it and still does gets MODIFIED, one who did
   * not and now does ADDED, one who saw it and no longer does DELETED (the last state it saw).
   */
  private emit(step: Step, baseObjects: ReadonlyMap<string, Stored>): void {
    const { before, after } = step;
    const kind = (after ?? before)?.resource.kind ?? '';
    const tenantsBefore = before === undefined ? undefined : this.tenantsOf(before.resource, baseObjects);
    const tenantsAfter = after === undefined ? undefined : this.tenantsOf(after.resource, this.objects);
    const views = new Map<string, ResourceObject>();
    const viewOnce = (stored: Stored, actor: Actor, objects: ReadonlyMap<string, Stored>, tag: string): ResourceObject => {
      // one view per event for everyone, except a tenant's redacted Switch
      const cacheKey = stored.resource.kind === 'Switch' && actor.role === 'tenant' ? `${tag}|${actor.tenant ?? ''}` : tag;
      let view = views.get(cacheKey);
      if (view === undefined) {
        view = this.viewFor(stored, actor, this.result, objects);
        views.set(cacheKey, view);
      }
      return view;
    };
    this.events.publish({
      present: (actor) => {
        const sawIt = tenantsBefore !== undefined && canSee(actor, kind, tenantsBefore);
        const seesIt = tenantsAfter !== undefined && canSee(actor, kind, tenantsAfter);
        if (seesIt && after !== undefined) return { type: sawIt ? 'MODIFIED' : 'ADDED', object: viewOnce(after, actor, this.objects, 'after') };
        if (sawIt && before !== undefined) return { type: 'DELETED', object: viewOnce(before, actor, baseObjects, 'before') };
        return undefined;
      },
    });
  }

  /** An object's event, for those who may see it now. */
  private emitObject(type: StoreEvent['type'], stored: Stored): void {
    const tenants = this.tenantsOf(stored.resource);
    const shared = new Map<string, ResourceObject>();
    this.events.publish({
      present: (actor) => {
        if (!canSee(actor, stored.resource.kind, tenants)) return undefined;
        const cacheKey = stored.resource.kind === 'Switch' && actor.role === 'tenant' ? actor.tenant ?? '' : '*';
        let view = shared.get(cacheKey);
        if (view === undefined) {
          view = this.viewFor(stored, actor);
          shared.set(cacheKey, view);
        }
        return { type, object: view };
      },
    });
  }

  /** An Agent's event: architects, viewers and that switch's agent receive it. */
  private emitAgentObject(type: StoreEvent['type'], object: ResourceObject): void {
    const event: FabricEvent = {
      present: (actor) =>
        actor.role === 'architect' || actor.role === 'viewer' || (actor.role === 'agent' && actor.switch === object.metadata.name) ? { type, object } : undefined,
    };
    this.events.publish(event);
  }

  /** Pool usage, for /metrics. */
  poolUsage(): { pool: string; used: number; size: number }[] {
    const p = this.result.policy.pools;
    const vnis = Object.values(this.result.allocations.vpcs).reduce((n, v) => n + (v.vni === undefined ? 0 : 1) + Object.values(v.subnets).filter((s) => s.vni !== undefined).length, 0) + Object.keys(this.result.allocations.externals).length;
    const vrfs = Object.keys(this.result.allocations.vpcs).length + Object.keys(this.result.allocations.externals).length;
    return [
      { pool: 'vni', used: vnis + this.result.allocations.quarantine.length, size: p.vni.end - p.vni.start + 1 },
      { pool: 'vrf', used: vrfs, size: p.vrf.end - p.vrf.start + 1 },
    ];
  }
}

/** A write that passed the checks that need no compile. */
interface PreparedWrite {
  readonly key: string;
  readonly change: ResourceChange;
  readonly resource?: AnyResource;
  readonly before?: Stored;
}

/** The VPC creates from `start` on (at least the write at `start`, whatever it is). */
function vpcCreateRun(batch: readonly Pending[], start: number): readonly Pending[] {
  let end = start + 1;
  const isVpcCreate = (pending: Pending | undefined): boolean => pending?.request.action === 'create' && pending.request.kind === 'VPC';
  if (isVpcCreate(batch[start])) while (isVpcCreate(batch[end])) end += 1;
  return batch.slice(start, end);
}

/**
 * The owner annotation is the store's to set: one sent back (a GET, edited, PUT again) or
 * forged is dropped, so it never lands among the object's own annotations.
 */
function withoutOwnerAnnotation(value: Record<string, unknown>): void {
  const metadata = value.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return;
  const annotations = (metadata as Record<string, unknown>).annotations;
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations) || !(OWNER_ANNOTATION in annotations)) return;
  const rest = Object.fromEntries(Object.entries(annotations).filter(([key]) => key !== OWNER_ANNOTATION));
  value.metadata = { ...(metadata as Record<string, unknown>), annotations: rest };
}

/** An agent's report, checked against the AgentStatus schema like any other input. */
function checkAgentStatus(sw: string, body: unknown): AgentStatus {
  const unstorable = findUnstorable(body, 'status');
  const problems = unstorable === undefined ? validateAgainstSchema(AgentStatusSchema, body, 'status') : [{ field: unstorable.path, message: unstorable.message }];
  if (problems.length > 0) {
    const name = sw.slice(0, 80);
    const diagnostics: Diagnostic[] = problems.map((p) => ({ code: C.SCHEMA, severity: 'error', path: `Agent ${name} ${p.field}`, message: p.message }));
    throw new StoreError('invalid', `Agent ${name} status is not valid: ${diagnostics[0]?.path ?? ''}: ${diagnostics[0]?.message ?? ''}`, diagnostics);
  }
  return body as AgentStatus;
}

interface Step {
  readonly key: string;
  readonly result: CompileResult;
  readonly plan: readonly DevicePlan[];
  readonly warnings: readonly Diagnostic[];
  readonly request: WriteRequest;
  readonly before?: Stored;
  readonly after?: Stored;
}
