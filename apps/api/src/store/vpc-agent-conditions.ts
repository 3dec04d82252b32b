/**
 * A VPC's Degraded condition from its switches' agent reports: each switch whose agent says it is
 * Degraded (with its reason) or reports an error is named, with why.
 */
import type { AgentStatus } from '#api';

export interface DegradedCondition {
  readonly type: 'Degraded';
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message?: string;
}

/** `leaf1: DeviceUnreachable: generation 5: CONFIG_DB ... is not reachable` */
function why(sw: string, status: AgentStatus | undefined): string | undefined {
  const degraded = status?.conditions?.find((c) => c.type === 'Degraded' && c.status === 'True');
  if (degraded !== undefined) return `${sw}: ${degraded.reason}${degraded.message === undefined ? '' : `: ${degraded.message}`}`;
  if (status?.lastError !== undefined) return `${sw}: ${status.lastError}`;
  return undefined;
}

export function vpcDegraded(switches: readonly string[], statusOf: (sw: string) => AgentStatus | undefined): DegradedCondition {
  const reasons = switches.flatMap((sw) => {
    const text = why(sw, statusOf(sw));
    return text === undefined ? [] : [text];
  });
  return reasons.length === 0 ? { type: 'Degraded', status: 'False', reason: 'NoErrors' } : { type: 'Degraded', status: 'True', reason: 'AgentError', message: reasons.join('; ') };
}
