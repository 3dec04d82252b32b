/**
 * Route leaking between VRFs in the lab. zebra's netns VRF backend accepts a leaked route (VPC
 * peering, Externals) into BGP and its RIB, but cannot install it: the next hop is an interface
 * of another namespace. The lab gives each pair of leaking VRFs a veth pair between their
 * namespaces (`lk-<other VRF>` at each end) and installs each leaked route on it (protocol 250, a
 * lower metric than zebra's own, misplaced, copy). The next hop is the far end's IPv6 link-local
 * address (an IPv4 route via an IPv6 next hop, as BGP unnumbered does): a VRF may have no IPv4
 * address of its own to ask ARP with (a border's), and link-local addresses need no plan.
 */
import { compareText } from '#domain';
import { LEAK_ROUTE_PROTOCOL, leakLinkName } from './names.js';

export interface LeakedRoute {
  /** the VRF the route is in */
  readonly vrf: string;
  readonly prefix: string;
  /** the VRF its next hop is in */
  readonly via: string;
}

interface NexthopJson {
  readonly vrf?: string;
  readonly active?: boolean;
}

interface RouteJson {
  readonly prefix?: string;
  readonly vrfName?: string;
  readonly selected?: boolean;
  readonly nexthops?: readonly NexthopJson[];
}

/** The top-level JSON values of a text that holds several (vtysh prints one per VRF). */
export function splitJsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  // where the value being read began: set whenever depth goes from 0 to 1
  let start = 0;
  let inString = false;
  let escaped = false;
  for (const [i, c] of text.split('').entries()) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      // Stryker disable next-line ConditionalExpression: equivalent, at any other depth the slice has an unclosed or a stray bracket and never parses; the check only saves the work
      if (depth === 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // a broken chunk is skipped
        }
      }
    }
  }
  return out;
}

interface RouteEntryJson extends RouteJson {
  readonly protocol?: string;
}

/**
 * IPv4 routes whose active next hops are all in one other VRF. Kernel entries do not count: the
 * lab's own leaked routes read back by zebra show as kernel routes (and take the selection from
 * the BGP entry they stand for, which stays in the RIB), as do zebra's own misplaced copies.
 */
export function leakedRoutes(showIpRouteVrfAllJson: string): LeakedRoute[] {
  const out = new Map<string, LeakedRoute>();
  // splitJsonValues gives objects and arrays only: an object is a VRF's routes by prefix
  for (const value of splitJsonValues(showIpRouteVrfAllJson)) {
    if (Array.isArray(value)) continue;
    for (const entries of Object.values(value as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      const candidates = (entries as RouteEntryJson[]).filter(
        (e): e is RouteEntryJson & { readonly prefix: string; readonly vrfName: string } => e.protocol !== 'kernel' && e.prefix !== undefined && e.vrfName !== undefined && e.vrfName !== 'default',
      );
      const entry = candidates.find((e) => e.selected === true) ?? candidates.find((e) => e.protocol === 'bgp');
      if (entry === undefined) continue;
      const vrfs = new Set(entry.nexthops?.filter((n) => n.active !== false).map((n) => n.vrf));
      const [via] = [...vrfs];
      if (vrfs.size !== 1 || via === undefined || via === entry.vrfName || via === 'default') continue;
      out.set(`${entry.vrfName}|${entry.prefix}`, { vrf: entry.vrfName, prefix: entry.prefix, via });
    }
  }
  return [...out.values()].sort((a, b) => compareText(a.vrf + a.prefix, b.vrf + b.prefix));
}

/** A destination as `ip -json route` prints it (`default`, `10.0.0.1`), as a prefix. */
export function routePrefix(dst: string): string {
  if (dst === 'default') return '0.0.0.0/0';
  return dst.includes('/') ? dst : `${dst}/32`;
}

/** The link-local address of VRF `vrf`'s end of its leak link to `other`: fe80::1 for the first by name, fe80::2 for the second. */
export function leakLinkAddress(vrf: string, other: string): string {
  // Stryker disable next-line EqualityOperator: equivalent, a VRF has no leak link to itself, so the names never tie
  return vrf < other ? 'fe80::1' : 'fe80::2';
}

export interface LeakRoutePresent {
  readonly vrf: string;
  readonly prefix: string;
  readonly device: string;
}

export type LeakOp =
  | { readonly op: 'leak-link-add'; readonly a: string; readonly b: string }
  | { readonly op: 'leak-route-set'; readonly vrf: string; readonly prefix: string; readonly device: string }
  | { readonly op: 'leak-route-del'; readonly vrf: string; readonly prefix: string; readonly device: string }
  | { readonly op: 'leak-link-del'; readonly vrf: string; readonly device: string };

/** The metric of the lab's leaked routes: below zebra's 20, so the kernel prefers them. */
export const LEAK_ROUTE_METRIC = 10;
export { LEAK_ROUTE_PROTOCOL };

/**
 * From the routes FRR leaked and what the VRF namespaces hold (`lk-*` links by VRF, the lab's
 * routes), the operations: links first, then routes; stale routes and links last.
 */
export function planLeaks(wanted: readonly LeakedRoute[], links: ReadonlyMap<string, readonly string[]>, routes: readonly LeakRoutePresent[]): LeakOp[] {
  const ops: LeakOp[] = [];
  const pairs = new Set<string>();
  for (const r of wanted) pairs.add([r.vrf, r.via].sort().join('|'));
  for (const pair of [...pairs].sort()) {
    // SONiC VRF names have no `|`
    const [a, b] = pair.split('|') as [string, string];
    const present = links.get(a)?.includes(leakLinkName(b)) === true && links.get(b)?.includes(leakLinkName(a)) === true;
    if (!present) ops.push({ op: 'leak-link-add', a, b });
  }
  for (const r of wanted) {
    const device = leakLinkName(r.via);
    if (!routes.some((x) => x.vrf === r.vrf && x.prefix === r.prefix && x.device === device)) ops.push({ op: 'leak-route-set', vrf: r.vrf, prefix: r.prefix, device });
  }
  for (const x of routes) {
    if (!wanted.some((r) => r.vrf === x.vrf && r.prefix === x.prefix && leakLinkName(r.via) === x.device)) ops.push({ op: 'leak-route-del', ...x });
  }
  for (const [vrf, names] of links) {
    for (const device of names) {
      const other = device.slice(3);
      // deleting one end deletes the pair: each pair once, from its first VRF (or its only end)
      const onlyEnd = links.get(other)?.includes(leakLinkName(vrf)) !== true;
      // Stryker disable next-line EqualityOperator: equivalent, a VRF has no leak link to itself, so vrf and other never tie
      if (!pairs.has([vrf, other].sort().join('|')) && (vrf < other || onlyEnd)) ops.push({ op: 'leak-link-del', vrf, device });
    }
  }
  return ops;
}
