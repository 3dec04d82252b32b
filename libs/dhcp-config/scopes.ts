/**
 * What Weft's DHCP service serves, from the compiled VPCs: one scope per VRF (a VPC), with the
 * subnets that have `dhcp.enable` and the address the leaves relay that VRF to. Overlapping
 * CIDRs of different tenants land in different scopes, so in different server instances.
 */
import { checkSubnetDhcp, dhcpServerAddress, type SubnetDhcpInfo } from '#compiler';
import { compareNatural, compareText, firstHost, formatIpv4, keyOf, parseCidr, parseIpv4, type Ipv4Prefix, type Vpc } from '#domain';

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
    // a VPC not placed yet (no VRF: "undefined") or with a VRF not named VrfN is not served
    const match = /^Vrf([0-9]+)$/.exec(String(vpc.status?.vrf));
    if (match === null) continue;
    const [vrf, number] = match;
    const address = dhcpServerAddress(servers, Number(number));
    if (address === undefined) continue;
    const subnets: DhcpScopeSubnet[] = [];
    for (const [name, subnet] of Object.entries(vpc.spec.subnets).sort(([a], [b]) => compareText(a, b))) {
      const parsed = parseCidr(subnet.cidr);
      if (subnet.dhcp?.enable !== true || parsed === undefined) continue;
      const gatewayText = subnet.gateway ?? formatIpv4(firstHost(parsed.prefix));
      const gateway = parseIpv4(gatewayText);
      if (gateway === undefined) continue;
      const cidr = `${formatIpv4(parsed.prefix.network)}/${parsed.prefix.length}`;
      // Stryker disable next-line ArrowFunction: equivalent, only the diagnostics name fields, and they are left to the compiler
      const checked = checkSubnetDhcp(subnet.dhcp, parsed.prefix, cidr, gateway, gatewayText, (f) => f, servers);
      if (checked.info === undefined) continue;
      subnets.push({ name, cidr, gateway: gatewayText, dhcp: checked.info });
    }
    if (subnets.length > 0) scopes.push({ vpc: keyOf(vpc), tenant: vpc.spec.tenant, vrf, address, subnets });
  }
  // by address: the Nth address of the service prefix serves VrfN
  return scopes.sort((a, b) => compareNatural(a.vrf, b.vrf));
}
