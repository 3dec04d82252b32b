/**
 * CONFIG_DB -> the Linux devices that stand in for what SONiC's managers (vlanmgrd, vxlanmgrd,
 * vrfmgrd, intfmgrd, teammgrd, aclorch) would create, on a kernel without VRF devices, 802.1Q,
 * VLAN-aware bridges or bonds (docs/lab.md has the table):
 *
 * - `VRF|VrfN`: a network namespace per switch and VRF (zebra's netns VRF backend);
 * - `VLAN|VlanV`: a Linux bridge `VlanV`, inside its VRF's namespace when it has an SVI there;
 * - `VLAN_INTERFACE`: the bridge's addresses and MAC (the anycast gateway's, or the router MAC);
 * - `VXLAN_TUNNEL_MAP`: a vxlan device `<tunnel>-<vlanid>` (vxlanmgrd's name), port of the bridge;
 * - `VLAN_MEMBER` untagged: the port itself, moved into the bridge's namespace; tagged: a veth
 *   pair of its own for that VLAN (`Ethernet60.1000`), one end at each side of the link;
 * - `PORTCHANNEL`: one member at a time carries it (the first one with carrier);
 * - `ACL_TABLE`/`ACL_RULE` (L3, ingress): nftables rules on the bound ports;
 * - `LOOPBACK_INTERFACE`, `INTERFACE`: addresses on `lo` and on routed ports.
 */
import { compareNatural, parseCidr } from '#domain';
import type { LabEnd } from './plan.js';
import { subLinkName, vrfNetns } from './names.js';
import { aclRuleset, type AclTable } from './shim-acl.js';
import { ConfigDbView, intField, listField, type RedisHash } from './shim-config-db.js';
import type { DesiredLink, DesiredState, DesiredVrf, SubLinkPair } from './shim-model.js';

export interface ShimSwitch {
  readonly name: string;
  /** the lab's namespace prefix */
  readonly prefix: string;
  /** the switch's own (underlay) namespace */
  readonly netns: string;
  /** every wired port, with the node and port at its other end */
  readonly ports: ReadonlyMap<string, LabEnd>;
}

/** SONiC: `Vrf[a-zA-Z0-9_-]+`, at most 15 characters. */
const VRF_NAME = /^Vrf[a-zA-Z0-9_-]{1,12}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

interface PortPlacement {
  netns: string;
  master?: string;
  up: boolean;
  mtu: number | undefined;
  addresses: string[];
}

interface Builder {
  readonly sw: ShimSwitch;
  readonly db: ConfigDbView;
  readonly problems: string[];
  readonly vrfs: Map<string, DesiredVrf>;
  readonly ports: Map<string, PortPlacement>;
  readonly links: DesiredLink[];
  readonly subLinks: SubLinkPair[];
  /** PortChannel -> its members, active one first */
  readonly lags: Map<string, string[]>;
}

function isUp(fields: RedisHash | undefined): boolean {
  return fields?.admin_status === 'up';
}

function cidrOrProblem(b: Builder, text: string, where: string): string | undefined {
  const parsed = parseCidr(text);
  if (parsed === undefined) {
    b.problems.push(`${where}: ${JSON.stringify(text)} is not an IPv4 address with a prefix length (IPv6 is not emulated)`);
    return undefined;
  }
  return text;
}

function vrfs(b: Builder): void {
  for (const { keys } of b.db.entries('VRF', 1)) {
    const [vrf] = keys;
    if (!VRF_NAME.test(vrf)) {
      b.problems.push(`VRF|${vrf}: not a SONiC VRF name (Vrf followed by letters, digits, _ or -, 15 characters at most)`);
      continue;
    }
    b.vrfs.set(vrf, { vrf, netns: vrfNetns(b.sw.prefix, b.sw.name, vrf) });
  }
}

/** The namespace of an interface bound to `vrf_name` (the switch's own without one). */
function vrfNamespace(b: Builder, fields: RedisHash | undefined, where: string): string | undefined {
  const vrf = fields?.vrf_name;
  if (vrf === undefined || vrf === '' || vrf === 'default') return b.sw.netns;
  const found = b.vrfs.get(vrf);
  if (found === undefined) b.problems.push(`${where}: vrf_name ${vrf} has no VRF entry (waiting for it, as intfmgrd would)`);
  return found?.netns;
}

function ports(b: Builder): void {
  for (const [name] of b.sw.ports) {
    const fields = b.db.get('PORT', name);
    b.ports.set(name, {
      netns: b.sw.netns,
      up: isUp(fields),
      mtu: intField(fields, 'mtu', 68, 9216),
      addresses: [],
    });
  }
  for (const { keys } of b.db.entries('PORT', 1)) {
    if (!b.sw.ports.has(keys[0])) b.problems.push(`PORT|${keys[0]}: the lab's wiring has no such port on ${b.sw.name}`);
  }
}

