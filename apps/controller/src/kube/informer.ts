/**
 * An informer: client-node's ListWatch (list, then watch from the list's resourceVersion; a 410
 * Gone relists, and a relist reports the objects that went away as deletions) kept alive. A
 * failed list or a broken watch (the apiserver restarting) is retried with backoff, forever,
 * until stop(). Handlers get keys, not objects: the cache is the truth when the work is done.
 */
import * as k8s from '@kubernetes/client-node';
import type { CustomObjects, KubeList, KubeObject, ResourceRef } from './client.js';

export interface InformerOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** an object was added, changed or deleted (also for each difference a relist finds) */
  readonly onChange: (object: KubeObject, event: 'add' | 'update' | 'delete') => void;
  readonly onError?: (error: unknown, retryInMs: number) => void;
  readonly onRelist?: () => void;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;

export class Informer {
  private readonly listWatch: k8s.ListWatch<KubeObject & k8s.KubernetesObject>;
  private stopped = false;
  private synced = false;
  private backoff = MIN_BACKOFF_MS;
  private retry: NodeJS.Timeout | undefined;
  private resolveSynced: () => void = () => undefined;
  private readonly firstSync = new Promise<void>((resolve) => (this.resolveSynced = resolve));

  constructor(
    objects: CustomObjects,
    readonly ref: ResourceRef,
    private readonly options: InformerOptions,
  ) {
    const list = async (): Promise<KubeList> => {
      const result = await objects.list(ref, options);
      this.synced = true;
      this.backoff = MIN_BACKOFF_MS;
      this.resolveSynced();
      options.onRelist?.();
      return result;
    };
    this.listWatch = new k8s.ListWatch(
      objects.path(ref, options.namespace),
      new k8s.Watch(objects.kubeconfig),
      list as unknown as k8s.ListPromise<KubeObject & k8s.KubernetesObject>,
      false,
      options.labelSelector,
      options.fieldSelector,
    );
    this.listWatch.on(k8s.ADD, (o) => {
      options.onChange(o, 'add');
    });
    this.listWatch.on(k8s.UPDATE, (o) => {
      options.onChange(o, 'update');
    });
    this.listWatch.on(k8s.DELETE, (o) => {
      options.onChange(o, 'delete');
    });
    this.listWatch.on(k8s.ERROR, (error: unknown) => {
      this.restartLater(error);
    });
  }

  /** Starts listing and watching; resolves once the first list has arrived. */
  async start(): Promise<void> {
    this.stopped = false;
    this.begin();
    await this.firstSync;
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    void this.listWatch.stop();
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.listWatch.get(name, namespace);
  }

  list(): KubeObject[] {
    return [...this.listWatch.list()];
  }

  private begin(): void {
    this.listWatch.start().catch((error: unknown) => {
      this.restartLater(error);
    });
  }

  private restartLater(error: unknown): void {
    if (this.stopped) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.options.onError?.(error, wait);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped) this.begin();
    }, wait);
  }
}
