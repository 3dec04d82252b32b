/**
 * DHCP of one subnet, checked and resolved: Weft's server (`enable`), a relay to the tenant's
 * servers (`relay`), or only a reserved range (the older `{start, end}` with neither). Every
 * error names the VPC and the field.
 */
import { DIAGNOSTIC_CODES as C, error, formatIpv4, prefixSize, isUsableHost, lastAddress, parseIpv4, prefixesOverlap, formatPrefix, type DhcpRelayIntent, type Diagnostic, type Ipv4Prefix } from '#domain';
import type { SubnetDhcp } from '#api';

export interface DhcpStaticInfo {
  /** lower case, colon separated */
  readonly mac: string;
  readonly ip: string;
}

export interface SubnetDhcpInfo {
  /** `server`: Weft's DHCP service; `relay`: the tenant's servers; `range`: a reserved range only */
  readonly mode: 'server' | 'relay' | 'range';
  readonly start: string;
  readonly end: string;
  readonly relay: readonly string[];
  readonly leaseTime: number;
  readonly dnsServers: readonly string[];
  readonly ntpServers: readonly string[];
  readonly mtu?: number;
  readonly pxeURL?: string;
  readonly defaultRoute: boolean;
  readonly static: readonly DhcpStaticInfo[];
}

export const DEFAULT_LEASE_TIME = 3600;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** The pool when none is given: the larger side of the gateway, all of it. */
function defaultRange(prefix: Ipv4Prefix, gateway: number): { start: number; end: number } {
  const first = prefix.network + 1;
  const last = lastAddress(prefix) - 1;
  return last - gateway >= gateway - first ? { start: gateway + 1, end: last } : { start: first, end: gateway - 1 };
}

/**
 * `field(f)` names `spec.subnets.<name>.<f>` of the VPC; `server` is the address leaves relay to
 * for Weft's service (FabricPolicy spec.dhcp.server).
 */
export function checkSubnetDhcp(
  dhcp: SubnetDhcp,
  prefix: Ipv4Prefix,
  canonical: string,
  gateway: number,
  gatewayText: string,
  field: (f: string) => string,
  servers: Ipv4Prefix | undefined,
): { info?: SubnetDhcpInfo; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const enable = dhcp.enable === true;
  const relay = dhcp.relay ?? [];
  if (enable && relay.length > 0) {
    diagnostics.push(error(C.DHCP_MODE, field('dhcp.relay'), 'dhcp.enable and dhcp.relay exclude each other: Weft serves the subnet or relays it to your servers, not both'));
  }
  if (dhcp.range !== undefined && (dhcp.start !== undefined || dhcp.end !== undefined)) {
    diagnostics.push(error(C.DHCP_MODE, field('dhcp.range'), 'give the pool once: dhcp.range, or the older dhcp.start and dhcp.end, not both'));
  }
  if ((dhcp.start === undefined) !== (dhcp.end === undefined)) {
    diagnostics.push(error(C.DHCP_MODE, field(dhcp.start === undefined ? 'dhcp.start' : 'dhcp.end'), 'dhcp.start and dhcp.end come together'));
  }
  const options = (['leaseTime', 'dnsServers', 'ntpServers', 'mtu', 'pxeURL', 'defaultRoute', 'static'] as const).filter((o) => dhcp[o] !== undefined);
  const [option] = options;
  if (!enable && option !== undefined) {
    diagnostics.push(error(C.DHCP_MODE, field(`dhcp.${option}`), `is an option of Weft's DHCP server: set dhcp.enable: true${relay.length > 0 ? ' (your relay server has its own options)' : ''}`));
  }
  const range = dhcp.range ?? (dhcp.start !== undefined && dhcp.end !== undefined ? { start: dhcp.start, end: dhcp.end } : undefined);
  const rangeField = dhcp.range === undefined ? 'dhcp' : 'dhcp.range';
  let start: number | undefined;
  let end: number | undefined;
  if (range === undefined) {
    if (!enable && relay.length === 0) diagnostics.push(error(C.DHCP_MODE, field('dhcp'), 'says nothing: set dhcp.enable: true, dhcp.relay, or a range'));
    ({ start, end } = defaultRange(prefix, gateway));
  } else {
    start = parseIpv4(range.start);
    end = parseIpv4(range.end);
    if (start === undefined || !isUsableHost(prefix, start)) diagnostics.push(error(C.DHCP_OUTSIDE, field(`${rangeField}.start`), `${range.start} is not a host address of ${canonical}`));
    if (end === undefined || !isUsableHost(prefix, end)) diagnostics.push(error(C.DHCP_OUTSIDE, field(`${rangeField}.end`), `${range.end} is not a host address of ${canonical}`));
    if (start !== undefined && end !== undefined && start > end) {
      diagnostics.push(error(C.DHCP_OUTSIDE, field(rangeField), `start ${range.start} is after end ${range.end}`));
    } else if (start !== undefined && end !== undefined && gateway >= start && gateway <= end) {
      diagnostics.push(error(C.DHCP_OUTSIDE, field(rangeField), `the range ${range.start}-${range.end} contains the gateway ${gatewayText}`));
    }
  }
  const statics: DhcpStaticInfo[] = [];
  const ips = new Map<number, number>();
  const macs = new Map<string, number>();
  (dhcp.static ?? []).forEach((entry, index) => {
    const at = (f: string): string => field(`dhcp.static[${index}].${f}`);
    const mac = entry.mac.toLowerCase();
    const ip = parseIpv4(entry.ip);
    if (!MAC.test(mac)) diagnostics.push(error(C.DHCP_STATIC, at('mac'), `${JSON.stringify(entry.mac)} is not a MAC address such as 02:00:00:00:00:01`));
    else if (macs.has(mac)) diagnostics.push(error(C.DHCP_STATIC, at('mac'), `${mac} is already dhcp.static[${macs.get(mac) ?? 0}].mac: one fixed address per client`));
    if (ip === undefined || !isUsableHost(prefix, ip)) diagnostics.push(error(C.DHCP_STATIC, at('ip'), `${entry.ip} is not a host address of ${canonical}`));
    else if (ip === gateway) diagnostics.push(error(C.DHCP_STATIC, at('ip'), `${entry.ip} is the gateway of ${canonical}`));
    else if (ips.has(ip)) diagnostics.push(error(C.DHCP_STATIC, at('ip'), `${entry.ip} is already dhcp.static[${ips.get(ip) ?? 0}].ip`));
    macs.set(mac, macs.get(mac) ?? index);
    if (ip !== undefined) ips.set(ip, ips.get(ip) ?? index);
    statics.push({ mac, ip: entry.ip });
  });
  if (enable && servers !== undefined && prefixesOverlap(prefix, servers)) {
    diagnostics.push(error(C.DHCP_MODE, field('cidr'), `${canonical} overlaps ${formatPrefix(servers)}, where Weft's DHCP service listens (FabricPolicy spec.dhcp.servers): the leaves could not relay to it`));
  }
  if (diagnostics.length > 0 || start === undefined || end === undefined) return { diagnostics };
  return {
    info: {
      mode: enable ? 'server' : relay.length > 0 ? 'relay' : 'range',
      start: formatIpv4(start),
      end: formatIpv4(end),
      relay,
      leaseTime: dhcp.leaseTime ?? DEFAULT_LEASE_TIME,
      dnsServers: dhcp.dnsServers ?? [],
      ntpServers: dhcp.ntpServers ?? [],
      ...(dhcp.mtu === undefined ? {} : { mtu: dhcp.mtu }),
      ...(dhcp.pxeURL === undefined ? {} : { pxeURL: dhcp.pxeURL }),
      defaultRoute: dhcp.defaultRoute ?? true,
      static: statics,
    },
    diagnostics,
  };
}

