/**
 * From the devices an FRR node needs (node-devices.ts) and what its kernel has, the ordered steps
 * that make them so, as commands an adapter runs. Two layouts:
 * - linux: VRF devices (`ip link add VrfN type vrf table T`), as on a real FRR box;
 * - netns: FRR's netns VRF backend (`zebra -n`) for kernels without VRF devices: a VRF is a network
 *   namespace `<prefix><VRF>`, exposed to zebra under the VRF's name; the VXLAN device is created
 *   in the node's namespace (its UDP socket stays in the underlay) and moved into the VRF's.
 * Removals (what `previous` had and `desired` no longer has) come first, then creates, VRF before
 * bridge before VXLAN before the ports bound to them.
 */
import type { NodeDevices, NodeVni } from './node-devices.js';

export type NodeCommand =
  | { readonly run: 'ip'; readonly netns?: string; readonly args: readonly string[] }
  | { readonly run: 'netns-add'; readonly name: string }
  | { readonly run: 'netns-delete'; readonly name: string }
  | { readonly run: 'forwarding'; readonly netns: string }
  /** make namespace `netns` visible to zebra as VRF `vrf` */
  | { readonly run: 'expose'; readonly netns: string; readonly vrf: string }
  | { readonly run: 'unexpose'; readonly vrf: string };

export interface DeviceStep {
  readonly op: 'set' | 'modify' | 'delete';
  /** `vrf Vrf1`, `bridge br10000`, `vxlan vxlan10000`, `interface eth3` */
  readonly key: string;
  readonly detail: string;
  readonly commands: readonly NodeCommand[];
}

export interface DevicePlan {
  readonly steps: readonly DeviceStep[];
  /** what no command can fix: a port the config binds to a VRF does not exist */
  readonly problems: readonly string[];
}

export interface ObservedLink {
  readonly name: string;
  /** `vrf`, `bridge`, `vxlan`, `veth`, ... (none for a plain device) */
  readonly kind?: string;
  readonly master?: string;
  readonly up: boolean;
  readonly vni?: number;
  readonly local?: string;
  readonly table?: number;
}

export interface ObservedNode {
  /** links in the node's own namespace */
  readonly links: readonly ObservedLink[];
  /** netns layout: the VRF namespaces that exist, with their links */
  readonly namespaces?: Readonly<Record<string, readonly ObservedLink[]>>;
  /** netns layout: the VRF names zebra sees */
  readonly exposed?: readonly string[];
}

export interface NetnsLayout {
  /** the node's namespace; absent: where the agent runs */
  readonly node?: string;
  /** a VRF's namespace is `<prefix><VRF>` */
  readonly prefix: string;
}

const ip = (args: readonly string[], netns?: string): NodeCommand => (netns === undefined ? { run: 'ip', args } : { run: 'ip', netns, args });

function vxlanAdd(v: NodeVni, netns?: string): NodeCommand {
  return ip(['link', 'add', v.vxlan, 'type', 'vxlan', 'id', String(v.vni), 'local', v.local, 'dstport', '4789', 'nolearning'], netns);
}

function vxlanIntoBridge(v: NodeVni, netns?: string): NodeCommand[] {
  return [ip(['link', 'set', v.vxlan, 'master', v.bridge], netns), ip(['link', 'set', 'dev', v.vxlan, 'type', 'bridge_slave', 'learning', 'off'], netns), ip(['link', 'set', v.vxlan, 'up'], netns)];
}

function vxlanMatches(link: ObservedLink, v: NodeVni): boolean {
  return link.kind === 'vxlan' && link.vni === v.vni && link.local === v.local;
}

function find(links: readonly ObservedLink[] | undefined, name: string): ObservedLink | undefined {
  return links?.find((l) => l.name === name);
}

function removedVnis(desired: NodeDevices, previous?: NodeDevices): NodeVni[] {
  return (previous?.vnis ?? []).filter((v) => !desired.vnis.some((d) => d.vxlan === v.vxlan && d.vrf === v.vrf));
}

