/**
 * Kea (kea-dhcp4) configuration of one server instance: one VRF's subnets. Kea refuses two
 * subnets with the same prefix in one instance, which is why every VRF gets its own.
 * Requests arrive relayed: Kea picks the subnet from the link-selection sub-option (the leaf's
 * SVI address) and answers giaddr (the leaf's Loopback0).
 */
import { parseCidr } from '#domain';
import type { DhcpScope, DhcpScopeSubnet } from './scopes.js';

export interface KeaInstanceOptions {
  /** Kea's interface specs, e.g. `svc/100.127.0.3`: the instance listens on its scope's address only */
  readonly interfaces: readonly string[];
  readonly leaseFile: string;
  /** the lease file is rewritten (cleaned of old entries) this often, seconds; 0: never */
  readonly lfcInterval?: number;
}

/** Kea subnet ids: the network address, stable across restarts (leases keep their subnet). */
export function keaSubnetId(cidr: string): number {
  const parsed = parseCidr(cidr);
  return parsed === undefined || parsed.prefix.network === 0 ? 1 : parsed.prefix.network;
}

type KeaOption = { readonly name: string; readonly data: string };

function options(subnet: DhcpScopeSubnet): KeaOption[] {
  const d = subnet.dhcp;
  const list: KeaOption[] = [];
  if (d.defaultRoute) list.push({ name: 'routers', data: subnet.gateway });
  if (d.dnsServers.length > 0) list.push({ name: 'domain-name-servers', data: d.dnsServers.join(', ') });
  if (d.ntpServers.length > 0) list.push({ name: 'ntp-servers', data: d.ntpServers.join(', ') });
  if (d.mtu !== undefined) list.push({ name: 'interface-mtu', data: String(d.mtu) });
  if (d.pxeURL !== undefined) list.push({ name: 'boot-file-name', data: d.pxeURL });
  return list;
}

export function renderKeaConfig(scope: DhcpScope, instance: KeaInstanceOptions): Record<string, unknown> {
  return {
    Dhcp4: {
      // an interface without carrier yet (a bridge before its first port) is tried again every second, not given up at start
      'interfaces-config': { interfaces: [...instance.interfaces], 'dhcp-socket-type': 'udp', 'service-sockets-max-retries': 1_000_000, 'service-sockets-retry-wait-time': 1000 },
      'lease-database': { type: 'memfile', persist: true, name: instance.leaseFile, 'lfc-interval': instance.lfcInterval ?? 3600 },
      // a lease comes back to the same client, and reservations win over the pool
      'match-client-id': false,
      'host-reservation-identifiers': ['hw-address'],
      'user-context': { vpc: scope.vpc, tenant: scope.tenant, vrf: scope.vrf },
      subnet4: scope.subnets.map((subnet) => ({
        id: keaSubnetId(subnet.cidr),
        subnet: subnet.cidr,
        pools: [{ pool: `${subnet.dhcp.start} - ${subnet.dhcp.end}` }],
        'valid-lifetime': subnet.dhcp.leaseTime,
        'option-data': options(subnet),
        reservations: subnet.dhcp.static.map((s) => ({ 'hw-address': s.mac, 'ip-address': s.ip })),
        'user-context': { subnet: subnet.name },
      })),
      loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
    },
  };
}

export function keaConfigText(scope: DhcpScope, instance: KeaInstanceOptions): string {
  return `${JSON.stringify(renderKeaConfig(scope, instance), null, 2)}\n`;
}
