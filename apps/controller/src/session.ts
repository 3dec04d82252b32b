/**
 * What the controller does while it leads: an informer per kind (and one for Agent objects), one
 * work queue keyed by object, the object reconciler and the Agent publisher, fed by the informers
 * and by the store's change feed. Start lists everything and reconciles it all once (level-
 * triggered: after a restart the same objects give the same store, so nothing is written twice).
 */
import { AgentPublisher } from './agents.js';
import { AGENT_REF, RECONCILED_KINDS, objectKey, parseObjectKey, reconciledKind } from './kinds.js';
import { messageOf, statusOf, type CustomObjects, type KubeObject } from './kube/client.js';
import { Informer } from './kube/informer.js';
import { ObjectReconciler } from './reconcile-object.js';
import { KUBERNETES_ACTOR, OWNER_ANNOTATION, type ControllerStore } from './store-port.js';
import { WorkQueue } from './workqueue.js';

export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface SessionOptions {
  readonly objects: CustomObjects;
  readonly store: ControllerStore;
  /** where Agent objects live */
  readonly namespace: string;
  /** only objects with these labels (several fabrics, or tests, in one cluster) */
  readonly labelSelector?: string;
  readonly workers?: number;
  readonly log: Log;
}

const AGENT_KIND = 'Agent';
const AGENT_PRIORITY = 100;
const RETRY_REFUSED_AFTER_MS = 100;

export class ControllerSession {
  readonly informers = new Map<string, Informer>();
  readonly agentInformer: Informer;
  readonly queue: WorkQueue;
  readonly reconciler: ObjectReconciler;
  readonly agents: AgentPublisher;
  private readonly refused = new Set<string>();
  private refusedTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private started = false;

  constructor(private readonly options: SessionOptions) {
    const { objects, store, log } = options;
    this.queue = new WorkQueue((key) => this.handle(key), {
      workers: options.workers ?? 16,
      priority: (key) => (key.startsWith(`${AGENT_KIND}/`) ? AGENT_PRIORITY : (reconciledKind(parseObjectKey(key).kind)?.order ?? AGENT_PRIORITY)),
      onError: (key, error, retryInMs) => {
        log(statusOf(error) === 409 ? 'info' : 'warn', 'reconcile failed; retrying', { key, retryInMs, error: messageOf(error) });
      },
    });
    for (const kind of RECONCILED_KINDS) {
      this.informers.set(
        kind.kind,
        new Informer(objects, kind, {
          ...(options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector }),
          onChange: (object) => {
            this.queue.add(objectKey(kind.kind, object.metadata.namespace, object.metadata.name));
          },
          onError: (error, retryInMs) => {
            log('warn', 'watch broken; relisting', { kind: kind.kind, retryInMs, error: messageOf(error) });
          },
        }),
      );
    }
    this.agentInformer = new Informer(objects, AGENT_REF, {
      namespace: options.namespace,
      onChange: (object: KubeObject) => {
        this.queue.add(objectKey(AGENT_KIND, undefined, object.metadata.name));
      },
      onError: (error, retryInMs) => {
        log('warn', 'watch broken; relisting', { kind: AGENT_KIND, retryInMs, error: messageOf(error) });
      },
    });
    this.agents = new AgentPublisher({ objects, store, namespace: options.namespace, informer: () => this.agentInformer, log });
    this.reconciler = new ObjectReconciler({
      objects,
      store,
      informer: (kind) => this.informers.get(kind),
      syncAgents: () => this.agents.syncAll(),
      onStoreChanged: () => {
        this.retryRefusedSoon();
      },
      log,
    });
  }

  /** Lists every kind, then queues every object, every store object Kubernetes no longer has, and every Agent. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values(), this.agentInformer].map((informer) => informer.start()));
    this.unsubscribe = this.options.store.subscribe((event) => {
      const { kind, metadata } = event.object;
      if (kind === AGENT_KIND) {
        this.queue.add(objectKey(AGENT_KIND, undefined, metadata.name));
        // a switch's status shows its Agent's generation, which the store does not announce for it
        if (this.informers.get('Switch')?.get(undefined, metadata.name) !== undefined) this.queue.add(objectKey('Switch', undefined, metadata.name));
      } else if (metadata.annotations?.[OWNER_ANNOTATION] === 'kubernetes') this.queue.add(objectKey(kind, metadata.namespace, metadata.name));
    }, KUBERNETES_ACTOR);
    for (const [kind, informer] of this.informers) {
      for (const object of informer.list()) this.queue.add(objectKey(kind, object.metadata.namespace, object.metadata.name));
      // owned by Kubernetes in the store, gone from Kubernetes: deleted while no controller ran
      for (const view of this.options.store.list(kind, {}, KUBERNETES_ACTOR)) {
        if (view.metadata.annotations?.[OWNER_ANNOTATION] === 'kubernetes' && informer.get(view.metadata.namespace, view.metadata.name) === undefined) {
          this.queue.add(objectKey(kind, view.metadata.namespace, view.metadata.name));
        }
      }
    }
    for (const sw of new Set([...this.agents.desiredSwitches(), ...this.agentInformer.list().map((a) => a.metadata.name)])) this.queue.add(objectKey(AGENT_KIND, undefined, sw));
    this.started = true;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Resolves when every queued key has been handled (tests, the benchmark, the webhook). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.refusedTimer);
    this.unsubscribe?.();
    this.queue.stop();
    for (const informer of [...this.informers.values(), this.agentInformer]) informer.stop();
  }

  private async handle(key: string): Promise<void> {
    const { kind, namespace, name } = parseObjectKey(key);
    if (kind === AGENT_KIND) {
      await this.agents.sync(name);
      return;
    }
    const outcome = await this.reconciler.reconcile(kind, namespace, name);
    if (outcome === 'refused') this.refused.add(key);
    else this.refused.delete(key);
  }

  /** A store write can make a refused object valid (its VPC arrived): try those again, once, shortly. */
  private retryRefusedSoon(): void {
    if (this.refused.size === 0 || this.refusedTimer !== undefined) return;
    this.refusedTimer = setTimeout(() => {
      this.refusedTimer = undefined;
      for (const key of this.refused) this.queue.add(key);
    }, RETRY_REFUSED_AFTER_MS);
  }
}