export function planLinuxDevices(desired: NodeDevices, observed: ObservedNode, previous?: NodeDevices): DevicePlan {
  const steps: DeviceStep[] = [];
  const problems: string[] = [];
  const link = (name: string): ObservedLink | undefined => find(observed.links, name);

  for (const m of previous?.members ?? []) {
    if (!desired.members.some((d) => d.interface === m.interface) && link(m.interface)?.master === m.vrf) {
      steps.push({ op: 'delete', key: `interface ${m.interface}`, detail: `out of ${m.vrf}`, commands: [ip(['link', 'set', m.interface, 'nomaster'])] });
    }
  }
  for (const v of removedVnis(desired, previous)) {
    if (link(v.vxlan) !== undefined) steps.push({ op: 'delete', key: `vxlan ${v.vxlan}`, detail: `VNI ${v.vni}`, commands: [ip(['link', 'del', v.vxlan])] });
    if (link(v.bridge) !== undefined) steps.push({ op: 'delete', key: `bridge ${v.bridge}`, detail: `VRF ${v.vrf}`, commands: [ip(['link', 'del', v.bridge])] });
  }
  for (const vrf of previous?.vrfs ?? []) {
    if (!desired.vrfs.some((d) => d.name === vrf.name) && link(vrf.name)?.kind === 'vrf') {
      steps.push({ op: 'delete', key: `vrf ${vrf.name}`, detail: `table ${vrf.table}`, commands: [ip(['link', 'del', vrf.name])] });
    }
  }

  for (const vrf of desired.vrfs) {
    const current = link(vrf.name);
    const add = [ip(['link', 'add', vrf.name, 'type', 'vrf', 'table', String(vrf.table)]), ip(['link', 'set', vrf.name, 'up'])];
    if (current === undefined) steps.push({ op: 'set', key: `vrf ${vrf.name}`, detail: `table ${vrf.table}`, commands: add });
    else if (current.kind !== 'vrf' || current.table !== vrf.table) steps.push({ op: 'modify', key: `vrf ${vrf.name}`, detail: `table ${current.table ?? '(none)'} -> ${vrf.table}`, commands: [ip(['link', 'del', vrf.name]), ...add] });
    else if (!current.up) steps.push({ op: 'modify', key: `vrf ${vrf.name}`, detail: 'down -> up', commands: [ip(['link', 'set', vrf.name, 'up'])] });
  }
  for (const v of desired.vnis) {
    const bridge = link(v.bridge);
    if (bridge === undefined || bridge.kind !== 'bridge') {
      steps.push({
        op: bridge === undefined ? 'set' : 'modify',
        key: `bridge ${v.bridge}`,
        detail: `in ${v.vrf}`,
        commands: [...(bridge === undefined ? [] : [ip(['link', 'del', v.bridge])]), ip(['link', 'add', v.bridge, 'type', 'bridge']), ip(['link', 'set', v.bridge, 'master', v.vrf]), ip(['link', 'set', v.bridge, 'up'])],
      });
    } else if (bridge.master !== v.vrf || !bridge.up) {
      steps.push({ op: 'modify', key: `bridge ${v.bridge}`, detail: `master ${bridge.master ?? '(none)'} -> ${v.vrf}`, commands: [ip(['link', 'set', v.bridge, 'master', v.vrf]), ip(['link', 'set', v.bridge, 'up'])] });
    }
    const vxlan = link(v.vxlan);
    if (vxlan === undefined || !vxlanMatches(vxlan, v)) {
      steps.push({
        op: vxlan === undefined ? 'set' : 'modify',
        key: `vxlan ${v.vxlan}`,
        detail: `VNI ${v.vni} from ${v.local}`,
        commands: [...(vxlan === undefined ? [] : [ip(['link', 'del', v.vxlan])]), vxlanAdd(v), ...vxlanIntoBridge(v)],
      });
    } else if (vxlan.master !== v.bridge || !vxlan.up) {
      steps.push({ op: 'modify', key: `vxlan ${v.vxlan}`, detail: `master ${vxlan.master ?? '(none)'} -> ${v.bridge}`, commands: vxlanIntoBridge(v) });
    }
  }
  for (const m of desired.members) {
    const current = link(m.interface);
    if (current === undefined) problems.push(`interface ${m.interface} does not exist on this node (frr.conf puts it in vrf ${m.vrf})`);
    else if (current.master !== m.vrf) steps.push({ op: 'modify', key: `interface ${m.interface}`, detail: `master ${current.master ?? '(none)'} -> ${m.vrf}`, commands: [ip(['link', 'set', m.interface, 'master', m.vrf])] });
  }
  return { steps, problems };
}

