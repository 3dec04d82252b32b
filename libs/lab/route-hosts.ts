/**
 * Static routes in the lab: each VPC static route leads to a server, which holds the next hop
 * (beside its own address, when the lab numbered it differently) and, on its loopback, the
 * first host of the routed prefix. A ping to that address can only arrive through the route.
 */
import type { ResourceSet } from '#domain';
import { compareText, firstHost, formatIpv4, parseCidr, parseIpv4, prefixContains } from '#domain';
import type { ServerAddress } from './addresses.js';

export interface RouteHost {
  /** `namespace/name` of the VPC */
  readonly vpc: string;
  readonly subnet: string;
  readonly prefix: string;
  readonly nextHop: string;
  readonly server: string;
  /** the server's interface in the next hop's subnet, and that subnet's length */
  readonly device: string;
  readonly prefixLength: number;
  /** the address behind the route the probes go to, held on the server's loopback */
  readonly probe: string;
}

/** For every static route, its first next hop that lies in a subnet a server of the lab holds. */
export function planRouteHosts(set: ResourceSet, addresses: readonly ServerAddress[]): RouteHost[] {
  const hosts: RouteHost[] = [];
  for (const vpc of set.vpcs) {
    const key = `${vpc.metadata.namespace ?? 'default'}/${vpc.metadata.name}`;
    for (const route of vpc.spec.staticRoutes ?? []) {
      const prefix = parseCidr(route.prefix)?.prefix;
      if (prefix === undefined) continue;
      for (const nextHop of route.nextHops) {
        const address = parseIpv4(nextHop);
        // Stryker disable next-line ConditionalExpression: equivalent, prefixContains is false for an undefined address too; this only skips the search
        if (address === undefined) continue;
        const holder = [...addresses]
          .sort((a, b) => compareText(a.server, b.server))
          .find((a) => {
            const cidr = parseCidr(a.cidr)?.prefix;
            return a.vpc === key && cidr !== undefined && prefixContains(cidr, address);
          });
        if (holder === undefined) continue;
        hosts.push({
          vpc: key,
          subnet: holder.subnet,
          prefix: route.prefix,
          nextHop,
          server: holder.server,
          device: holder.device,
          prefixLength: holder.prefixLength,
          probe: formatIpv4(firstHost(prefix)),
        });
        break;
      }
    }
  }
  return hosts.sort((a, b) => compareText(a.vpc + a.prefix, b.vpc + b.prefix));
}