/** The address Weft's DHCP service answers VRF `vrf` on: the vrf-th address of the prefix. */
export function dhcpServerAddress(servers: Ipv4Prefix, vrf: number): string | undefined {
  return vrf > 0 && vrf < prefixSize(servers) - 1 ? formatIpv4(servers.network + vrf) : undefined;
}

/** The SVI's relay, when the subnet is served by Weft or relayed to the tenant's servers. */
export function dhcpRelayOf(subnet: { readonly dhcpService?: SubnetDhcpInfo }, policy: { readonly dhcpServers?: Ipv4Prefix }, vrf: number): { dhcpRelay?: DhcpRelayIntent } {
  const service = subnet.dhcpService;
  const server = policy.dhcpServers === undefined ? undefined : dhcpServerAddress(policy.dhcpServers, vrf);
  if (service?.mode === 'server' && server !== undefined) return { dhcpRelay: { servers: [server], weft: true } };
  if (service?.mode === 'relay') return { dhcpRelay: { servers: service.relay, weft: false } };
  return {};
}

/** `weft explain`'s line on a subnet's DHCP. */
export function dhcpSentence(subnet: { readonly dhcpService?: SubnetDhcpInfo }, policy: { readonly dhcpServers?: Ipv4Prefix }, vrf: number | undefined): { dhcp?: string } {
  const d = subnet.dhcpService;
  if (d === undefined) return {};
  const pool = `${d.start}-${d.end}`;
  if (d.mode === 'range') return { dhcp: `range ${pool} kept free of lab addresses; no DHCP served or relayed (set dhcp.enable or dhcp.relay)` };
  if (d.mode === 'relay') return { dhcp: `relayed by the leaves to ${d.relay.join(', ')} (the tenant's servers, in the VPC's VRF)` };
  const server = policy.dhcpServers === undefined || vrf === undefined ? undefined : dhcpServerAddress(policy.dhcpServers, vrf);
  const statics = d.static.length === 0 ? '' : `, ${d.static.length} fixed address${d.static.length === 1 ? '' : 'es'}`;
  return { dhcp: `Weft's DHCP serves ${pool} (lease ${d.leaseTime} s${statics}); the leaves relay to ${server ?? '?'} from Loopback0 with link selection` };
}
