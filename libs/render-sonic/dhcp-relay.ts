/**
 * DHCPV4_RELAY (sonic-dhcpv4-relay.yang), read by SONiC's dhcp4relay when DEVICE_METADATA
 * `has_sonic_dhcpv4_relay` is true. For Weft's own service the relay puts Loopback0 in giaddr (an
 * anycast gateway is the same address on every leaf, so a reply to it could land on another leaf)
 * and the SVI's subnet in the link-selection sub-option, adds the VRF name (sub-option 151) and
 * overrides the server id, so the reply comes back through this leaf. A relay to the tenant's own
 * servers is plain: they live in the VPC's VRF, where Loopback0 is not.
 */
import type { DeviceIntent, VlanIntent } from '#domain';
import type { ConfigDb, ConfigDbEntry, ConfigDbTable } from './config-db.js';
import { frozenEntry, memoByIdentity } from './memo.js';

export function hasDhcpRelay(device: DeviceIntent): boolean {
  return device.vlans.some((vlan) => vlan.svi?.dhcpRelay !== undefined);
}

const relayEntry = memoByIdentity((vlan: VlanIntent): ConfigDbEntry | undefined => {
  const relay = vlan.svi?.dhcpRelay;
  if (relay === undefined) return undefined;
  return frozenEntry({
    dhcpv4_servers: [...relay.servers],
    ...(relay.weft ? { source_interface: 'Loopback0', link_selection: 'enable', server_id_override: 'enable', vrf_selection: 'enable' } : {}),
  });
});

export function dhcpRelayTables(device: DeviceIntent): ConfigDb {
  const table: ConfigDbTable = {};
  for (const vlan of device.vlans) {
    const entry = relayEntry(vlan);
    if (entry !== undefined) table[vlan.name] = entry;
  }
  return { DHCPV4_RELAY: table };
}
