/**
 * The admission decision: the change, dry-run through the store (the same validation, policy and
 * allocation as REST and `weft validate`), against everything the controller has reconciled.
 * Refused with the diagnostics `weft validate` prints; allowed with warnings otherwise.
 *
 * Two things keep `kubectl apply -f dir` working although each object is reviewed alone:
 * - a refusal is checked again once the controller has caught up with what the apiserver holds
 *   (a consistent list, then each object's resourceVersion reconciled): the VPC kubectl created a
 *   moment ago is in the store by then;
 * - a reference to an intent that does not exist yet (a VPC, an External) is allowed with a
 *   warning, as Kubernetes allows a Pod whose ConfigMap comes later; the status says why the
 *   object is not accepted until it does. Wiring references (a missing connection) are refused.
 */
import { DIAGNOSTIC_CODES as C, formatDiagnostic, type Diagnostic } from '#domain';
import { objectKey, reconciledKind, RECONCILED_KINDS, type ReconciledKind } from '../kinds.js';
import type { CustomObjects, KubeObject } from '../kube/client.js';
import { storeDocument } from '../reconcile-object.js';
import { matchLabels } from './registration.js';
import { sameJson } from '../object-status.js';
import type { ControllerSession } from '../session.js';
import { KUBERNETES_ACTOR, OWNER_ANNOTATION, StoreError, type ControllerStore, type ResourceObject, type WriteRequest } from '../store-port.js';

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  readonly name?: string;
  readonly namespace?: string;
  readonly object?: KubeObject | null;
  readonly oldObject?: KubeObject | null;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: { readonly code: number; readonly reason: string; readonly message: string };
  readonly warnings?: string[];
}

export interface ReviewContext {
  readonly store: ControllerStore | undefined;
  readonly session: ControllerSession | undefined;
  readonly objects: CustomObjects;
  readonly labelSelector?: string;
  /** how long a refusal may wait for the controller to catch up */
  readonly catchUpMs?: number;
}

/** References to intents that may arrive later in the same apply. */
const PENDING_REFERENCE_CODES: ReadonlySet<string> = new Set([C.UNKNOWN_VPC, C.UNKNOWN_EXTERNAL]);
const MAX_WARNINGS = 10;

const allow = (uid: string, warnings: string[] = []): AdmissionResponse => ({ uid, allowed: true, ...(warnings.length === 0 ? {} : { warnings: warnings.slice(0, MAX_WARNINGS) }) });

/** The refusal as `weft validate` prints it: one line per diagnostic, with its hint. */
function deny(uid: string, what: string, operation: AdmissionRequest['operation'], error: StoreError): AdmissionResponse {
  const conflict = error.code === 'conflict';
  const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
  const header = operation === 'DELETE' ? `${what} is still in use` : `${what} refused by Weft`;
  const message =
    error.diagnostics.length === 0 ? error.message : `${header} (${errors} error${errors === 1 ? '' : 's'}):\n${error.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`;
  return { uid, allowed: false, status: { code: conflict ? 409 : 422, reason: conflict ? 'Conflict' : 'Invalid', message } };
}

export async function review(request: AdmissionRequest, context: ReviewContext): Promise<AdmissionResponse> {
  const { uid } = request;
  const kind = reconciledKind(request.kind.kind);
  if (kind === undefined || request.operation === 'CONNECT') return allow(uid);
  const { store, session } = context;
  if (store === undefined || session?.isStarted !== true) {
    return allow(uid, ['the Weft controller is starting or not leading: the object is not checked now; its status will say whether Weft accepts it']);
  }
  const subject = request.operation === 'DELETE' ? request.oldObject : request.object;
  if (subject === undefined || subject === null) return allow(uid);
  // an object leaving this controller's selector is not this controller's to judge any more
  if (context.labelSelector !== undefined && !selected(subject, context.labelSelector)) return allow(uid);
  if (request.operation === 'UPDATE') {
    // finalizers, status, a deletion in progress: not a change Weft validates
    if (subject.metadata.deletionTimestamp !== undefined) return allow(uid);
    const old = request.oldObject;
    if (old !== undefined && old !== null && sameJson(storeDocument(kind, old), storeDocument(kind, subject))) return allow(uid);
  }
  const first = await dryRun(kind, request, subject, store);
  const outcome = first instanceof StoreError ? await retryWhenCaughtUp(kind, request, subject, context, first) : first;
  if (!(outcome instanceof StoreError)) return allow(uid, outcome);
  // a delete that leaves references dangling is refused (the object is in use); a new object
  // whose only problem is an intent that does not exist yet is let in
  const own = `${kind.kind} ${kind.namespaced ? `${subject.metadata.namespace ?? request.namespace ?? 'default'}/` : ''}${subject.metadata.name} `;
  const pending = (d: Diagnostic): boolean => PENDING_REFERENCE_CODES.has(d.code) && d.path.startsWith(own);
  if (request.operation !== 'DELETE' && outcome.diagnostics.length > 0 && outcome.diagnostics.every((d) => d.severity !== 'error' || pending(d))) {
    return allow(uid, outcome.diagnostics.map((d) => `${formatDiagnostic({ ...d, hint: undefined })} (accepted once it exists)`));
  }
  return deny(uid, own.trim(), request.operation, outcome);
}

