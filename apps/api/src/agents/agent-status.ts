/**
 * An agent's report (pure): checked against the AgentStatus schema like any other input, and
 * against the switch's record: it cannot claim a generation that was never desired.
 */
import { AgentStatus as AgentStatusSchema, type AgentStatus } from '#api';
import { DIAGNOSTIC_CODES as C, findUnstorable, validateAgainstSchema, type Diagnostic } from '#domain';
import { StoreError } from '../store/store.types.js';
import type { AgentRecord } from './agent-record.js';

export function checkAgentStatus(sw: string, body: unknown): AgentStatus {
  const unstorable = findUnstorable(body, 'status');
  const problems = unstorable === undefined ? validateAgainstSchema(AgentStatusSchema, body, 'status') : [{ field: unstorable.path, message: unstorable.message }];
  if (problems.length > 0) {
    const name = sw.slice(0, 80);
    const diagnostics: Diagnostic[] = problems.map((p) => ({ code: C.SCHEMA, severity: 'error', path: `Agent ${name} ${p.field}`, message: p.message }));
    throw new StoreError('invalid', `Agent ${name} status is not valid: ${diagnostics[0]?.path ?? ''}: ${diagnostics[0]?.message ?? ''}`, diagnostics);
  }
  return body as AgentStatus;
}

/**
 * The record once the report is taken: its status (with a heartbeat), and the allocation
 * generation it has applied. A switch that runs its current desired state has applied every
 * allocation so far (`allocationGeneration`, the fabric's now): had one changed its files, its
 * generation would have moved. So a switch no change touched does not hold quarantined VNIs back.
 */
export function withReport(record: AgentRecord, status: AgentStatus, now: string, allocationGeneration: number): AgentRecord {
  if (status.appliedGeneration !== undefined && status.appliedGeneration > record.generation) {
    throw new StoreError('invalid', `appliedGeneration ${status.appliedGeneration} is ahead of the desired generation ${record.generation}`);
  }
  const applied = status.appliedGeneration === record.generation ? Math.max(record.allocationGeneration, allocationGeneration) : record.appliedAllocationGeneration;
  return { ...record, status: { ...status, lastHeartbeat: status.lastHeartbeat ?? now }, ...(applied === undefined ? {} : { appliedAllocationGeneration: applied }) };
}
