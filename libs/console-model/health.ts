/**
 * Agent health and BGP state, for the fabric drawing and the switch page. Pure: the time is a
 * parameter. An agent is healthy when it applied the desired generation, reports no error and was
 * heard from recently; it is behind, failing, silent, or has not reported at all.
 */
import type { Agent, BgpNeighbor } from './types.js';
import type { Tone } from './status.js';

/** Agents report at least this often; a heartbeat older than this is "silent". */
export const HEARTBEAT_STALE_MS = 5 * 60 * 1000;

export interface Health {
  readonly tone: Tone;
  readonly label: string;
  readonly reasons: readonly string[];
}

export function agentHealth(agent: Agent | undefined, now: number): Health {
  if (agent === undefined) return { tone: 'unknown', label: 'No agent data', reasons: ['this token does not show agent state'] };
  const status = agent.status;
  // none readable: NaN, which no applied generation is below
  const desired = agent.spec?.generation ?? Number.NaN;
  if (status === undefined || status === null || status.appliedGeneration === undefined || status.appliedGeneration === null) {
    return { tone: 'unknown', label: 'Not reported', reasons: ['its agent has not reported yet'] };
  }
  const reasons: string[] = [];
  let tone: Tone = 'ok';
  if (status.lastError !== undefined && status.lastError !== null && status.lastError !== '') {
    tone = 'error';
    reasons.push(`last error: ${status.lastError}`);
  }
  const down = (status.bgpNeighbors ?? []).filter((n) => !isEstablished(n));
  if (down.length > 0) {
    tone = 'error';
    reasons.push(`${down.length} BGP neighbour${down.length === 1 ? '' : 's'} not established`);
  }
  if (status.appliedGeneration < desired) {
    if (tone === 'ok') tone = 'pending';
    reasons.push(`generation ${status.appliedGeneration} applied, ${desired} desired`);
  }
  // none (undefined or null) parses as NaN, like a heartbeat that is no time
  const heartbeat = Date.parse(String(status.lastHeartbeat));
  if (!Number.isNaN(heartbeat) && now - heartbeat > HEARTBEAT_STALE_MS) {
    if (tone === 'ok') tone = 'pending';
    reasons.push(`silent since ${String(status.lastHeartbeat)}`);
  }
  const label = tone === 'ok' ? 'Healthy' : tone === 'error' ? 'Failing' : 'Behind';
  return { tone, label, reasons: reasons.length === 0 ? [`generation ${status.appliedGeneration} applied`] : reasons };
}

export function isEstablished(neighbor: BgpNeighbor): boolean {
  return neighbor.state.toLowerCase() === 'established';
}

/** The BGP neighbour a switch reports for one of its ports (unnumbered) or a peer address. */
export function neighborFor(agent: Agent | undefined, peer: string): BgpNeighbor | undefined {
  return agent?.status?.bgpNeighbors?.find((n) => n.peer === peer);
}
