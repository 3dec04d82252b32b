/**
 * A VPC's Degraded condition from its switches' agent reports: each switch whose agent reports
 * Degraded or an error is named, with the agent's reason (DeviceUnreachable, ApplyFailed, ...).
 * Not the error text: it may be about another tenant's configuration on the same switch, and the
 * Switch's status carries it for those who may read it.
 */
import type { AgentStatus } from '#api';

export interface DegradedCondition {
  readonly type: 'Degraded';
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message?: string;
}

/** `the agent of leaf1 reports DeviceUnreachable` */
function why(sw: string, status: AgentStatus | undefined): string | undefined {
  const degraded = status?.conditions?.find((c) => c.type === 'Degraded' && c.status === 'True');
  if (degraded !== undefined) return `the agent of ${sw} reports ${degraded.reason}`;
  if (status?.lastError !== undefined) return `the agent of ${sw} reports an error`;
  return undefined;
}

export function vpcDegraded(switches: readonly string[], statusOf: (sw: string) => AgentStatus | undefined): DegradedCondition {
  const reasons = switches.flatMap((sw) => {
    const text = why(sw, statusOf(sw));
    return text === undefined ? [] : [text];
  });
  return reasons.length === 0 ? { type: 'Degraded', status: 'False', reason: 'NoErrors' } : { type: 'Degraded', status: 'True', reason: 'AgentError', message: reasons.join('; ') };
}
