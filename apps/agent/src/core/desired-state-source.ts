/**
 * Where an agent's desired state comes from and where its status goes. Embedded mode: the Weft
 * service's agent API (`GET /api/v1/agents/{switch}`, `/watch`, `PUT .../status`). Kubernetes
 * mode: the switch's Agent object and its status subresource. The loop does not know which.
 */
import type { AgentStatus } from '#api';
import type { DesiredState } from './device-driver.js';

export interface DesiredStateSource {
  /** The desired state now. */
  current(signal?: AbortSignal): Promise<DesiredState>;
  /** Every new desired state (a new generation), until `signal` aborts; reconnects by itself. */
  watch(signal: AbortSignal): AsyncIterable<DesiredState>;
  /** Reports the status; a failed report is retried by the caller with the next heartbeat. */
  report(status: AgentStatus, signal?: AbortSignal): Promise<void>;
}

/**
 * The source could not answer. `retryable` (unreachable, 5xx, a dropped stream) is retried with
 * backoff; the others (a refused token, a switch the service does not know) need a person.
 */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
