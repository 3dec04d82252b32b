/**
 * One Kubernetes object against the store, level-triggered: whatever happened before, make the
 * store hold what the object says (create, replace or delete, through the same validation and
 * allocation as REST, owner `kubernetes`), then make the object's status say what the store
 * says. Nothing is written when nothing differs, so a restart or a relist does no work twice.
 */
import { StoreError, refusalOf, KUBERNETES_ACTOR, OWNER_ANNOTATION, type ControllerStore, type ResourceObject } from './store-port.js';
import type { CustomObjects, KubeObject } from './kube/client.js';
import type { Informer } from './kube/informer.js';
import { reconciledKind, type ReconciledKind } from './kinds.js';
import { desiredStatus, sameJson, type StatusInput } from './object-status.js';

export const FINALIZER = 'weft.dev/controller';

/** Annotations Weft does not keep: kubectl's copy of the last applied object, the owner mark. */
function keptAnnotations(annotations: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (annotations === undefined) return undefined;
  const kept = Object.entries(annotations).filter(([key]) => !key.startsWith('kubectl.kubernetes.io/') && key !== OWNER_ANNOTATION);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** The object as the store takes it: apiVersion, kind, name, namespace, labels, annotations, spec. */
export function storeDocument(kind: ReconciledKind, object: KubeObject): Record<string, unknown> {
  const { name, namespace, labels } = object.metadata;
  const annotations = keptAnnotations(object.metadata.annotations);
  return {
    apiVersion: `${kind.group}/${kind.version}`,
    kind: kind.kind,
    metadata: {
      name,
      ...(kind.namespaced && namespace !== undefined ? { namespace } : {}),
      ...(labels === undefined || Object.keys(labels).length === 0 ? {} : { labels }),
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: object.spec ?? {},
  };
}

/** The store's object says the same as the Kubernetes one (spec, labels, annotations). */
function sameContent(view: ResourceObject, document: Record<string, unknown>): boolean {
  const meta = document.metadata as { labels?: unknown; annotations?: unknown };
  return sameJson(view.spec, document.spec) && sameJson(view.metadata.labels ?? {}, meta.labels ?? {}) && sameJson(keptAnnotations(view.metadata.annotations) ?? {}, meta.annotations ?? {});
}

export interface ObjectReconcilerDeps {
  readonly objects: CustomObjects;
  readonly store: ControllerStore;
  readonly informer: (kind: string) => Informer | undefined;
  /** every Agent object holds the store's desired state (before a finalizer lets an object go) */
  readonly syncAgents: () => Promise<void>;
  /** a write to the store went through: objects refused earlier may be fine now */
  readonly onStoreChanged: () => void;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  readonly now?: () => string;
}

export type Outcome = 'unchanged' | 'written' | 'refused';

export class ObjectReconciler {
  /** the resourceVersion each object had when it was last reconciled (the webhook waits on it) */
  readonly handled = new Map<string, string>();

  constructor(private readonly deps: ObjectReconcilerDeps) {}

  async reconcile(kindName: string, namespace: string | undefined, name: string): Promise<Outcome> {
    const kind = reconciledKind(kindName);
    if (kind === undefined) return 'unchanged';
    const key = `${kind.kind}/${namespace ?? ''}/${name}`;
    const object = this.deps.informer(kind.kind)?.get(namespace, name);
    const view = this.storeView(kind, namespace, name);
    if (object === undefined) {
      // gone from Kubernetes without our finalizer (deleted while no controller ran): let it go here too
      this.handled.delete(key);
      if (view === undefined || view.metadata.annotations?.[OWNER_ANNOTATION] !== 'kubernetes') return 'unchanged';
      return this.deleteFromStore(kind, namespace, name).then((r) => (r === undefined ? 'written' : 'refused'));
    }
    const outcome = object.metadata.deletionTimestamp === undefined ? await this.upsert(kind, object, view) : await this.finalize(kind, object, view);
    if (object.metadata.resourceVersion !== undefined) this.handled.set(key, object.metadata.resourceVersion);
    return outcome;
  }

  private storeView(kind: ReconciledKind, namespace: string | undefined, name: string): ResourceObject | undefined {
    try {
      return this.deps.store.get({ kind: kind.kind, ...(kind.namespaced ? { namespace: namespace ?? 'default' } : {}), name }, KUBERNETES_ACTOR);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  private async upsert(kind: ReconciledKind, object: KubeObject, before: ResourceObject | undefined): Promise<Outcome> {
    await this.ensureFinalizer(kind, object);
    const document = storeDocument(kind, object);
    const { name, namespace } = object.metadata;
    let refusal: StatusInput['refusal'];
    let outcome: Outcome = 'unchanged';
    if (before?.metadata.annotations?.[OWNER_ANNOTATION] !== 'kubernetes' && before !== undefined) {
      refusal = {
        code: 'conflict',
        message: `${kind.kind} ${namespace === undefined ? name : `${namespace}/${name}`} exists in Weft already, created through its API: one owner per object (delete it there first, or use another name)`,
        diagnostics: [],
      };
      outcome = 'refused';
    } else if (before === undefined || !sameContent(before, document)) {
      try {
        await this.deps.store.apply({
          action: before === undefined ? 'create' : 'replace',
          kind: kind.kind,
          body: document,
          ...(before === undefined ? {} : { key: { kind: kind.kind, ...(namespace === undefined ? {} : { namespace }), name } }),
          actor: KUBERNETES_ACTOR,
          via: 'kubernetes',
        });
        outcome = 'written';
        this.deps.onStoreChanged();
      } catch (e) {
        const refused = refusalOf(e);
        if (refused === undefined) throw e;
        refusal = { code: refused.code, message: refused.message, diagnostics: refused.diagnostics };
        outcome = 'refused';
      }
    }
    const view = outcome === 'written' ? this.storeView(kind, namespace, name) : before;
    await this.writeStatus(kind, object, { ...(view === undefined ? {} : { view }), ...(refusal === undefined ? {} : { refusal }) });
    return outcome;
  }

  /** A deleted object leaves the store, then every Agent, and only then Kubernetes. */
  private async finalize(kind: ReconciledKind, object: KubeObject, view: ResourceObject | undefined): Promise<Outcome> {
    if (!(object.metadata.finalizers ?? []).includes(FINALIZER)) return 'unchanged';
    const { name, namespace } = object.metadata;
    if (view !== undefined && view.metadata.annotations?.[OWNER_ANNOTATION] === 'kubernetes') {
      const refused = await this.deleteFromStore(kind, namespace, name);
      if (refused !== undefined) {
        await this.writeStatus(kind, object, { view, refusal: { code: refused.code, message: refused.message, diagnostics: refused.diagnostics }, deleting: true });
        return 'refused';
      }
    }
    await this.deps.syncAgents();
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
    await this.deps.objects.mergePatch(kind, namespace, name, { metadata: { resourceVersion: object.metadata.resourceVersion, finalizers } });
    this.deps.log('info', 'deleted', { kind: kind.kind, namespace, name });
    return 'written';
  }

  /** undefined when deleted, else why the store refused. */
  private async deleteFromStore(kind: ReconciledKind, namespace: string | undefined, name: string): Promise<StoreError | undefined> {
    try {
      await this.deps.store.apply({ action: 'delete', kind: kind.kind, key: { kind: kind.kind, ...(namespace === undefined ? {} : { namespace }), name }, actor: KUBERNETES_ACTOR, via: 'kubernetes' });
      this.deps.onStoreChanged();
      return undefined;
    } catch (e) {
      if (e instanceof StoreError && e.code === 'not-found') return undefined;
      const refused = refusalOf(e);
      if (refused === undefined) throw e;
      return refused;
    }
  }

  private async ensureFinalizer(kind: ReconciledKind, object: KubeObject): Promise<void> {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZER)) return;
    const { name, namespace, resourceVersion } = object.metadata;
    // with the resourceVersion: a concurrent change makes this a 409 and the key is retried
    await this.deps.objects.mergePatch(kind, namespace, name, { metadata: { resourceVersion, finalizers: [...finalizers, FINALIZER] } });
  }

  private async writeStatus(kind: ReconciledKind, object: KubeObject, input: Pick<StatusInput, 'view' | 'refusal' | 'deleting'>): Promise<void> {
    const status = desiredStatus({ ...input, generation: object.metadata.generation ?? 0, current: object.status, now: this.deps.now?.() ?? new Date().toISOString() });
    if (sameJson(status, object.status)) return;
    await this.deps.objects.replaceStatus(kind, object.metadata.namespace, object.metadata.name, status);
  }
}
