/**
 * Kubernetes mode of the agent: its desired state is the switch's Agent object (written by the
 * controller), its status goes to that object's status subresource. It reads and watches that
 * one object only (a `metadata.name` field selector), which is what an RBAC Role limited to that
 * name allows; the watch relists after a 410 and reconnects after the apiserver goes away.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { AgentSpec, AgentStatus } from '#api';
import { AGENT_REF } from '../../../controller/src/kinds.js';
import { CustomObjects, type KubeObject } from '../../../controller/src/kube/client.js';
import { Informer } from '../../../controller/src/kube/informer.js';
import type { DesiredStateSource } from '../core/desired-state-source.js';
import type { DesiredState } from '../core/device-driver.js';

export interface KubernetesSourceOptions {
  readonly switch: string;
  /** where the controller writes Agent objects (default weft-system) */
  readonly namespace?: string;
}

function desiredOf(object: KubeObject, sw: string): DesiredState {
  const spec = object.spec as AgentSpec | undefined;
  if (spec === undefined || typeof spec.generation !== 'number') throw new Error(`Agent ${object.metadata.namespace ?? ''}/${sw} has no desired state (spec.generation) yet`);
  return spec;
}

export class KubernetesDesiredStateSource implements DesiredStateSource {
  private readonly objects: CustomObjects;
  private readonly namespace: string;

  constructor(
    kubeconfig: KubeConfig,
    private readonly options: KubernetesSourceOptions,
  ) {
    this.objects = new CustomObjects(kubeconfig, `weft-agent/${options.switch}`);
    this.namespace = options.namespace ?? 'weft-system';
  }

  async current(): Promise<DesiredState> {
    const object = await this.objects.get(AGENT_REF, this.namespace, this.options.switch);
    if (object === undefined) throw new Error(`no Agent ${this.namespace}/${this.options.switch} yet: the controller writes it once the switch is in the fabric`);
    return desiredOf(object, this.options.switch);
  }

  async *watch(signal: AbortSignal): AsyncIterable<DesiredState> {
    const pending: DesiredState[] = [];
    let wake: (() => void) | undefined;
    let last = -1;
    const informer = new Informer(this.objects, AGENT_REF, {
      namespace: this.namespace,
      fieldSelector: `metadata.name=${this.options.switch}`,
      onChange: (object, event) => {
        if (event === 'delete') return;
        const spec = object.spec as AgentSpec | undefined;
        if (spec === undefined || typeof spec.generation !== 'number' || spec.generation === last) return;
        last = spec.generation;
        pending.push(spec);
        wake?.();
      },
    });
    const stopped = new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => {
        resolve();
      }, { once: true });
    });
    void informer.start();
    try {
      while (!signal.aborted) {
        const next = pending.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stopped]);
        wake = undefined;
      }
    } finally {
      informer.stop();
    }
  }

  async report(status: AgentStatus): Promise<void> {
    await this.objects.replaceStatus(AGENT_REF, this.namespace, this.options.switch, status);
  }
}
