/**
 * `weft agent --kubeconfig FILE`: the switch's Agent object as its desired-state source
 * (KubernetesDesiredStateSource), with the apiserver's refusals said the way the loop acts on
 * them: 401 and 403 (a token or a Role that does not allow it) need a person and stop the agent;
 * anything else (the apiserver away, no Agent yet) is retried with backoff.
 */
import type { AgentStatus } from '#api';
import { loadKubeConfig, messageOf, statusOf } from '../../../controller/src/kube/client.js';
import { SourceError, type DesiredStateSource } from '../core/desired-state-source.js';
import type { DesiredState } from '../core/device-driver.js';
import { KubeconfigError } from './kubeconfig-error.js';
import { KubernetesDesiredStateSource } from './kubernetes.js';

function sourceError(e: unknown, what: string): unknown {
  const status = statusOf(e);
  if (status === undefined) return e;
  const refused = status === 401 || status === 403;
  return new SourceError(`${what}: HTTP ${status}: ${messageOf(e)}`, !refused, status);
}

class KubernetesSource implements DesiredStateSource {
  constructor(
    private readonly inner: KubernetesDesiredStateSource,
    private readonly name: string,
  ) {}

  async current(): Promise<DesiredState> {
    try {
      return await this.inner.current();
    } catch (e) {
      throw sourceError(e, `reading Agent ${this.name}`);
    }
  }

  watch(signal: AbortSignal): AsyncIterable<DesiredState> {
    return this.inner.watch(signal);
  }

  async report(status: AgentStatus): Promise<void> {
    try {
      await this.inner.report(status);
    } catch (e) {
      throw sourceError(e, `writing the status of Agent ${this.name}`);
    }
  }
}

/** The source for `switchName` from a kubeconfig file; its Agent in `namespace` (default weft-system). */
export function kubernetesSource(switchName: string, kubeconfig: string, namespace = 'weft-system'): DesiredStateSource {
  let kc;
  try {
    kc = loadKubeConfig(kubeconfig);
  } catch (e) {
    throw new KubeconfigError(`--kubeconfig ${kubeconfig}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (kc.getCurrentCluster() === null) throw new KubeconfigError(`--kubeconfig ${kubeconfig}: no current context with a cluster`);
  return new KubernetesSource(new KubernetesDesiredStateSource(kc, { switch: switchName, namespace }), `${namespace}/${switchName}`);
}
