/**
 * What Weft's DHCP service serves, from the compiled VPCs: one scope per VRF (a VPC), with the
 * subnets that have `dhcp.enable` and the address the leaves relay that VRF to. Overlapping
 * CIDRs of different tenants land in different scopes, so in different server instances.
 */
import { checkSubnetDhcp, dhcpServerAddress, type SubnetDhcpInfo } from '#compiler';
import { firstHost, formatIpv4, keyOf, parseCidr, parseIpv4, type Ipv4Prefix, type Vpc } from '#domain';

export interface DhcpScopeSubnet {
  readonly name: string;
  readonly cidr: string;
  readonly gateway: string;
  readonly dhcp: SubnetDhcpInfo;
}

export interface DhcpScope {
  /** `namespace/name` */
  readonly vpc: string;
  readonly tenant: string;
  /** `VrfN`, from the VPC's status (the compile's allocation) */
  readonly vrf: string;
  /** where the leaves relay this VRF's requests to; the instance listens there */
  readonly address: string;
  readonly subnets: readonly DhcpScopeSubnet[];
}

/** VPCs not compiled yet (no `status.vrf`) or with an invalid subnet are left out: the compiler reports those. */
export function dhcpScopes(vpcs: readonly Vpc[], servers: Ipv4Prefix): DhcpScope[] {
  const scopes: DhcpScope[] = [];
  for (const vpc of vpcs) {
    const vrf = vpc.status?.vrf;
    const number = vrf === undefined ? undefined : /^Vrf([0-9]+)$/.exec(vrf)?.[1];
    const address = number === undefined ? undefined : dhcpServerAddress(servers, Number(number));
    if (vrf === undefined || address === undefined) continue;
    const subnets: DhcpScopeSubnet[] = [];
    for (const name of Object.keys(vpc.spec.subnets).sort()) {
      const subnet = vpc.spec.subnets[name];
      const parsed = subnet === undefined ? undefined : parseCidr(subnet.cidr);
      if (subnet?.dhcp?.enable !== true || parsed === undefined) continue;
      const gatewayText = subnet.gateway ?? formatIpv4(firstHost(parsed.prefix));
      const gateway = parseIpv4(gatewayText);
      if (gateway === undefined) continue;
      const cidr = `${formatIpv4(parsed.prefix.network)}/${parsed.prefix.length}`;
      const checked = checkSubnetDhcp(subnet.dhcp, parsed.prefix, cidr, gateway, gatewayText, (f) => f, servers);
      if (checked.info === undefined) continue;
      subnets.push({ name, cidr, gateway: gatewayText, dhcp: checked.info });
    }
    if (subnets.length > 0) scopes.push({ vpc: keyOf(vpc), tenant: vpc.spec.tenant, vrf, address, subnets });
  }
  return scopes.sort((a, b) => (parseIpv4(a.address) ?? 0) - (parseIpv4(b.address) ?? 0));
}
