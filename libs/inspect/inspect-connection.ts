/**
 * `weft inspect connection/NAME` and `server/NAME`: the switch ports of a server's connections
 * and their state, the VPC subnets attached there with the state of their VNIs, and the MACs
 * learnt on those ports with every switch that sees them.
 */
import type { DeviceIntent } from '#domain';
import { indexFabric, type ConnectionPorts, type FabricIndex, type InspectInput } from './fabric-index.js';
import { vniState } from './observed.js';
import type { AttachmentView, ConnectionInspection, ServerInspection } from './types.js';

/** Which VPCs a reader may see (a tenant: its own); all when absent. */
export type VpcFilter = (vpc: string) => boolean;

function split(ref: string): [string, string] {
  const slash = ref.indexOf('/');
  return [ref.slice(0, slash), ref.slice(slash + 1)];
}

function attachmentsOn(index: FabricIndex, device: DeviceIntent, interfaces: ReadonlySet<string | undefined>, visible: VpcFilter): AttachmentView[] {
  const status = index.input.agents.get(device.name)?.status;
  const out: AttachmentView[] = [];
  for (const vlan of device.vlans) {
    const member = vlan.members.find((m) => interfaces.has(m.interface));
    if (member === undefined || !visible(vlan.owner.vpc)) continue;
    out.push({
      vpc: vlan.owner.vpc,
      // Stryker disable next-line StringLiteral: equivalent, only an L3VNI's transit VLAN has no subnet, and it has no members
      subnet: vlan.owner.subnet ?? '',
      switch: device.name,
      interface: member.interface,
      vlan: vlan.id,
      ...(vlan.vni === undefined ? {} : { vni: vlan.vni, vniState: vniState(status, vlan.vni) }),
    });
  }
  return out;
}

function inspectOne(index: FabricIndex, connection: ConnectionPorts, visible: VpcFilter): ConnectionInspection {
  const links: ConnectionInspection['links'][number][] = [];
  const attachments: AttachmentView[] = [];
  const local: ConnectionInspection['macs'][number][] = [];
  const problems: string[] = [];
  const bySwitch = new Map<string, string[]>();
  for (const ref of connection.ports) {
    const [sw, port] = split(ref);
    const ports = bySwitch.get(sw);
    if (ports === undefined) bySwitch.set(sw, [port]);
    else ports.push(port);
  }
  for (const [sw, ports] of bySwitch) {
    const device = index.input.devices.get(sw);
    if (device === undefined) continue;
    const status = index.input.agents.get(sw)?.status;
    // Stryker disable next-line ArrayDeclaration: equivalent, whatever the fallback holds is keyed by no port name
    const reported = new Map((status?.ports ?? []).map((p) => [p.name, p]));
    const intents = device.ports.filter((p) => ports.includes(p.name));
    for (const p of intents) {
      const oper = reported.get(p.name)?.oper ?? 'unknown';
      links.push({ switch: sw, name: p.name, kind: p.kind, ...(p.peer === undefined ? {} : { peer: p.peer }), ...(p.portChannel === undefined ? {} : { portChannel: p.portChannel }), admin: reported.get(p.name)?.admin ?? 'unknown', oper });
      if (oper !== 'up' && oper !== 'unknown') problems.push(`${sw}: port ${p.name} is ${oper}`);
    }
    // the ports and their PortChannels (undefined for a port in none: it names no VLAN member and no MAC's port)
    const interfaces = new Set([...ports, ...intents.map((p) => p.portChannel)]);
    const here = attachmentsOn(index, device, interfaces, visible);
    attachments.push(...here);
    for (const a of here) if (a.vniState !== undefined && a.vniState !== 'Up' && a.vniState !== 'Unknown') problems.push(`${sw}: VNI ${String(a.vni)} of ${a.vpc}/${a.subnet} is ${a.vniState}`);
    // a VLAN-only attachment's entry is under undefined, which no reported MAC's VNI is
    const vnis = new Map(here.map((a) => [a.vni, `${a.vpc}/${a.subnet}`]));
    // Stryker disable next-line ArrayDeclaration: equivalent, whatever the fallback holds is not a local MAC and is skipped
    for (const m of status?.evpnMacs ?? []) {
      const subnet = vnis.get(m.vni);
      if (m.type !== 'local' || m.interface === undefined || !interfaces.has(m.interface) || subnet === undefined) continue;
      const seenOn = [...index.input.agents].filter(([other, r]) => other !== sw && r.status?.evpnMacs?.some((o) => o.mac === m.mac && o.vni === m.vni) === true).map(([other]) => other).sort();
      local.push({ switch: sw, mac: m.mac, vni: m.vni, subnet, type: m.type, port: m.interface, connection: connection.name, ...(connection.server === undefined ? {} : { server: connection.server }), seenOn });
    }
  }
  return { kind: 'connection', connection: connection.name, ...(connection.server === undefined ? {} : { server: connection.server }), links, attachments, macs: local, problems };
}

export function inspectConnection(input: InspectInput, name: string, visible: VpcFilter = () => true): ConnectionInspection | undefined {
  const connection = input.connections.find((c) => c.name === name);
  return connection === undefined ? undefined : inspectOne(indexFabric(input), connection, visible);
}

export function inspectServer(input: InspectInput, server: string, visible: VpcFilter = () => true): ServerInspection {
  const index = indexFabric(input);
  const connections = input.connections.filter((c) => c.server === server).map((c) => inspectOne(index, c, visible));
  return { kind: 'server', server, connections, problems: connections.flatMap((c) => c.problems) };
}