/** LAGs: the first member (in port order) whose link has carrier carries the PortChannel. */
function portChannels(b: Builder, carrier: ReadonlySet<string>): void {
  for (const { keys } of b.db.entries('PORTCHANNEL', 1)) {
    const [name] = keys;
    const members = b.db
      .entries('PORTCHANNEL_MEMBER', 2)
      .filter((e) => e.keys[0] === name && b.ports.has(e.keys[1]))
      .map((e) => e.keys[1])
      .sort(compareNatural);
    const active = members.find((m) => carrier.has(m)) ?? members[0];
    b.lags.set(name, active === undefined ? [] : [active, ...members.filter((m) => m !== active)]);
    const fields = b.db.get('PORTCHANNEL', name);
    for (const member of members) {
      const port = b.ports.get(member);
      // Stryker disable next-line ConditionalExpression: equivalent, members are filtered to the ports in b.ports above
      if (port === undefined) continue;
      port.up = port.up && isUp(fields);
      const mtu = intField(fields, 'mtu', 68, 9216);
      if (mtu !== undefined) port.mtu = mtu;
    }
  }
}

/** `Ethernet4` itself, or the active member of `PortChannel1`. */
function memberPort(b: Builder, name: string): string | undefined {
  if (b.ports.has(name)) return name;
  return b.lags.get(name)?.[0];
}

function routedPorts(b: Builder): void {
  for (const { keys, fields } of b.db.entries('INTERFACE', 1)) {
    const port = b.ports.get(keys[0]);
    if (port === undefined) continue;
    const netns = vrfNamespace(b, fields, `INTERFACE|${keys[0]}`);
    if (netns !== undefined) port.netns = netns;
  }
  for (const { keys } of b.db.entries('INTERFACE', 2)) {
    const port = b.ports.get(keys[0]);
    const address = cidrOrProblem(b, keys[1], `INTERFACE|${keys.join('|')}`);
    if (port !== undefined && address !== undefined) port.addresses.push(address);
  }
}

/** A MAC in lower case, or undefined when the text (or its absence) is none. */
function macOf(text: string | undefined): string | undefined {
  const mac = String(text).toLowerCase();
  return MAC.test(mac) ? mac : undefined;
}

/** The SVI's own MAC, else the anycast gateway's when the SVI asks for it, else the system's. */
function bridgeMac(b: Builder, sviFields: RedisHash | undefined): string | undefined {
  if (sviFields === undefined) return undefined;
  const anycast = sviFields.static_anycast_gateway === 'true' ? macOf(b.db.get('SAG', 'GLOBAL')?.gateway_mac) : undefined;
  return macOf(sviFields.mac_addr) ?? anycast ?? macOf(b.db.get('DEVICE_METADATA', 'localhost')?.mac);
}

function vlans(b: Builder): void {
  const tunnels = new Map(b.db.entries('VXLAN_TUNNEL', 1).map((e) => [e.keys[0], e.fields.src_ip]));
  for (const { keys, fields } of b.db.entries('VLAN', 1)) {
    const [name] = keys;
    const id = intField(fields, 'vlanid', 1, 4094);
    if (id === undefined || name !== `Vlan${id}`) {
      b.problems.push(`VLAN|${name}: vlanid must be the number in the name, 1..4094`);
      continue;
    }
    const svi = b.db.get('VLAN_INTERFACE', name);
    const netns = vrfNamespace(b, svi, `VLAN_INTERFACE|${name}`);
    if (netns === undefined) continue;
    const mtu = intField(fields, 'mtu', 68, 9216) ?? 9100;
    const up = fields.admin_status === undefined || isUp(fields);
    const addresses = b.db
      .entries('VLAN_INTERFACE', 2)
      .filter((e) => e.keys[0] === name)
      .map((e) => cidrOrProblem(b, e.keys[1], `VLAN_INTERFACE|${e.keys.join('|')}`))
      .filter((a) => a !== undefined);
    const mac = bridgeMac(b, svi);
    b.links.push({ name, netns, kind: 'bridge', up, mtu, addresses, ...(mac === undefined ? {} : { mac }) });
    for (const member of b.db.entries('VLAN_MEMBER', 2).filter((e) => e.keys[0] === name)) {
      members(b, name, id, netns, mtu, member.keys[1], member.fields.tagging_mode);
    }
    for (const map of b.db.entries('VXLAN_TUNNEL_MAP', 2)) {
      if (map.fields.vlan !== name) continue;
      const [tunnel] = map.keys;
      const local = tunnels.get(tunnel);
      const vni = intField(map.fields, 'vni', 1, 16777215);
      if (local === undefined || vni === undefined) {
        b.problems.push(`VXLAN_TUNNEL_MAP|${map.keys.join('|')}: waiting for VXLAN_TUNNEL|${tunnel} with src_ip and a vni 1..16777215 (as vxlanmgrd would)`);
        continue;
      }
      const device = `${tunnel}-${id}`;
      if (device.length > 15) {
        b.problems.push(`VXLAN_TUNNEL_MAP|${map.keys.join('|')}: the device name ${device} is over 15 characters (vxlanmgrd would fail to create it too)`);
        continue;
      }
      b.links.push({ name: device, netns, kind: 'vxlan', up, mtu, master: name, addresses: [], vxlan: { vni, local } });
    }
  }
}

