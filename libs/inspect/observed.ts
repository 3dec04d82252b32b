/** One switch's report read against what it should carry: its VNIs, sessions and MACs. */
import type { AgentStatus } from '#api';
import type { DeviceIntent } from '#domain';
import { neighbourOf, type FabricIndex } from './fabric-index.js';
import type { MacView, SessionView, VniView } from './types.js';

type Vnis = NonNullable<AgentStatus['vnis']>;

/** What the agent saw of a VNI: its state, `Missing` when its report lists others only, `Unknown` without a report of VNIs. */
export function vniState(status: AgentStatus | undefined, vni: number): string {
  return status?.vnis?.find((v) => v.vni === vni)?.state ?? (status?.vnis === undefined ? 'Unknown' : 'Missing');
}

/** A VNI the switch should terminate, with what its agent saw of it. */
export function vniView(index: FabricIndex, status: AgentStatus | undefined, expected: { vni: number; type: 'L2' | 'L3'; subnet?: string; vlan?: number }): VniView {
  const observed: Vnis[number] | undefined = status?.vnis?.find((v) => v.vni === expected.vni);
  return {
    ...expected,
    state: vniState(status, expected.vni),
    remoteVteps: (observed?.remoteVteps ?? []).map((ip) => {
      const sw = index.vteps.get(ip);
      return sw === undefined ? { ip } : { ip, switch: sw };
    }),
    ...(observed?.macs === undefined ? {} : { macs: observed.macs }),
  };
}

/** Sessions in `vrf` (every family; none when absent) and, when `evpn`, the default VRF's l2VpnEvpn sessions. */
export function sessionViews(device: DeviceIntent, status: AgentStatus | undefined, filter: { readonly vrf: string | undefined; readonly evpn: boolean } | 'all'): SessionView[] {
  const out: SessionView[] = [];
  for (const n of status?.bgpNeighbors ?? []) {
    const vrf = n.vrf ?? 'default';
    // a session reported without address families (the VyOS agent's) counts as one, family unknown
    const families = n.families ?? [{ ...n, family: 'unknown' }];
    for (const f of families) {
      const wanted = filter === 'all' || filter.vrf === vrf || (filter.evpn && vrf === 'default' && f.family === 'l2VpnEvpn');
      if (!wanted) continue;
      const neighbour = neighbourOf(device, n.peer, vrf);
      out.push({
        peer: n.peer,
        ...(neighbour === undefined ? {} : { neighbour }),
        vrf,
        family: f.family,
        state: f.state,
        ...(f.prefixesReceived === undefined ? {} : { prefixesReceived: f.prefixesReceived }),
        ...(n.uptime === undefined ? {} : { uptime: n.uptime }),
      });
    }
  }
  return out;
}

/** The MACs the switch reported in the L2VNIs of `vnis` (VNI -> `vpc/subnet`, none for an L3VNI), with the server or switch behind each. */
export function macViews(index: FabricIndex, device: DeviceIntent, status: AgentStatus | undefined, vnis: ReadonlyMap<number, string | undefined>): MacView[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, whatever the fallback holds has no VNI and is skipped
  return (status?.evpnMacs ?? []).flatMap((m) => {
    const subnet = vnis.get(m.vni);
    if (subnet === undefined) return [];
    const connection = m.interface === undefined ? undefined : index.connectionOf.get(`${device.name}/${m.interface}`);
    const behind = m.remoteVtep === undefined ? undefined : index.vteps.get(m.remoteVtep);
    return [
      {
        mac: m.mac,
        vni: m.vni,
        subnet,
        type: m.type,
        ...(m.interface === undefined ? {} : { port: m.interface }),
        ...(connection === undefined ? {} : { connection: connection.name }),
        ...(connection?.server === undefined ? {} : { server: connection.server }),
        ...(m.remoteVtep === undefined ? {} : { remoteVtep: m.remoteVtep }),
        ...(behind === undefined ? {} : { behind }),
      },
    ];
  });
}

/** Lines for the VNIs that are not up, the sessions not established, the tunnels missing. */
export function observedProblems(sw: string, vnis: readonly VniView[], sessions: readonly SessionView[], expectedTunnels: ReadonlyMap<number, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const v of vnis) {
    if (v.state === 'Unknown') continue;
    if (v.state !== 'Up') {
      problems.push(`${sw}: ${v.type}VNI ${v.vni}${v.subnet === undefined ? '' : ` (${v.subnet})`} is ${v.state}`);
      continue;
    }
    const seen = new Set(v.remoteVteps.map((t) => t.switch ?? t.ip));
    const missing = (expectedTunnels.get(v.vni) ?? []).filter((other) => !seen.has(other));
    // only L2VNIs have expected tunnels (an L3VNI's number is never an L2VNI's)
    if (missing.length > 0) problems.push(`${sw}: L2VNI ${v.vni} has no tunnel to ${missing.join(', ')}`);
  }
  for (const s of sessions) {
    if (s.state !== 'Established') problems.push(`${sw}: BGP ${s.family} session ${s.peer}${s.neighbour === undefined ? '' : ` (${s.neighbour})`} in ${s.vrf} is ${s.state}`);
  }
  return problems;
}
