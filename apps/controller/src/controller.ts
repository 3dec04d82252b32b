/**
 * The Kubernetes controller: campaigns for a Lease, and while it leads runs one session (the
 * store opened, informers, the work queue). Losing the lease ends the session before another
 * controller can take over, so two controllers never write at once; the store is opened afresh
 * for each session, since another leader may have written in between.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type * as k8s from '@kubernetes/client-node';
import * as kube from '@kubernetes/client-node';
import { CustomObjects, statusOf } from './kube/client.js';
import { LeaderElector } from './leader.js';
import { ControllerSession, type Log } from './session.js';
import type { ControllerStore } from './store-port.js';

export interface OpenedStore {
  readonly store: ControllerStore;
  close(): Promise<void>;
}

export interface LeaderElectionSettings {
  readonly leaseName?: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
}

export interface ControllerOptions {
  readonly kubeconfig: k8s.KubeConfig;
  /** Agent objects, the Lease and the webhook's Secret live here (default weft-system) */
  readonly namespace?: string;
  readonly identity?: string;
  readonly labelSelector?: string;
  readonly workers?: number;
  readonly openStore: () => Promise<OpenedStore>;
  /** false: lead at once, alone (tests of one controller; `weft serve` with one replica) */
  readonly leaderElection?: false | LeaderElectionSettings;
  /** called when a session starts and stops (the webhook follows it) */
  readonly onSession?: (session: ControllerSession | undefined, store: ControllerStore | undefined) => Promise<void> | void;
  readonly log: Log;
}

export const DEFAULT_NAMESPACE = 'weft-system';
export const DEFAULT_LEASE = 'weft-controller';

export class Controller {
  private session: ControllerSession | undefined;
  private opened: OpenedStore | undefined;
  private elector: LeaderElector | undefined;
  private transitions: Promise<void> = Promise.resolve();
  readonly identity: string;
  readonly namespace: string;
  readonly objects: CustomObjects;

  constructor(private readonly options: ControllerOptions) {
    this.identity = options.identity ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.objects = new CustomObjects(options.kubeconfig, `weft-controller/${this.identity}`.slice(0, 128));
  }

  get leading(): boolean {
    return this.session !== undefined;
  }

  get current(): ControllerSession | undefined {
    return this.session;
  }

  async start(): Promise<void> {
    await this.ensureNamespace();
    const election = this.options.leaderElection;
    if (election === false) {
      await this.lead();
      return;
    }
    this.elector = new LeaderElector(
      this.options.kubeconfig,
      { namespace: this.namespace, name: election?.leaseName ?? DEFAULT_LEASE, identity: this.identity, ...election },
      {
        onStartedLeading: () => this.serialised(() => this.lead()),
        onStoppedLeading: () => this.serialised(() => this.follow()),
        log: this.options.log,
      },
    );
    this.elector.start();
  }

  async stop(): Promise<void> {
    if (this.elector !== undefined) await this.elector.stop();
    await this.serialised(() => this.follow());
  }

  /** Resolves once this controller leads and its session has reconciled everything it listed. */
  async settled(): Promise<void> {
    for (;;) {
      const session = this.session;
      if (session?.isStarted === true) {
        await session.idle();
        if (this.session === session && session.queue.isIdle) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private serialised(step: () => Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(step, step);
    return this.transitions;
  }

  private async lead(): Promise<void> {
    if (this.session !== undefined) return;
    this.opened = await this.options.openStore();
    const session = new ControllerSession({
      objects: this.objects,
      store: this.opened.store,
      namespace: this.namespace,
      ...(this.options.labelSelector === undefined ? {} : { labelSelector: this.options.labelSelector }),
      ...(this.options.workers === undefined ? {} : { workers: this.options.workers }),
      log: this.options.log,
    });
    this.session = session;
    await session.start();
    await this.options.onSession?.(session, this.opened.store);
    this.options.log('info', 'reconciling', { identity: this.identity, namespace: this.namespace });
  }

  private async follow(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    await this.options.onSession?.(undefined, undefined);
    session.stop();
    await this.opened?.close();
    this.opened = undefined;
  }

  /** The namespace of Agents and the Lease; created when missing and allowed, else the error says so. */
  async ensureNamespace(): Promise<void> {
    const core = this.options.kubeconfig.makeApiClient(kube.CoreV1Api);
    try {
      await core.readNamespace({ name: this.namespace });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      try {
        await core.createNamespace({ body: { metadata: { name: this.namespace } } });
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
    }
  }
}
