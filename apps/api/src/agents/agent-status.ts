/**
 * An agent's report (pure): checked against the AgentStatus schema like any other input, and
 * against the switch's record: it cannot claim a generation that was never desired.
 */
import { AgentStatus as AgentStatusSchema, type AgentStatus } from '#api';
import { DIAGNOSTIC_CODES as C, findUnstorable, validateAgainstSchema, type Diagnostic } from '#domain';
import { StoreError } from '../store/store.types.js';

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
