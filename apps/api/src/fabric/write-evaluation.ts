/**
 * A write's outcome against a state (pure): it is checked (write-request.ts), compiled with the
 * same compiler as `weft validate`, and refused when it adds an error diagnostic (409 for
 * conflicts and deletes of objects in use, 400 otherwise) or accepted with its plan, warnings and
 * the object as it will be stored. Writes of some kinds are compiled together, when the outcome
 * is provably what one-at-a-time would give.
 */
import type { CompileResult, DevicePlan, ResourceChange } from '#compiler';
import { planByOwner, planFiles } from '#compiler';
import { DIAGNOSTIC_CODES as C, keyOf, type Diagnostic } from '#domain';
import { redactDiagnostics } from '../access/access-policy.js';
import { StoreError, type WriteRequest } from '../store/store.types.js';
import { referenceVisible } from './resource-view.js';
import type { ObjectMap, Stored } from './stored-object.js';
import { prepareWrite, type PreparedWrite } from './write-request.js';

/** What evaluation needs from outside: the compiler (timed by the caller), ids and the clock. */
export interface EvaluationContext {
  readonly recompile: (base: CompileResult, change: ResourceChange) => CompileResult;
  readonly newUid: () => string;
  /** now, RFC 3339 (creation timestamps) */
  readonly now: () => string;
}

/** An accepted write: the state after it, what it changes on devices, and the object as it will be stored. */
export interface Step {
  readonly key: string;
  readonly result: CompileResult;
  readonly plan: readonly DevicePlan[];
  readonly warnings: readonly Diagnostic[];
  readonly request: WriteRequest;
  readonly before?: Stored;
  /** its resourceVersion is the commit's, set when it is committed */
  readonly after?: Stored;
}

/** Conflicts (numbers taken, pools exhausted, still referenced) are 409; the rest 400. */
const CONFLICT_CODES = new Set<string>([C.POOL_EXHAUSTED, C.ALLOCATION_CONFLICT, C.DUPLICATE_ASN, C.DUPLICATE_ROUTER_ID, C.PORT_IN_USE]);

function errorKey(d: Diagnostic): string {
  return `${d.code}|${d.path}|${d.message}`;
}

/** The error diagnostics of `after` that `before` did not have. */
export function introducedErrors(before: CompileResult, after: CompileResult): Diagnostic[] {
  const old = new Set(before.diagnostics.filter((d) => d.severity === 'error').map(errorKey));
  return after.diagnostics.filter((d) => d.severity === 'error' && !old.has(errorKey(d)));
}

/** Checks and compiles one write against a state; throws a StoreError when it is refused. */
export function evaluateWrite(request: WriteRequest, base: CompileResult, objects: ObjectMap, context: EvaluationContext): Step {
  const write = prepareWrite(request, objects);
  const { before, change } = write;
  const result = context.recompile(base, change);
  const introduced = introducedErrors(base, result);
  if (introduced.length > 0) {
    const conflict = request.action === 'delete' || introduced.some((d) => CONFLICT_CODES.has(d.code));
    const what = request.action === 'delete' ? `${request.kind} ${keyOf(before?.resource ?? { metadata: { name: '' } })} is still in use` : `${request.kind} is not valid`;
    // a tenant reads about its own objects only: others are named by what they are
    const shown = redactDiagnostics(introduced, request.actor, referenceVisible(request.actor, objects, write.resource ?? before?.resource));
    throw new StoreError(conflict ? 'conflict' : 'invalid', `${what}: ${shown[0]?.message ?? ''}${shown.length > 1 ? ` (and ${shown.length - 1} more)` : ''}`, shown);
  }
  return stepOf(write, request, result, planFiles(base.files, result.files), context);
}

/** A write's step once compiled: its warnings, plan, and the object as stored. */
export function stepOf(write: PreparedWrite, request: WriteRequest, result: CompileResult, plan: readonly DevicePlan[], context: EvaluationContext): Step {
  const { key, resource, before } = write;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning' && resource !== undefined && d.path.startsWith(`${resource.kind} ${keyOf(resource)}`));
  if (resource === undefined) return { key, result, plan, warnings, request, ...(before === undefined ? {} : { before }) };
  const specChanged = before === undefined || JSON.stringify(before.resource.spec) !== JSON.stringify(resource.spec);
  const after: Stored = {
    resource,
    uid: before?.uid ?? context.newUid(),
    // the Kubernetes controller writes with via 'kubernetes': those objects are its own
    owner: request.via === 'kubernetes' ? 'kubernetes' : 'api',
    generation: before === undefined ? 1 : before.generation + (specChanged ? 1 : 0),
    resourceVersion: 0,
    createdAt: before?.createdAt ?? context.now(),
  };
  return { key, result, plan, warnings, request, after, ...(before === undefined ? {} : { before }) };
}

