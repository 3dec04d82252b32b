/**
 * One agent for one switch: the service-API source, the driver its `os` calls for, and the loop.
 * `once`: apply the current desired state, report, and say whether it was applied.
 */
import { AgentLoop } from './core/agent-loop.js';
import type { DesiredStateSource } from './core/desired-state-source.js';
import type { AgentLogger } from './core/log.js';
import { driverFactory, type DriverSettings } from './drivers.js';
import { ServiceApiSource } from './source/service-api-source.js';

export interface AgentSettings extends Omit<DriverSettings, 'log'> {
  /** the Weft service: `http://127.0.0.1:8080` */
  readonly server: string;
  /** an agent-role token for this switch */
  readonly token: string;
  readonly periodMs: number;
}

/** `source`: where the desired state comes from; the service's agent API unless given (a Kubernetes Agent object, later). */
export function createAgent(settings: AgentSettings, log: AgentLogger, source?: DesiredStateSource): AgentLoop {
  const from = source ?? new ServiceApiSource({ server: settings.server, switchName: settings.switchName, token: settings.token, log });
  return new AgentLoop({ switchName: settings.switchName, source: from, driverFor: driverFactory({ ...settings, log }), periodMs: settings.periodMs, log });
}
