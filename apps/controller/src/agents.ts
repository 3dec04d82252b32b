/**
 * One Agent object per switch, in the controller's namespace: its spec is the store's desired
 * state for that switch (with the generation), written whole when it differs; its status is what
 * the switch's agent reports, passed on to the store (so VPCs turn Ready) when it changes.
 * Agents of switches that no longer exist are deleted.
 */
import { ensureAgentAccess, removeAgentAccess } from './agent-access.js';
import { AGENT_REF } from './kinds.js';
import { MANAGED_BY } from './labels.js';
import type { CustomObjects, KubeObject } from './kube/client.js';
import { statusOf } from './kube/client.js';
import type { Informer } from './kube/informer.js';
import { canonical, sameJson } from './object-status.js';
import { KUBERNETES_ACTOR, StoreError, refusalOf, type ControllerStore } from './store-port.js';

export interface AgentPublisherDeps {
  readonly objects: CustomObjects;
  readonly store: ControllerStore;
  readonly namespace: string;
  readonly informer: () => Informer | undefined;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export class AgentPublisher {
  /** the last status of each Agent passed to the store (after a restart, each is passed once more) */
  private readonly reported = new Map<string, string>();
  /** switches whose ServiceAccount and Role this session has made sure of */
  private readonly access = new Set<string>();

  constructor(private readonly deps: AgentPublisherDeps) {}

  /** The switches with a desired state. */
  desiredSwitches(): string[] {
    return this.deps.store.listAgents(KUBERNETES_ACTOR).map((a) => a.metadata.name);
  }

  /** Every Agent object as the store wants it, and none for switches that are gone. */
  async syncAll(): Promise<void> {
    const wanted = new Set(this.desiredSwitches());
    for (const sw of wanted) await this.sync(sw);
    for (const object of this.deps.informer()?.list() ?? []) {
      if (!wanted.has(object.metadata.name)) await this.sync(object.metadata.name);
    }
  }

  async sync(sw: string): Promise<void> {
    const { objects, store, namespace } = this.deps;
    let desired: { spec: unknown } | undefined;
    try {
      desired = store.agent(sw, KUBERNETES_ACTOR);
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== 'not-found') throw e;
    }
    const current = this.deps.informer()?.get(namespace, sw) ?? (await objects.get(AGENT_REF, namespace, sw));
    if (desired === undefined) {
      if (current !== undefined && current.metadata.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY['app.kubernetes.io/managed-by']) {
        await objects.delete(AGENT_REF, namespace, sw);
        await removeAgentAccess(objects.kubeconfig, namespace, sw);
        this.reported.delete(sw);
        this.access.delete(sw);
        this.deps.log('info', 'agent deleted', { switch: sw });
      }
      return;
    }
    if (!this.access.has(sw)) {
      await ensureAgentAccess(objects.kubeconfig, namespace, sw);
      this.access.add(sw);
    }
    if (current === undefined) {
      try {
        await objects.create(AGENT_REF, { apiVersion: `${AGENT_REF.group}/${AGENT_REF.version}`, kind: 'Agent', metadata: { name: sw, namespace, labels: { ...MANAGED_BY } }, spec: desired.spec });
      } catch (e) {
        // created in between (our informer is behind): the next sync compares again
        if (statusOf(e) !== 409) throw e;
        throw new Error(`Agent ${namespace}/${sw} appeared while it was being created; retrying`);
      }
      return;
    }
    if (!sameJson(current.spec, desired.spec)) await objects.patch(AGENT_REF, namespace, sw, [{ op: 'add', path: '/spec', value: desired.spec }]);
    await this.passOnStatus(sw, current);
  }

  /** What the agent wrote in its status, to the store, once per change. */
  private async passOnStatus(sw: string, object: KubeObject): Promise<void> {
    if (object.status === undefined) return;
    const text = canonical(object.status);
    if (this.reported.get(sw) === text) return;
    try {
      await this.deps.store.reportStatus(sw, object.status, KUBERNETES_ACTOR);
    } catch (e) {
      const refused = refusalOf(e);
      if (refused === undefined) throw e;
      this.deps.log('warn', 'agent status refused', { switch: sw, error: refused.message });
    }
    this.reported.set(sw, text);
  }
}