export function planNetnsDevices(desired: NodeDevices, observed: ObservedNode, layout: NetnsLayout, previous?: NodeDevices): DevicePlan {
  const steps: DeviceStep[] = [];
  const problems: string[] = [];
  const nsOf = (vrf: string): string => `${layout.prefix}${vrf}`;
  const namespaces = observed.namespaces ?? {};
  const exposed = new Set(observed.exposed);
  const home = layout.node;
  // `ip link set X netns 1`: the namespace of PID 1, when the node is where the agent runs
  const homeTarget = home ?? '1';

  for (const m of previous?.members ?? []) {
    const ns = nsOf(m.vrf);
    if (!desired.members.some((d) => d.interface === m.interface && d.vrf === m.vrf) && find(namespaces[ns], m.interface) !== undefined) {
      steps.push({ op: 'delete', key: `interface ${m.interface}`, detail: `back from ${ns}`, commands: [ip(['link', 'set', m.interface, 'netns', homeTarget], ns)] });
    }
  }
  for (const v of removedVnis(desired, previous)) {
    const ns = nsOf(v.vrf);
    // removed even when their namespace goes too: zebra 8.4 asserts (if_delete_update) when a VRF
    // namespace disappears with its bridge and VXLAN still in it
    if (find(namespaces[ns], v.vxlan) !== undefined) steps.push({ op: 'delete', key: `vxlan ${v.vxlan}`, detail: `VNI ${v.vni}`, commands: [ip(['link', 'del', v.vxlan], ns)] });
    if (find(namespaces[ns], v.bridge) !== undefined) steps.push({ op: 'delete', key: `bridge ${v.bridge}`, detail: `in ${ns}`, commands: [ip(['link', 'del', v.bridge], ns)] });
  }
  for (const vrf of previous?.vrfs ?? []) {
    const ns = nsOf(vrf.name);
    if (desired.vrfs.some((d) => d.name === vrf.name) || !(ns in namespaces || exposed.has(vrf.name))) continue;
    // zebra 8.4 aborts (if_delete_update: route_unlock_node assertion) when a VRF namespace it
    // has used goes away: the namespace stays, emptied of Weft's devices, unknown to frr.conf
    steps.push({ op: 'delete', key: `vrf ${vrf.name}`, detail: `emptied; namespace ${ns} left in place for zebra`, commands: [] });
  }

  for (const vrf of desired.vrfs) {
    const ns = nsOf(vrf.name);
    const commands: NodeCommand[] = [];
    if (!(ns in namespaces)) commands.push({ run: 'netns-add', name: ns }, ip(['link', 'set', 'lo', 'up'], ns), { run: 'forwarding', netns: ns });
    if (!exposed.has(vrf.name) || !(ns in namespaces)) commands.push({ run: 'expose', netns: ns, vrf: vrf.name });
    if (commands.length > 0) steps.push({ op: ns in namespaces ? 'modify' : 'set', key: `vrf ${vrf.name}`, detail: `namespace ${ns}`, commands });
  }
  for (const v of desired.vnis) {
    const ns = nsOf(v.vrf);
    const links = namespaces[ns];
    const bridge = find(links, v.bridge);
    if (bridge?.kind !== 'bridge') {
      steps.push({ op: bridge === undefined ? 'set' : 'modify', key: `bridge ${v.bridge}`, detail: `in ${ns}`, commands: [...(bridge === undefined ? [] : [ip(['link', 'del', v.bridge], ns)]), ip(['link', 'add', v.bridge, 'type', 'bridge'], ns), ip(['link', 'set', v.bridge, 'up'], ns)] });
    } else if (!bridge.up) {
      steps.push({ op: 'modify', key: `bridge ${v.bridge}`, detail: 'down -> up', commands: [ip(['link', 'set', v.bridge, 'up'], ns)] });
    }
    const vxlan = find(links, v.vxlan);
    if (vxlan === undefined || !vxlanMatches(vxlan, v)) {
      const stray = find(observed.links, v.vxlan);
      steps.push({
        op: vxlan === undefined ? 'set' : 'modify',
        key: `vxlan ${v.vxlan}`,
        detail: `VNI ${v.vni} from ${v.local}, moved into ${ns}`,
        commands: [
          ...(vxlan === undefined ? [] : [ip(['link', 'del', v.vxlan], ns)]),
          ...(stray === undefined ? [] : [ip(['link', 'del', v.vxlan], home)]),
          vxlanAdd(v, home),
          ip(['link', 'set', v.vxlan, 'netns', ns], home),
          ...vxlanIntoBridge(v, ns),
        ],
      });
    } else if (vxlan.master !== v.bridge || !vxlan.up) {
      steps.push({ op: 'modify', key: `vxlan ${v.vxlan}`, detail: `master ${vxlan.master ?? '(none)'} -> ${v.bridge}`, commands: vxlanIntoBridge(v, ns) });
    }
  }
  for (const m of desired.members) {
    const ns = nsOf(m.vrf);
    const inside = find(namespaces[ns], m.interface);
    if (inside !== undefined) {
      if (!inside.up) steps.push({ op: 'modify', key: `interface ${m.interface}`, detail: 'down -> up', commands: [ip(['link', 'set', m.interface, 'up'], ns)] });
      continue;
    }
    if (find(observed.links, m.interface) === undefined) {
      problems.push(`interface ${m.interface} does not exist on this node (frr.conf puts it in vrf ${m.vrf})`);
      continue;
    }
    steps.push({ op: 'modify', key: `interface ${m.interface}`, detail: `into ${ns}`, commands: [ip(['link', 'set', m.interface, 'netns', ns], home), ip(['link', 'set', m.interface, 'up'], ns)] });
  }
  return { steps, problems };
}
