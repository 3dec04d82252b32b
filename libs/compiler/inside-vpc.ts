/**
 * Rules inside one VPC, checked on their own: which subnets are isolated (no other subnet of
 * the VPC reaches them) or restricted (their hosts do not reach each other), the subnet groups
 * that are permitted anyway, and the VPC's static routes. Field names follow Hedgehog's VPC
 * (`isolated`, `restricted`, `defaultIsolated`, `defaultRestricted`, `permit`, `staticRoutes`).
 */
import {
  DIAGNOSTIC_CODES as C,
  compareText,
  error,
  formatIpv4,
  formatPrefix,
  isUsableHost,
  parseCidr,
  parseIpv4,
  prefixContains,
  prefixesOverlap,
  type Diagnostic,
  type Vpc,
} from '#domain';
import type { SubnetInfo } from './intents.js';

export interface StaticRouteInfo {
  /** canonical `a.b.c.d/len` */
  readonly prefix: string;
  /** next hops with the subnet each lies in, sorted by address */
  readonly nextHops: readonly { readonly address: string; readonly subnet: string }[];
}

export interface InsideVpc {
  /** subnet names, sorted */
  readonly isolated: readonly string[];
  readonly restricted: readonly string[];
  /** subnet pairs a permit group names, each `[x, y]` with x < y, sorted */
  readonly permitted: readonly (readonly [string, string])[];
  readonly staticRoutes: readonly StaticRouteInfo[];
}

export const NOTHING_INSIDE: InsideVpc = { isolated: [], restricted: [], permitted: [], staticRoutes: [] };

/** Whether `x` and `y` (two different subnets of the VPC) may reach each other. */
export function insideReach(inside: InsideVpc, x: string, y: string): boolean {
  if (!inside.isolated.includes(x) && !inside.isolated.includes(y)) return true;
  const [a, b] = compareText(x, y) <= 0 ? [x, y] : [y, x];
  return inside.permitted.some(([p, q]) => p === a && q === b);
}

export function checkInsideVpc(vpc: Vpc, key: string, subnets: readonly SubnetInfo[]): { inside: InsideVpc; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const path = (f: string): string => `VPC ${key} ${f}`;
  const names = new Set(subnets.map((s) => s.name));
  const flag = (name: string, field: 'isolated' | 'restricted'): boolean => {
    const own = vpc.spec.subnets[name]?.[field];
    return own ?? (field === 'isolated' ? vpc.spec.defaultIsolated : vpc.spec.defaultRestricted) ?? false;
  };
  const isolated = subnets.filter((s) => flag(s.name, 'isolated')).map((s) => s.name).sort(compareText);
  const restricted = subnets.filter((s) => flag(s.name, 'restricted')).map((s) => s.name).sort(compareText);
  const pairs = new Map<string, readonly [string, string]>();
  (vpc.spec.permit ?? []).forEach((group, i) => {
    const seen = new Set<string>();
    group.forEach((name, j) => {
      if (!(name in vpc.spec.subnets)) {
        diagnostics.push(error(C.UNKNOWN_SUBNET, path(`spec.permit[${i}][${j}]`), `VPC ${key} has no subnet ${JSON.stringify(name)}; it has: ${Object.keys(vpc.spec.subnets).sort(compareText).join(', ')}`));
      } else if (seen.has(name)) {
        diagnostics.push(error(C.INSIDE_PERMIT, path(`spec.permit[${i}][${j}]`), `names subnet ${name} twice; a group lists distinct subnets that reach each other`));
      }
      seen.add(name);
    });
    const members = [...seen].filter((name) => names.has(name)).sort(compareText);
    for (const [m, a] of members.entries()) for (const b of members.slice(m + 1)) pairs.set(`${a}|${b}`, [a, b]);
  });
  const staticRoutes: StaticRouteInfo[] = [];
  const prefixesSeen = new Map<string, number>();
  (vpc.spec.staticRoutes ?? []).forEach((route, i) => {
    const field = (f: string): string => path(`spec.staticRoutes[${i}].${f}`);
    const parsed = parseCidr(route.prefix);
    if (parsed === undefined || parsed.address !== parsed.prefix.network) {
      const hint = parsed === undefined ? undefined : `did you mean ${formatPrefix(parsed.prefix)}?`;
      diagnostics.push(error(C.BAD_CIDR, field('prefix'), `${JSON.stringify(route.prefix)} is not a network prefix such as 10.99.0.0/24`, hint));
      return;
    }
    const prefix = formatPrefix(parsed.prefix);
    let ok = true;
    const twin = prefixesSeen.get(prefix);
    if (twin !== undefined) {
      diagnostics.push(error(C.STATIC_ROUTE, field('prefix'), `${prefix} is already routed by spec.staticRoutes[${twin}]; list all its next hops there`));
      ok = false;
    }
    prefixesSeen.set(prefix, i);
    for (const s of subnets) {
      if (prefixesOverlap(s.prefix, parsed.prefix)) {
        diagnostics.push(error(C.STATIC_ROUTE, field('prefix'), `${prefix} overlaps subnet ${s.name} (${s.cidr}) of the VPC; a static route leads to addresses outside its subnets`));
        ok = false;
      }
    }
    const nextHops: { address: string; subnet: string }[] = [];
    route.nextHops.forEach((text, j) => {
      const address = parseIpv4(text);
      const subnet = address === undefined ? undefined : subnets.find((s) => prefixContains(s.prefix, address));
      if (address === undefined || subnet === undefined) {
        const known = subnets.map((s) => `${s.name} ${s.cidr}`).join(', ');
        diagnostics.push(error(C.STATIC_ROUTE, field(`nextHops[${j}]`), `${JSON.stringify(text)} is not an address in a subnet of the VPC (${known})`));
        ok = false;
      } else if (!isUsableHost(subnet.prefix, address) || formatIpv4(address) === subnet.gateway) {
        diagnostics.push(error(C.STATIC_ROUTE, field(`nextHops[${j}]`), `${text} is the network, broadcast or gateway address of subnet ${subnet.name}; the next hop is a host`));
        ok = false;
      } else if (!nextHops.some((n) => n.address === formatIpv4(address))) nextHops.push({ address: formatIpv4(address), subnet: subnet.name });
    });
    if (ok) staticRoutes.push({ prefix, nextHops: nextHops.sort((a, b) => (parseIpv4(a.address) ?? 0) - (parseIpv4(b.address) ?? 0)) });
  });
  staticRoutes.sort((a, b) => compareText(a.prefix, b.prefix));
  const permitted = [...pairs.values()].sort((m, n) => compareText(m[0], n[0]) || compareText(m[1], n[1]));
  return { inside: { isolated, restricted, permitted, staticRoutes }, diagnostics };
}
