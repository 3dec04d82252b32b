/**
 * FRR's JSON show output, read into the Agent's status: BGP neighbours per VRF (`show bgp vrf
 * all summary json`), remote VTEPs (`show evpn vni json`) and interface state (`show interface
 * json`). FRR versions differ in details (an array or an object of VNIs, `remoteVteps` as
 * strings or objects), so every field is read defensively: what cannot be read is left out.
 */
import { compareNatural, compareText } from '#domain';
import { count, isObject, listOf, text, type Json } from './json-fields.js';

export interface BgpNeighbor {
  readonly peer: string;
  readonly vrf: string;
  readonly remoteAs?: number;
  readonly state: string;
  readonly prefixesReceived?: number;
  readonly uptime?: string;
  /** the session in each address family FRR lists it under, in FRR's order */
  readonly families: readonly BgpFamily[];
}

export interface BgpFamily {
  /** FRR's name: `ipv4Unicast`, `l2VpnEvpn` */
  readonly family: string;
  readonly state: string;
  readonly prefixesReceived?: number;
}

export interface RemoteVtep {
  readonly ip: string;
  readonly vnis: readonly number[];
}

export interface InterfaceState {
  readonly name: string;
  readonly admin: string;
  readonly oper: string;
}


/** Sessions per VRF and peer; a peer in several address families is one session, its prefixes added up. */
export function bgpNeighborsFrom(summary: unknown): BgpNeighbor[] {
  if (!isObject(summary)) return [];
  const found = new Map<string, { peer: string; vrf: string; remoteAs?: number; state: string; prefixesReceived?: number; uptime?: string; families: BgpFamily[] }>();
  for (const [vrf, families] of Object.entries(summary)) {
    if (!isObject(families)) continue;
    for (const [familyName, family] of Object.entries(families)) {
      if (!isObject(family) || !isObject(family.peers)) continue;
      for (const [peer, info] of Object.entries(family.peers)) {
        if (!isObject(info)) continue;
        const id = `${vrf}\u0000${peer}`;
        const before = found.get(id);
        const received = count(info.pfxRcd);
        const remoteAs = count(info.remoteAs);
        const uptime = text(info.peerUptime);
        const state = text(info.state) ?? 'Unknown';
        found.set(id, {
          peer,
          vrf,
          state: text(info.state) ?? before?.state ?? 'Unknown',
          ...(remoteAs !== undefined && remoteAs > 0 ? { remoteAs } : before?.remoteAs === undefined ? {} : { remoteAs: before.remoteAs }),
          ...(received === undefined && before?.prefixesReceived === undefined ? {} : { prefixesReceived: (before?.prefixesReceived ?? 0) + (received ?? 0) }),
          ...(uptime === undefined ? {} : { uptime }),
          families: [...(before?.families ?? []), { family: familyName, state, ...(received === undefined ? {} : { prefixesReceived: received }) }],
        });
      }
    }
  }
  return [...found.values()].sort((a, b) => compareVrf(a.vrf, b.vrf) || compareNatural(a.peer, b.peer));
}

/** The default VRF first, then the others by name as text: the same order on every machine, whatever its locale. */
function compareVrf(a: string, b: string): number {
  return Number(b === 'default') - Number(a === 'default') || compareText(a, b);
}

function vtepIps(vni: Json): string[] {
  const list = Array.isArray(vni.remoteVteps) ? vni.remoteVteps : Array.isArray(vni.numRemoteVteps) ? vni.numRemoteVteps : [];
  return list.flatMap((v: unknown) => {
    const ip = isObject(v) ? text(v.ip) : text(v);
    return ip === undefined ? [] : [ip];
  });
}

/** Remote VTEPs and the VNIs each one shares with this switch. */
export function remoteVtepsFrom(vnis: unknown): RemoteVtep[] {
  const list = listOf(vnis);
  const byIp = new Map<string, Set<number>>();
  for (const vni of list) {
    if (!isObject(vni)) continue;
    const number = count(vni.vni);
    for (const ip of vtepIps(vni)) {
      const set = byIp.get(ip) ?? new Set<number>();
      if (number !== undefined) set.add(number);
      byIp.set(ip, set);
    }
  }
  return [...byIp.entries()].sort(([a], [b]) => compareNatural(a, b)).map(([ip, set]) => ({ ip, vnis: [...set].sort((a, b) => a - b) }));
}

/** Interface state as zebra sees it in the kernel, for the named interfaces (all when none named). */
export function interfacesFrom(interfaces: unknown, names?: readonly string[]): InterfaceState[] {
  if (!isObject(interfaces)) return [];
  const wanted = names === undefined ? Object.keys(interfaces) : names;
  return wanted.map((name) => {
    const info = interfaces[name];
    if (!isObject(info)) return { name, admin: 'unknown', oper: 'absent' };
    return { name, admin: text(info.administrativeStatus) ?? 'unknown', oper: text(info.operationalStatus) ?? 'down' };
  });
}
