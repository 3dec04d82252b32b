/**
 * One agent for one switch: its desired-state source (the service's agent API, or the switch's
 * Agent object in Kubernetes), the driver its `os` calls for, and the loop.
 * `once`: apply the current desired state, report, and say whether it was applied.
 */
import { AgentLoop } from './core/agent-loop.js';
import type { DesiredStateSource } from './core/desired-state-source.js';
import type { AgentLogger } from './core/log.js';
import type { LoopMetrics } from './core/loop-metrics.js';
import { driverFactory, type DriverSettings } from './drivers.js';
import { ServiceApiSource } from './source/service-api-source.js';

/**
 * Where the desired state comes from: the Weft service (`server`, an agent-role `token`), or a
 * kubeconfig file whose identity may read the switch's Agent in `namespace` (default weft-system).
 */
export type SourceSettings = { readonly server: string; readonly token: string } | { readonly kubeconfig: string; readonly namespace?: string };

export interface AgentSettings extends Omit<DriverSettings, 'log'> {
  readonly source: SourceSettings;
  readonly periodMs: number;
}

/** The source the settings name; the Kubernetes client is loaded only when it is the one. */
export async function desiredStateSource(switchName: string, settings: SourceSettings, log: AgentLogger): Promise<DesiredStateSource> {
  if ('server' in settings) return new ServiceApiSource({ server: settings.server, switchName, token: settings.token, log });
  const { kubernetesSource } = await import('./source/kubernetes-source.js');
  return kubernetesSource(switchName, settings.kubeconfig, settings.namespace);
}

export async function createAgent(settings: AgentSettings, log: AgentLogger, metrics?: LoopMetrics): Promise<AgentLoop> {
  const source = await desiredStateSource(settings.switchName, settings.source, log);
  return new AgentLoop({ switchName: settings.switchName, source, driverFor: driverFactory({ ...settings, log }), periodMs: settings.periodMs, log, ...(metrics === undefined ? {} : { metrics }) });
}
