/**
 * The few calls the controller and the agent make on custom objects, over
 * @kubernetes/client-node's CustomObjectsApi: one shape for cluster-scoped and namespaced kinds,
 * JSON patches (whole-field replacement, no read-modify-write), and errors as status codes.
 */
import * as k8s from '@kubernetes/client-node';

/** Where a kind lives in the API. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export interface ObjectMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
}

/** A custom object as the apiserver sends it. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMetadata;
  readonly spec?: unknown;
  readonly status?: unknown;
}

export interface KubeList {
  readonly items: KubeObject[];
  readonly metadata?: { readonly resourceVersion?: string };
}

/** One RFC 6902 operation. */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove' | 'test';
  readonly path: string;
  readonly value?: unknown;
}

/** Loads a kubeconfig file, or the in-cluster service account when no file is given. */
export function loadKubeConfig(file?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (file !== undefined) kc.loadFromFile(file);
  else kc.loadFromCluster();
  return kc;
}

/** The HTTP status of a failed call (404, 409, ...), or undefined for a network error. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof k8s.ApiException) return error.code;
  return undefined;
}

/** The apiserver's own words for a failed call (`Status.message`), else the error's message. */
export function messageOf(error: unknown): string {
  if (error instanceof k8s.ApiException) {
    try {
      const body = JSON.parse(String(error.body)) as { message?: unknown };
      if (typeof body.message === 'string') return body.message;
    } catch {
      // not JSON
    }
    return `HTTP ${error.code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const jsonPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch);
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

export class CustomObjects {
  private readonly api: k8s.CustomObjectsApi;

  constructor(
    readonly kubeconfig: k8s.KubeConfig,
    /** recorded in managedFields: who wrote what */
    readonly fieldManager = 'weft',
  ) {
    this.api = kubeconfig.makeApiClient(k8s.CustomObjectsApi);
  }

  /** `/apis/group/version[/namespaces/ns]/plural`, for watches. */
  path(ref: ResourceRef, namespace?: string): string {
    const ns = ref.namespaced && namespace !== undefined ? `/namespaces/${namespace}` : '';
    return `/apis/${ref.group}/${ref.version}${ns}/${ref.plural}`;
  }

  async list(ref: ResourceRef, options: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): Promise<KubeList> {
    const base = { group: ref.group, version: ref.version, plural: ref.plural, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
    const list: unknown =
      ref.namespaced && options.namespace !== undefined
        ? await this.api.listNamespacedCustomObject({ ...base, namespace: options.namespace })
        : await this.api.listClusterCustomObject(base);
    return list as KubeList;
  }

  /** The object, or undefined when it does not exist. */
  async get(ref: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      const object: unknown =
        ref.namespaced && namespace !== undefined
          ? await this.api.getNamespacedCustomObject({ ...this.at(ref), namespace, name })
          : await this.api.getClusterCustomObject({ ...this.at(ref), name });
      return object as KubeObject;
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  async create(ref: ResourceRef, body: KubeObject): Promise<KubeObject> {
    const namespace = body.metadata.namespace;
    const object: unknown =
      ref.namespaced && namespace !== undefined
        ? await this.api.createNamespacedCustomObject({ ...this.at(ref), namespace, body, fieldManager: this.fieldManager })
        : await this.api.createClusterCustomObject({ ...this.at(ref), body, fieldManager: this.fieldManager });
    return object as KubeObject;
  }

  async delete(ref: ResourceRef, namespace: string | undefined, name: string): Promise<void> {
    try {
      if (ref.namespaced && namespace !== undefined) await this.api.deleteNamespacedCustomObject({ ...this.at(ref), namespace, name });
      else await this.api.deleteClusterCustomObject({ ...this.at(ref), name });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }

  /** A JSON patch of the object (spec, metadata); `add` on an existing field replaces it whole. */
  async patch(ref: ResourceRef, namespace: string | undefined, name: string, operations: readonly PatchOperation[]): Promise<KubeObject> {
    const body = [...operations];
    const object: unknown =
      ref.namespaced && namespace !== undefined
        ? await this.api.patchNamespacedCustomObject({ ...this.at(ref), namespace, name, body, fieldManager: this.fieldManager }, jsonPatch)
        : await this.api.patchClusterCustomObject({ ...this.at(ref), name, body, fieldManager: this.fieldManager }, jsonPatch);
    return object as KubeObject;
  }

  /** A merge patch of the object: for metadata with a resourceVersion (optimistic concurrency). */
  async mergePatch(ref: ResourceRef, namespace: string | undefined, name: string, body: object): Promise<KubeObject> {
    const object: unknown =
      ref.namespaced && namespace !== undefined
        ? await this.api.patchNamespacedCustomObject({ ...this.at(ref), namespace, name, body, fieldManager: this.fieldManager }, mergePatch)
        : await this.api.patchClusterCustomObject({ ...this.at(ref), name, body, fieldManager: this.fieldManager }, mergePatch);
    return object as KubeObject;
  }

  /** Replaces the status subresource whole (a merge patch would keep map keys that went away). */
  async replaceStatus(ref: ResourceRef, namespace: string | undefined, name: string, status: unknown): Promise<KubeObject> {
    const body = [{ op: 'add', path: '/status', value: status }];
    const object: unknown =
      ref.namespaced && namespace !== undefined
        ? await this.api.patchNamespacedCustomObjectStatus({ ...this.at(ref), namespace, name, body, fieldManager: this.fieldManager }, jsonPatch)
        : await this.api.patchClusterCustomObjectStatus({ ...this.at(ref), name, body, fieldManager: this.fieldManager }, jsonPatch);
    return object as KubeObject;
  }

  private at(ref: ResourceRef): { group: string; version: string; plural: string } {
    return { group: ref.group, version: ref.version, plural: ref.plural };
  }
}
