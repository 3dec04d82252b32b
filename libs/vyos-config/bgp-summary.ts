/**
 * FRR's `show ip bgp vrf all summary json` (what VyOS's own `show ip bgp` runs) as the Agent
 * status's BGP neighbours. FRR prints one object per VRF, each either a summary with `peers`
 * (`show ip bgp ...`) or one summary per address family (`show bgp ...`); both are read.
 */
import type { AgentStatus } from '#api';
import { compareNatural } from '#domain';

export type BgpNeighbor = NonNullable<AgentStatus['bgpNeighbors']>[number];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function summariesOf(vrfSummary: Record<string, unknown>): Record<string, unknown>[] {
  if (isRecord(vrfSummary.peers)) return [vrfSummary];
  return Object.values(vrfSummary).filter((value): value is Record<string, unknown> => isRecord(value) && isRecord(value.peers));
}

function neighborOf(vrf: string, peer: string, fields: Record<string, unknown>): BgpNeighbor {
  const remoteAs = fields.remoteAs;
  const received = fields.pfxRcd ?? fields.prefixReceivedCount;
  const uptime = fields.peerUptime;
  return {
    peer,
    vrf,
    state: typeof fields.state === 'string' ? fields.state : 'Unknown',
    ...(typeof remoteAs === 'number' && Number.isInteger(remoteAs) && remoteAs >= 1 && remoteAs <= 4294967294 ? { remoteAs } : {}),
    ...(typeof received === 'number' && Number.isInteger(received) && received >= 0 ? { prefixesReceived: received } : {}),
    ...(typeof uptime === 'string' && uptime !== '' ? { uptime } : {}),
  };
}

const vrfOrder = (vrf: string): string => (vrf === 'default' ? '' : vrf);

/** The neighbours, the default VRF first, then by VRF and peer; a peer in several address families is listed once. */
export function parseBgpSummary(json: unknown): BgpNeighbor[] {
  if (!isRecord(json)) throw new TypeError('a BGP summary must be a JSON object keyed by VRF');
  const byKey = new Map<string, { readonly vrf: string; readonly neighbor: BgpNeighbor }>();
  for (const [vrf, summary] of Object.entries(json)) {
    if (!isRecord(summary)) continue;
    for (const family of summariesOf(summary)) {
      for (const [peer, fields] of Object.entries(family.peers as Record<string, unknown>)) {
        const key = `${vrf} ${peer}`;
        if (!byKey.has(key) && isRecord(fields)) byKey.set(key, { vrf, neighbor: neighborOf(vrf, peer, fields) });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareNatural(vrfOrder(a.vrf), vrfOrder(b.vrf)) || compareNatural(a.neighbor.peer, b.neighbor.peer)).map((found) => found.neighbor);
}
