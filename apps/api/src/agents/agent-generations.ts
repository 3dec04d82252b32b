/**
 * Desired-state generations (pure): a switch's generation goes up when its device files change,
 * so its agent knows there is something new to apply. Untouched switches keep their records.
 */
import { createHash } from 'node:crypto';
import type { CompileResult } from '#compiler';
import { nextRecord } from '../store/agent-rules.js';
import type { AgentMap, AgentRecord } from './agent-record.js';

/** SHA-256 over a switch's files, in path order. */
export function filesHash(result: CompileResult, sw: string): string {
  const h = createHash('sha256');
  const files = [...result.files].filter(([path]) => path.startsWith(`${sw}/`)).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [path, text] of files) h.update(path).update('\0').update(text).update('\0');
  return h.digest('hex');
}

/**
 * The records after a compile: switches in `rebuilt` whose files changed get the next
 * generation; switches that are gone lose theirs. `rebuilt` must cover every switch the writes
 * since `previous` rebuilt (a batch's steps each rebuild their own).
 */
export function nextAgents(previous: AgentMap, result: CompileResult, rebuilt: Iterable<string>): Map<string, AgentRecord> {
  const next = new Map<string, AgentRecord>();
  const touched = new Set(rebuilt);
  for (const sw of result.devices.keys()) {
    const current = previous.get(sw);
    if (current !== undefined && !touched.has(sw)) {
      next.set(sw, current);
      continue;
    }
    next.set(sw, nextRecord(current, filesHash(result, sw), result.allocations.generation));
  }
  return next;
}

/** Records that differ (by identity) between two maps, and switches that are gone. */
export function agentChanges(previous: AgentMap, next: AgentMap): { changed: [string, AgentRecord][]; gone: string[] } {
  return {
    changed: [...next].filter(([sw, record]) => previous.get(sw) !== record),
    gone: [...previous.keys()].filter((sw) => !next.has(sw)),
  };
}