function storeView(store: ControllerStore, kind: ReconciledKind, namespace: string | undefined, name: string): ResourceObject | undefined {
  try {
    return store.get({ kind: kind.kind, ...(kind.namespaced ? { namespace: namespace ?? 'default' } : {}), name }, KUBERNETES_ACTOR);
  } catch {
    return undefined;
  }
}

/** Warnings when the store would take the change, else its refusal. */
async function dryRun(kind: ReconciledKind, request: AdmissionRequest, subject: KubeObject, store: ControllerStore): Promise<string[] | StoreError> {
  const { name } = subject.metadata;
  const namespace = kind.namespaced ? (subject.metadata.namespace ?? request.namespace) : undefined;
  const existing = storeView(store, kind, namespace, name);
  const key = { kind: kind.kind, ...(namespace === undefined ? {} : { namespace }), name };
  if (existing !== undefined && existing.metadata.annotations?.[OWNER_ANNOTATION] !== 'kubernetes') {
    return new StoreError('conflict', `${kind.kind} ${namespace === undefined ? name : `${namespace}/${name}`} exists in Weft already, created through its API: one owner per object (delete it there first, or use another name)`);
  }
  let write: WriteRequest;
  if (request.operation === 'DELETE') {
    if (existing === undefined) return [];
    write = { action: 'delete', kind: kind.kind, key, dryRun: true, actor: KUBERNETES_ACTOR, via: 'kubernetes' };
  } else {
    const body = storeDocument(kind, { ...subject, metadata: { ...subject.metadata, ...(namespace === undefined ? {} : { namespace }) } });
    write = { action: existing === undefined ? 'create' : 'replace', kind: kind.kind, body, ...(existing === undefined ? {} : { key }), dryRun: true, actor: KUBERNETES_ACTOR, via: 'kubernetes' };
  }
  return store.apply(write).then(
    (result) => result.diagnostics.map((d: Diagnostic) => formatDiagnostic({ ...d, hint: undefined })),
    (e: unknown) => {
      if (e instanceof StoreError) return e;
      throw e;
    },
  );
}

/**
 * A refusal may come from a controller a few milliseconds behind the apiserver. List every kind
 * (a consistent read), wait until the controller has reconciled each object at that version (at
 * most catchUpMs), and ask the store once more.
 */
async function retryWhenCaughtUp(kind: ReconciledKind, request: AdmissionRequest, subject: KubeObject, context: ReviewContext, refusal: StoreError): Promise<string[] | StoreError> {
  const session = context.session;
  const store = context.store;
  if (session === undefined || store === undefined) return refusal;
  const self = objectKey(kind.kind, kind.namespaced ? subject.metadata.namespace : undefined, subject.metadata.name);
  const wanted = new Map<string, string>();
  const lists = await Promise.all(RECONCILED_KINDS.map(async (k) => ({ k, list: await context.objects.list(k, context.labelSelector === undefined ? {} : { labelSelector: context.labelSelector }) })));
  for (const { k, list } of lists) {
    for (const item of list.items) {
      const key = objectKey(k.kind, item.metadata.namespace, item.metadata.name);
      if (key !== self && item.metadata.resourceVersion !== undefined) wanted.set(key, item.metadata.resourceVersion);
    }
  }
  const deadline = Date.now() + (context.catchUpMs ?? 5000);
  let waited = false;
  for (;;) {
    const behind = [...wanted].filter(([key, rv]) => !reconciledAt(session.reconciler.handled.get(key), rv));
    if (behind.length === 0 || Date.now() > deadline || context.session !== session) break;
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (!waited) return refusal;
  return dryRun(kind, request, subject, store);
}

function selected(object: KubeObject, selector: string): boolean {
  const labels = object.metadata.labels ?? {};
  return Object.entries(matchLabels(selector)).every(([key, value]) => labels[key] === value);
}

/** The reconciled resourceVersion is this one or later (etcd's are increasing integers). */
function reconciledAt(handled: string | undefined, wanted: string): boolean {
  if (handled === undefined) return false;
  if (handled === wanted) return true;
  try {
    return BigInt(handled) >= BigInt(wanted);
  } catch {
    return false;
  }
}
