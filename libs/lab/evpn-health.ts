/**
 * zebra 8.4 with netns VRFs sometimes does not take up a VXLAN device that appears in a VRF
 * namespace at run time: the L3VNI stays Down with no SVI (`show evpn vni` says None), or an
 * L2VNI is missing (the lab feasibility study saw it too). A down/up of the device makes zebra
 * read it again. This finds the devices to flap: VNIs of CONFIG_DB that zebra does not have up.
 */
import type { DesiredLink } from './shim-model.js';
import { splitJsonValues } from './leaks.js';

interface VniJson {
  readonly vni?: number;
  readonly type?: string;
  readonly state?: string;
  readonly vxlanIntf?: string;
  readonly sviIntf?: string;
  readonly vxlanInterface?: string;
}

/**
 * A JSON value as a list of entries: `ip -json` and vtysh print a list, or nothing when there
 * are none (or the command failed).
 */
function entriesOf(value: unknown): readonly unknown[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, a text entry has none of the fields the callers read, so it counts as no entry
  return Array.isArray(value) ? value : [];
}

export interface StuckVni {
  readonly vni: number;
  readonly netns: string;
  readonly device: string;
  readonly reason: string;
}

/** `vxlans`: the vxlan devices CONFIG_DB asks for (and that exist, up); `detail`: `show evpn vni detail json`. */
export function stuckVnis(vxlans: readonly DesiredLink[], detail: string): StuckVni[] {
  const [list] = splitJsonValues(detail);
  const known = new Map<number, VniJson>();
  for (const entry of entriesOf(list) as VniJson[]) if (typeof entry.vni === 'number') known.set(entry.vni, entry);
  const out: StuckVni[] = [];
  // zebra tracks no VNI before advertise-all-vni is configured: nothing to judge yet
  if (known.size === 0) return out;
  for (const link of vxlans) {
    const vni = link.vxlan?.vni;
    if (vni === undefined || !link.up) continue;
    const entry = known.get(vni);
    if (entry === undefined) out.push({ vni, netns: link.netns, device: link.name, reason: 'zebra has no such VNI' });
    else if (entry.type === 'L3' && (entry.state !== 'Up' || entry.vxlanIntf === 'None' || entry.sviIntf === 'None')) {
      out.push({ vni, netns: link.netns, device: link.name, reason: `L3VNI ${entry.state ?? 'unknown'}, SVI ${entry.sviIntf ?? 'unknown'}` });
    }
  }
  return out;
}

interface RouteJson {
  readonly dst?: string;
  readonly gateway?: string;
  readonly dev?: string;
  readonly nexthops?: readonly { readonly gateway?: string; readonly dev?: string }[];
}

interface NeighJson {
  readonly dst?: string;
  readonly lladdr?: string;
  readonly extern_learn?: unknown;
}

/**
 * Remote VTEPs a VRF routes through (`via VTEP dev <L3VNI SVI> onlink`) that zebra has not given
 * a router-MAC neighbour: zebra 8.4 drops the router MACs of routes that arrived while the L3VNI
 * was not up yet, and does not add them back. Packets to those routes go nowhere; a hard reset of
 * the switch's EVPN sessions makes bgpd hand the routes to zebra again, with their router MACs.
 * `routes`: `ip -json route show` of the VRF's namespace; `neighbours`: `ip -json neigh show dev SVI`.
 */
export function vtepsWithoutRouterMac(routes: string, neighbours: string, svi: string): string[] {
  const [routeList] = splitJsonValues(routes);
  const [neighList] = splitJsonValues(neighbours);
  const known = new Set((entriesOf(neighList) as readonly NeighJson[]).filter((n) => n.lladdr !== undefined && 'extern_learn' in n).map((n) => n.dst));
  const vteps = new Set<string>();
  for (const route of entriesOf(routeList) as readonly RouteJson[]) {
    const hops = route.nexthops === undefined ? [route] : [route, ...route.nexthops];
    for (const hop of hops) {
      if (hop.dev === svi && hop.gateway !== undefined) vteps.add(hop.gateway);
    }
  }
  return [...vteps].filter((v) => !known.has(v)).sort();
}

/** VRFs zebra holds as `inactive` although the switch wants them: shared with the agent's netns backend. */
export { boundVrfs, inactiveVrfs } from '#frr-config';

interface FdbJson {
  readonly mac?: string;
  readonly ifname?: string;
  readonly flags?: readonly string[];
  readonly master?: string;
  readonly state?: string;
}

export interface MissedMac {
  readonly mac: string;
  readonly port: string;
  readonly bridge: string;
}

/**
 * MACs the kernel bridge of an L2VNI learnt on a local port that zebra does not have (`show evpn
 * mac vni all json`): zebra missed the learn, because it had not bound the VRF's namespace yet,
 * and never advertises the host. Deleting the entry makes the host's next frame learn it again,
 * and zebra hears of it. `fdb`: `bridge -json fdb show br BRIDGE`.
 */
export function macsZebraMissed(fdb: string, evpnMacs: string, bridge: string, vni: number): MissedMac[] {
  const [entries] = splitJsonValues(fdb);
  const [macs] = splitJsonValues(evpnMacs);
  const known = new Set(Object.keys((macs as Record<string, { macs?: Record<string, unknown> }> | undefined)?.[String(vni)]?.macs ?? {}).map((m) => m.toLowerCase()));
  const out: MissedMac[] = [];
  for (const entry of entriesOf(entries) as readonly FdbJson[]) {
    const flags = new Set(entry.flags);
    const learnt = entry.state === '' && entry.master === bridge && !flags.has('self') && !flags.has('extern_learn');
    if (!learnt || entry.mac === undefined || entry.ifname === undefined || known.has(entry.mac.toLowerCase())) continue;
    out.push({ mac: entry.mac, port: entry.ifname, bridge });
  }
  return out;
}
