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
  keyOf,
  parseDocument,
  validateAgainstSchema,
  parseDocuments,
  type AnyResource,
  type Diagnostic,
  type RawDocument,
} from '#domain';
import { releaseQuarantine } from '#allocator';
import { LOCK_WRITER, isUniqueViolation, type Database, type Queryable } from '../database/database.js';
import { nextRecord, releaseFloor, withReport, type AgentRecord } from './agent-rules.js';
import { readAllocations, writeAllocations } from './allocation-tables.js';
import {
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
import {
  auditTenant,
  checkAgentReadable,
  checkAgentsReadable,
  checkMayReport,
  checkOwnSwitch,
  checkReadable,
  checkTenantOwns,
  checkWritable,
  hiddenFrom,
  mayRead,
  mayWatchAgent,
  tenantsOf,
  type VpcTenant,
} from './tenancy.js';

const MAX_BATCH = 64;
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
  readonly reject: (error: unknown) => void;
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

/** The tenant of a VPC among `objects`. */
function vpcTenantIn(objects: ReadonlyMap<string, Stored>): VpcTenant {
  return (namespace, name) => {
    const vpc = objects.get(storeKey('VPC', namespace, name))?.resource;
    return vpc?.kind === 'VPC' ? vpc.spec.tenant : undefined;
  };
}

function isNamespaced(kind: string): boolean {
  return findResourceDefinitionByKind(kind)?.scope === 'Namespaced';
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
  private resourceVersion: number;
  private readonly queue: Pending[] = [];
  private draining = false;
  /** an agent report asked to release quarantined VNIs while a batch was in flight */
  private releasePending = false;
  private readonly listeners = new Set<(event: StoreEvent) => void>();

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
  private visible(stored: Stored, actor: Actor): boolean {
    return mayRead(actor, stored.resource.kind, () => this.tenantsOf(stored.resource));
  }

  /** The tenants an object belongs to, its VPCs looked up in `objects`. */
  private tenantsOf(r: AnyResource, objects: ReadonlyMap<string, Stored> = this.objects): string[] {
    return tenantsOf(r, vpcTenantIn(objects));
  }

  list(kind: string, query: ListQuery, actor: Actor): ResourceObject[] {
    checkReadable(kind, actor);
    const out: ResourceObject[] = [];
    for (const stored of this.objects.values()) {
      const r = stored.resource;
      if (r.kind !== kind) continue;
      if (query.namespace !== undefined && isNamespaced(kind) && r.metadata.namespace !== query.namespace) continue;
      if (query.labelSelector !== undefined && !Object.entries(query.labelSelector).every(([k, v]) => r.metadata.labels?.[k] === v)) continue;
      if (!this.visible(stored, actor)) continue;
      out.push(this.view(stored));
    }
    out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
    return query.limit === undefined ? out : out.slice(0, query.limit);
  }

  get(key: ObjectKey, actor: Actor): ResourceObject {
    checkReadable(key.kind, actor);
    const stored = this.objects.get(storeKey(key.kind, this.namespaceOf(key), key.name));
    if (stored === undefined || !this.visible(stored, actor)) throw new StoreError('not-found', `${key.kind} ${this.describe(key)} not found`);
    return this.view(stored);
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
        ...(annotations === undefined ? {} : { annotations }),
        uid: stored.uid,
        resourceVersion: String(stored.resourceVersion),
        generation: stored.generation,
        creationTimestamp: stored.createdAt,
        owner: stored.owner,
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
      return status === undefined ? undefined : { ...this.withReady(status), observedGeneration: stored.generation };
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
    const failing = switches.filter((sw) => this.agents.get(sw)?.status?.lastError !== undefined);
    const ready =
      switches.length === 0
        ? { type: 'Ready', status: 'True' as const, reason: 'NothingToApply', message: 'no switch carries this VPC yet (no attachment)' }
        : behind.length === 0
          ? { type: 'Ready', status: 'True' as const, reason: 'Applied', message: `applied on ${switches.join(', ')}` }
          : { type: 'Ready', status: 'False' as const, reason: 'AwaitingAgents', message: `not yet applied on ${behind.join(', ')}` };
    const degraded =
      failing.length === 0
        ? { type: 'Degraded', status: 'False' as const, reason: 'NoErrors' }
        : { type: 'Degraded', status: 'True' as const, reason: 'AgentError', message: failing.map((sw) => `${sw}: ${this.agents.get(sw)?.status?.lastError ?? ''}`).join('; ') };
    return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type === 'Accepted'), ready, degraded] };
  }

  // ---------------------------------------------------------------- writes

  apply(request: WriteRequest): Promise<WriteResult> {
    if (request.dryRun === true) {
      try {
        const step = this.evaluate(request, this.result, this.objects);
        // the object as it would be, numbers and conditions included: seen through the dry run's compile
        return Promise.resolve({ ...(step.after === undefined ? {} : { object: this.view(step.after, step.result) }), plan: step.plan, diagnostics: step.warnings, dryRun: true });
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 || this.releasePending) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length > 0) await this.applyBatch(batch);
        if (this.releasePending) {
          this.releasePending = false;
          await this.releaseNow().catch((e: unknown) => {
            this.options.log?.({ level: 'error', message: 'releasing quarantined VNIs failed; the next report retries', error: String(e) });
          });
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async applyBatch(batch: readonly Pending[]): Promise<void> {
    const base = this.result;
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
      const together = run.length > 1 ? this.evaluateTogether(run, result, objects) : undefined;
      for (const { pending, error } of together?.refused ?? []) pending.reject(error);
      for (const { pending, step } of together?.steps ?? []) take(pending, step);
      // one write at a time: other kinds, and a run whose compile together was refused
      for (const pending of together === undefined ? run : []) {
        try {
          take(pending, this.evaluate(pending.request, result, objects));
        } catch (e) {
          pending.reject(e);
        }
      }
      i += run.length;
    }
    if (accepted.length === 0) return;
    this.options.onBatch?.(accepted.length);
    // what the batch changes without writing it: the Agents whose desired state changes (their
    // watchers get the new generation) and VPCs whose status changes (an attachment elsewhere)
    const statusEvents: StoreEvent[] = [];
    try {
      const agents = this.nextAgents(result);
      // persisting numbers each written object (its resource version): remember which was which
      const unnumbered = accepted.map(({ step }) => [step, step.after] as const);
      await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_WRITER]);
        await this.persistObjects(tx, accepted.map(({ step }) => step), objects);
        await writeAllocations(tx, base.allocations, result.allocations);
        await this.persistAgents(tx, agents);
        await this.insertAudit(tx, accepted.map(({ step }) => step), objects);
      });
      for (const [step, written] of unnumbered) {
        if (written !== undefined && step.after !== undefined && objects.get(step.key) === written) objects.set(step.key, step.after);
      }
      const system: Actor = { name: 'system', role: 'architect' };
      for (const sw of this.agents.keys()) if (!agents.has(sw)) statusEvents.push({ type: 'DELETED', object: this.agent(sw, system) });
      const changed = [...agents.keys()].filter((sw) => this.agents.get(sw) !== agents.get(sw)).map((sw) => ({ sw, type: this.agents.has(sw) ? ('MODIFIED' as const) : ('ADDED' as const) }));
      this.result = result;
      this.objects = objects;
      this.agents = agents;
      for (const { sw, type } of changed) statusEvents.push({ type, object: this.agent(sw, system) });
      statusEvents.push(...this.vpcStatusEvents(base, result, new Set(accepted.map(({ step }) => step.key))));
    } catch (e) {
      const error = isUniqueViolation(e)
        ? new StoreError('conflict', `a number or name is already taken (${e.constraint ?? 'unique constraint'}); nothing was changed, try again`)
        : new StoreError('unavailable', `the database refused the write: ${e instanceof Error ? e.message : String(e)}`);
      this.options.log?.({ level: 'error', message: 'write batch failed', error: String(e) });
      for (const { pending } of accepted) pending.reject(error);
      await this.reload();
      return;
    }
    for (const { pending, step } of accepted) {
      pending.resolve({ ...(step.after === undefined ? {} : { object: this.view(step.after) }), plan: step.plan, diagnostics: step.warnings, dryRun: false });
      this.emit(step);
    }
    for (const event of statusEvents) this.broadcast(event);
  }

  /** MODIFIED for each VPC not written itself whose status differs between two compiles. */
  private vpcStatusEvents(before: CompileResult, after: CompileResult, written: ReadonlySet<string>): StoreEvent[] {
    const events: StoreEvent[] = [];
    for (const [key, status] of after.vpcStatus) {
      const earlier = before.vpcStatus.get(key);
      // an incremental compile keeps the status objects of the VPCs it did not touch
      if (earlier === undefined || earlier === status || JSON.stringify(earlier) === JSON.stringify(status)) continue;
      const slash = key.indexOf('/');
      const objectKey = storeKey('VPC', key.slice(0, slash), key.slice(slash + 1));
      const stored = this.objects.get(objectKey);
      if (stored !== undefined && !written.has(objectKey)) events.push({ type: 'MODIFIED', object: this.view(stored) });
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
      throw new StoreError(conflict ? 'conflict' : 'invalid', `${what}: ${introduced[0]?.message ?? ''}${introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : ''}`, introduced);
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
      owner: 'api',
      generation: before === undefined ? 1 : before.generation + (specChanged ? 1 : 0),
      resourceVersion: 0,
      createdAt: before?.createdAt ?? new Date().toISOString(),
    };
    return { key, result, plan, warnings, request, after, ...(before === undefined ? {} : { before }) };
  }

  /** The checks of a write before compiling: kind, role, body, existence, tenant. */
  private prepare(request: WriteRequest, objects: ReadonlyMap<string, Stored>): PreparedWrite {
    const { actor } = request;
    checkWritable(request.kind, actor);
    let resource: AnyResource | undefined;
    let key: string;
    let before: Stored | undefined;
    if (request.action === 'delete') {
      if (request.key === undefined) throw new StoreError('invalid', 'delete needs the object name');
      key = storeKey(request.kind, this.namespaceOf(request.key), request.key.name);
      before = objects.get(key);
      if (before === undefined || hiddenFrom(actor, this.tenantsOf(before.resource, objects))) {
        throw new StoreError('not-found', `${request.kind} ${this.describe(request.key)} not found`);
      }
    } else {
      resource = this.parseBody(request);
      key = storeKey(resource.kind, resource.metadata.namespace, resource.metadata.name);
      before = objects.get(key);
      if (request.action === 'create' && before !== undefined) {
        const hidden = hiddenFrom(actor, this.tenantsOf(before.resource, objects));
        throw new StoreError('conflict', `${request.kind} ${keyOf(resource)} ${hidden ? 'cannot be created: the name is taken' : 'exists already'}`);
      }
      if (request.action === 'replace') {
        if (before === undefined || hiddenFrom(actor, this.tenantsOf(before.resource, objects))) {
          throw new StoreError('not-found', `${request.kind} ${keyOf(resource)} not found`);
        }
      }
      checkTenantOwns(resource, actor, vpcTenantIn(objects));
    }
    if (before?.owner === 'kubernetes') {
      throw new StoreError('conflict', `${request.kind} ${keyOf(before.resource)} is owned by its Kubernetes object; change it with kubectl (or GitOps)`);
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
    checkAgentReadable(sw, actor);
    const device = this.result.devices.get(sw);
    const record = this.agents.get(sw);
    if (device === undefined || record === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
    const file = (name: string): string | undefined => this.result.files.get(`${sw}/${name}`);
    const configDb = file('config_db.json');
    const frr = file('frr.conf');
    const vyos = file('vyos.set');
    return {
      apiVersion: 'agent.weft.dev/v1alpha1',
      kind: 'Agent',
      metadata: { name: sw, namespace: AGENT_NAMESPACE, uid: `agent-${sw}`, resourceVersion: String(record.generation), generation: record.generation, creationTimestamp: new Date(0).toISOString(), owner: 'api' },
      spec: {
        switch: sw,
        generation: record.generation,
        role: device.role,
        os: device.os,
        ...(configDb === undefined ? {} : { configDb: JSON.parse(configDb) as unknown }),
        ...(frr === undefined ? {} : { frr }),
        ...(vyos === undefined ? {} : { vyos }),
      },
      ...(record.status === undefined ? {} : { status: record.status }),
    };
  }

  listAgents(actor: Actor): ResourceObject[] {
    checkAgentsReadable(actor);
    const switches = actor.role === 'agent' ? [actor.switch ?? ''] : [...this.result.devices.keys()];
    return switches.filter((sw) => this.agents.has(sw)).map((sw) => this.agent(sw, actor));
  }

  /**
   * An agent reports what it applied. Once every switch has caught up with the allocation
   * generation that freed a quarantined VNI (agent-rules.ts), the VNI is released.
   */
  async reportStatus(sw: string, body: unknown, actor: Actor): Promise<ResourceObject> {
    checkMayReport(actor);
    const status = checkAgentStatus(sw, body);
    checkOwnSwitch(sw, actor);
    const record = this.agents.get(sw);
    if (record === undefined) throw new StoreError('not-found', `no Agent for switch ${sw}`);
    const next = withReport(record, { ...status, lastHeartbeat: status.lastHeartbeat ?? new Date().toISOString() }, this.result.allocations.generation);
    await this.db.query('UPDATE agents SET status = $2, applied_allocation_generation = $3, updated_at = now() WHERE switch = $1', [sw, JSON.stringify(next.status), next.appliedAllocationGeneration ?? null]);
    this.agents = new Map(this.agents).set(sw, next);
    await this.releaseApplied();
    const view = this.agent(sw, { name: 'system', role: 'architect' });
    this.broadcast({ type: 'MODIFIED', object: view });
    const switchObject = this.objects.get(storeKey('Switch', undefined, sw));
    if (switchObject !== undefined) this.broadcast({ type: 'MODIFIED', object: this.view(switchObject) });
    for (const vpc of this.objects.values()) {
      if (vpc.resource.kind === 'VPC' && (this.result.vpcStatus.get(keyOf(vpc.resource))?.switches ?? []).includes(sw)) this.broadcast({ type: 'MODIFIED', object: this.view(vpc) });
    }
    return view;
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
    const tenant = auditTenant(actor, query.tenant);
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
    const rows = (
      await this.db.query<{ id: string; at: Date; actor: string; role: string; tenant: string | null; via: string; request_id: string | null; action: string; kind: string; namespace: string | null; name: string; before: unknown; after: unknown; plan: unknown }>(
        `SELECT * FROM audit ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY id DESC LIMIT $${values.length}`,
        values,
      )
    ).rows;
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

  subscribe(listener: (event: StoreEvent) => void, actor: Actor): () => void {
    const filtered = (event: StoreEvent): void => {
      const stored = this.objects.get(storeKey(event.object.kind, event.object.metadata.namespace, event.object.metadata.name));
      if (event.object.kind === 'Agent') {
        if (mayWatchAgent(actor, event.object.metadata.name)) listener(event);
        return;
      }
      if (actor.role === 'agent') return;
      if (stored === undefined ? actor.role !== 'tenant' : this.visible(stored, actor)) listener(event);
    };
    this.listeners.add(filtered);
    return () => this.listeners.delete(filtered);
  }

  /** Live subscriptions, so a test can check that closed streams leave none behind. */
  listenerCount(): number {
    return this.listeners.size;
  }

  private broadcast(event: StoreEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a broken listener must not stop the others
      }
    }
  }

  private emit(step: Step): void {
    if (step.after !== undefined) this.broadcast({ type: step.before === undefined ? 'ADDED' : 'MODIFIED', object: this.view(step.after) });
    else if (step.before !== undefined) this.broadcast({ type: 'DELETED', object: this.view(step.before) });
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

/** An agent's report, checked against the AgentStatus schema like any other input. */
function checkAgentStatus(sw: string, body: unknown): AgentStatus {
  const problems = validateAgainstSchema(AgentStatusSchema, body, 'status');
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
