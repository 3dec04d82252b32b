/**
 * DHCPV4_RELAY in the lab (pure): what SONiC's dhcp4relay would run for a switch's CONFIG_DB. Per
 * VRF namespace one relay for the VLANs whose SVIs relay to Weft's DHCP service (link selection,
 * giaddr from Loopback0, ADR 106): it listens on those bridges and reaches the service over a leg
 * (`dhcp0`, holding the switch's Loopback0 address) into the VRF's service namespace, where Kea
 * answers on the VRF's service address. A relay to the tenant's own servers (no link selection)
 * would need the VRF's routes to them; the lab reports it as a problem and does not run it.
 */
import { compareText } from '#domain';
import { ConfigDbView, listField, type RedisHash } from './shim-config-db.js';
import type { DesiredState } from './shim-model.js';
import { DHCP_RELAY_LEG, dhcpServiceNetns } from './names.js';

export interface DhcpRelay {
  /** the VRF namespace the relay runs in */
  readonly netns: string;
  readonly vrf: string;
  /** the SVI bridges it listens on */
  readonly vlans: readonly string[];
  /** the service addresses it relays to */
  readonly servers: readonly string[];
  /** giaddr: the switch's Loopback0 address, on the leg */
  readonly giaddr: string;
  /** the service namespace of the VRF, where the leg's far end joins the service bridge */
  readonly serviceNetns: string;
  readonly leg: string;
}

export interface DhcpRelayPlan {
  readonly relays: readonly DhcpRelay[];
  readonly problems: readonly string[];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function planDhcpRelays(prefix: string, hashes: ReadonlyMap<string, RedisHash>, desired: DesiredState): DhcpRelayPlan {
  const db = new ConfigDbView(hashes);
  const problems: string[] = [];
  // desired.loopback holds `ip/len` only (desiredState checks each)
  const loopback = desired.loopback.map((a) => a.slice(0, a.indexOf('/'))).find((a) => IPV4.test(a));
  const byNetns = new Map<string, { vrf: string; giaddr: string; vlans: string[]; servers: Set<string> }>();
  for (const { keys, fields } of db.entries('DHCPV4_RELAY', 1)) {
    const [vlan] = keys;
    const servers = listField(fields, 'dhcpv4_servers').filter((s) => IPV4.test(s));
    if (servers.length === 0) {
      problems.push(`DHCPV4_RELAY|${vlan}: no IPv4 dhcpv4_servers`);
      continue;
    }
    if (fields.link_selection !== 'enable' || fields.source_interface !== 'Loopback0') {
      problems.push(`DHCPV4_RELAY|${vlan}: a relay without link selection from Loopback0 (to the tenant's servers) is not run in the lab`);
      continue;
    }
    const vrf = db.get('VLAN_INTERFACE', vlan)?.vrf_name;
    const bridge = desired.links.find((l) => l.kind === 'bridge' && l.name === vlan);
    const netns = desired.vrfs.find((v) => v.vrf === vrf)?.netns;
    if (vrf === undefined || bridge === undefined || netns === undefined || bridge.netns !== netns) {
      problems.push(`DHCPV4_RELAY|${vlan}: its VLAN interface is in no VRF the lab made yet`);
      continue;
    }
    if (loopback === undefined) {
      problems.push(`DHCPV4_RELAY|${vlan}: the switch has no Loopback0 address for giaddr`);
      continue;
    }
    const entry = byNetns.get(netns) ?? { vrf, giaddr: loopback, vlans: [], servers: new Set<string>() };
    entry.vlans.push(vlan);
    for (const s of servers) entry.servers.add(s);
    byNetns.set(netns, entry);
  }
  const relays = [...byNetns].map(([netns, e]) => ({
    netns,
    vrf: e.vrf,
    vlans: [...e.vlans].sort(),
    servers: [...e.servers].sort(),
    giaddr: e.giaddr,
    serviceNetns: dhcpServiceNetns(prefix, e.vrf),
    leg: DHCP_RELAY_LEG,
  }));
  return { relays: relays.sort((a, b) => compareText(a.netns, b.netns)), problems };
}

/** The dhcrelay command line (ISC dhcrelay, Debian isc-dhcp-relay) for a relay, inside its namespace. */
export function dhcrelayArgs(relay: DhcpRelay): string[] {
  return ['-4', '-d', '--no-pid', ...relay.vlans.flatMap((v) => ['-id', v]), '-iu', relay.leg, '-U', relay.leg, ...relay.servers];
}