function members(b: Builder, vlan: string, id: number, netns: string, mtu: number, member: string, mode: string | undefined): void {
  const where = `VLAN_MEMBER|${vlan}|${member}`;
  const portName = memberPort(b, member);
  if (portName === undefined) {
    b.problems.push(`${where}: no such port or PortChannel (with a member) on ${b.sw.name}`);
    return;
  }
  if (mode === 'untagged') {
    for (const name of b.lags.get(member) ?? [portName]) {
      const port = b.ports.get(name);
      // Stryker disable next-line ConditionalExpression: equivalent, a LAG's members and memberPort's result are all ports in b.ports
      if (port === undefined) continue;
      port.netns = netns;
      // only the active member of a LAG forwards; the others wait outside the bridge
      if (name === portName) port.master = vlan;
    }
    return;
  }
  if (mode !== 'tagged') {
    b.problems.push(`${where}: tagging_mode ${mode ?? '(none)'} is not emulated (untagged or tagged)`);
    return;
  }
  const far = b.sw.ports.get(portName);
  // Stryker disable next-line ConditionalExpression: equivalent, b.ports holds only the wiring's ports (b.sw.ports), so the far end is always known
  if (far === undefined) return;
  const name = subLinkName(portName, id);
  b.subLinks.push({ a: { node: b.sw.name, netns, name }, b: { node: far.node, netns: far.netns, name: subLinkName(far.port, id) }, mtu });
  // Stryker disable next-line BooleanLiteral,OptionalChaining: equivalent, memberPort names only ports in b.ports, so neither the ?. nor the false fallback is ever taken
  const up = b.ports.get(portName)?.up ?? false;
  b.links.push({ name, netns, kind: 'sublink', up, mtu, master: vlan, addresses: [] });
}

function loopback(b: Builder): string[] {
  return b.db
    .entries('LOOPBACK_INTERFACE', 2)
    .map((e) => cidrOrProblem(b, e.keys[1], `LOOPBACK_INTERFACE|${e.keys.join('|')}`))
    .filter((a) => a !== undefined);
}

function aclTables(b: Builder): Map<string, string> {
  const byNetns = new Map<string, AclTable[]>();
  for (const { keys, fields } of b.db.entries('ACL_TABLE', 1)) {
    const [name] = keys;
    if (fields.type?.toUpperCase() !== 'L3' || (fields.stage ?? 'ingress').toLowerCase() !== 'ingress') continue;
    const rules = b.db
      .entries('ACL_RULE', 2)
      .filter((e) => e.keys[0] === name)
      .map((e) => ({ name: e.keys[1], fields: e.fields }));
    const bound = new Map<string, string[]>();
    for (const bind of listField(fields, 'ports')) {
      const physical = b.lags.get(bind) ?? (b.ports.has(bind) ? [bind] : []);
      if (physical.length === 0) b.problems.push(`ACL_TABLE|${name}: bound to ${bind}, which is not a port or PortChannel here`);
      for (const port of physical) {
        // Stryker disable next-line OptionalChaining: equivalent, a LAG's members and the bound ports are all in b.ports
        const netns = b.ports.get(port)?.netns ?? b.sw.netns;
        bound.set(netns, [...(bound.get(netns) ?? []), port]);
      }
    }
    for (const [netns, boundPorts] of bound) {
      byNetns.set(netns, [...(byNetns.get(netns) ?? []), { name, ports: boundPorts.sort(compareNatural), rules }]);
    }
  }
  const out = new Map<string, string>();
  for (const [netns, tables] of byNetns) {
    const { ruleset, problems } = aclRuleset(tables);
    b.problems.push(...problems);
    out.set(netns, ruleset);
  }
  return out;
}

/** What the switch's CONFIG_DB asks of Linux; `carrier`: the ports whose link is up now. */
export function desiredState(sw: ShimSwitch, hashes: ReadonlyMap<string, RedisHash>, carrier: ReadonlySet<string>): DesiredState {
  const b: Builder = { sw, db: new ConfigDbView(hashes), problems: [], vrfs: new Map(), ports: new Map(), links: [], subLinks: [], lags: new Map() };
  vrfs(b);
  ports(b);
  portChannels(b, carrier);
  routedPorts(b);
  vlans(b);
  const acls = aclTables(b);
  for (const [name, port] of b.ports) {
    b.links.push({
      name,
      netns: port.netns,
      kind: 'port',
      up: port.up,
      ...(port.mtu === undefined ? {} : { mtu: port.mtu }),
      ...(port.master === undefined ? {} : { master: port.master }),
      addresses: port.addresses,
    });
  }
  const unconfigured = b.db.get('DEVICE_METADATA', 'localhost')?.bgp_asn === undefined && b.db.entries('VRF').length === 0;
  return { vrfs: [...b.vrfs.values()], links: b.links, loopback: loopback(b), acls, subLinks: b.subLinks, problems: b.problems, ...(unconfigured ? { unconfigured } : {}) };
}
