/** BGP sessions as `vtysh -c 'show bgp vrf all summary json'` reports them. */
import { compareText } from '#domain';

export interface BgpSession {
  readonly vrf: string;
  readonly peer: string;
  readonly state: string;
  readonly remoteAs?: number;
  readonly prefixesReceived?: number;
}

interface PeerJson {
  readonly state?: string;
  readonly remoteAs?: number;
  readonly pfxRcd?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One entry per (VRF, peer), whatever address families it carries; empty on no or bad input. */
export function parseBgpSummary(json: string): BgpSession[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // not JSON (`% No BGP`, an error): no sessions, as below
  }
  if (!isObject(parsed)) return [];
  const sessions = new Map<string, BgpSession>();
  for (const [vrf, families] of Object.entries(parsed)) {
    if (!isObject(families)) continue;
    for (const family of Object.values(families)) {
      if (!isObject(family) || !isObject(family.peers)) continue;
      for (const [peer, value] of Object.entries(family.peers)) {
        const p = (isObject(value) ? value : {}) as PeerJson;
        const key = `${vrf}|${peer}`;
        const earlier = sessions.get(key);
        const prefixes = (earlier?.prefixesReceived ?? 0) + (p.pfxRcd ?? 0);
        sessions.set(key, {
          vrf,
          peer,
          state: earlier !== undefined && earlier.state !== 'Established' ? earlier.state : (p.state ?? 'Unknown'),
          ...(p.remoteAs !== undefined && p.remoteAs !== 0 ? { remoteAs: p.remoteAs } : earlier?.remoteAs === undefined ? {} : { remoteAs: earlier.remoteAs }),
          prefixesReceived: prefixes,
        });
      }
    }
  }
  return [...sessions.values()].sort((a, b) => compareText(a.vrf + a.peer, b.vrf + b.peer));
}

export function countEstablished(sessions: readonly BgpSession[]): { established: number; configured: number } {
  return { established: sessions.filter((s) => s.state === 'Established').length, configured: sessions.length };
}