/** Writes compiled together: accepted steps and refusals, each by its position in the group. */
export interface GroupOutcome {
  readonly steps: readonly { readonly index: number; readonly step: Step }[];
  readonly refused: readonly { readonly index: number; readonly error: unknown }[];
}

/**
 * How a group's compile is split back into its writes' plans, or undefined when it cannot be
 * (the group is then compiled one write at a time).
 *   - `none`: the writes change no device (new VPCs): each plan is empty;
 *   - `by-device`: each write owns the devices `devicesOf` names (an attachment: its connection's
 *     switches); every changed device must be owned, and each write's plan is the change on its
 *     devices. The caller groups only writes whose plans may be shown to each other's readers;
 *   - `by-owner`: each write owns what belongs to its VPC (`ownerOf`) on its switches; every
 *     changed CONFIG_DB entry and frr.conf stanza must belong to one write's VPC on one of its
 *     switches (planByOwner), and a write's plan shows nothing of any other VPC, so writes of
 *     different tenants may share the compile (ADR 117).
 */
export type PlanSplit =
  | { readonly kind: 'none' }
  | { readonly kind: 'by-device'; readonly devicesOf: (write: PreparedWrite) => readonly string[] }
  | { readonly kind: 'by-owner'; readonly ownerOf: (write: PreparedWrite) => { readonly owner: string; readonly devices: readonly string[] } | undefined };

/**
 * Compiles the creates of a group together: a recompile costs about the same for one write as
 * for sixty, as it walks the whole allocation state. Taken only when no write adds an error and
 * the plans split as `split` says; otherwise undefined, and the caller compiles them one at a time.
 */
export function evaluateTogether(requests: readonly WriteRequest[], base: CompileResult, objects: ObjectMap, split: PlanSplit, context: EvaluationContext): GroupOutcome | undefined {
  const staged = new Map(objects);
  const prepared: { index: number; write: PreparedWrite }[] = [];
  const refused: { index: number; error: unknown }[] = [];
  for (const [index, request] of requests.entries()) {
    try {
      const write = prepareWrite(request, staged);
      if (write.resource === undefined || request.action !== 'create') return undefined;
      // a placeholder, so that a second create of the same name in this group is refused
      staged.set(write.key, { resource: write.resource, uid: '', owner: 'api', generation: 0, resourceVersion: 0, createdAt: '' });
      prepared.push({ index, write });
    } catch (e) {
      refused.push({ index, error: e });
    }
  }
  if (prepared.length === 0) return { steps: [], refused };
  const result = context.recompile(base, { upserts: prepared.flatMap(({ write }) => (write.resource === undefined ? [] : [write.resource])) });
  if (introducedErrors(base, result).length > 0) return undefined;
  const plans = splitPlans(prepared.map(({ write }) => write), base, result, split);
  if (plans === undefined) return undefined;
  const steps = prepared.map(({ index, write }, i) => ({ index, step: stepOf(write, requests[index] as WriteRequest, result, plans[i] ?? [], context) }));
  return { steps, refused };
}

function splitPlans(writes: readonly PreparedWrite[], base: CompileResult, result: CompileResult, split: PlanSplit): (readonly DevicePlan[])[] | undefined {
  if (split.kind === 'none') return result.rebuilt.length === 0 ? writes.map(() => []) : undefined;
  if (split.kind === 'by-owner') return splitByOwner(writes, base, result, split.ownerOf);
  const plan = planFiles(base.files, result.files);
  const owned = writes.map((write) => new Set(split.devicesOf(write)));
  if (!plan.every((device) => owned.some((devices) => devices.has(device.device)))) return undefined;
  return owned.map((devices) => plan.filter((device) => devices.has(device.device)));
}

function splitByOwner(writes: readonly PreparedWrite[], base: CompileResult, result: CompileResult, ownerOf: (write: PreparedWrite) => { readonly owner: string; readonly devices: readonly string[] } | undefined): (readonly DevicePlan[])[] | undefined {
  const owners = writes.map(ownerOf);
  if (owners.some((o) => o === undefined)) return undefined;
  const owned = planByOwner(base, result);
  if (owned === undefined) return undefined;
  const covered = new Set(owners.flatMap((o) => (o === undefined ? [] : o.devices.map((device) => `${device}\u0000${o.owner}`))));
  for (const [device, byOwner] of owned) for (const owner of byOwner.keys()) if (!covered.has(`${device}\u0000${owner}`)) return undefined;
  // in the devices' order (natural, as the compile lists them)
  const order = [...result.devices.keys()];
  return owners.map((o) =>
    o === undefined
      ? []
      : [...o.devices]
          .sort((x, y) => order.indexOf(x) - order.indexOf(y))
          .flatMap((device) => {
            const plan = owned.get(device)?.get(o.owner);
            return plan === undefined ? [] : [plan];
          }),
  );
}
