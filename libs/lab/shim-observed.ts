/** Reading `ip -json -details address show` of one namespace into observed links. */
import type { ObservedLink } from './shim-model.js';

interface IpAddrInfo {
  readonly family?: string;
  readonly local?: string;
  readonly prefixlen?: number;
  readonly scope?: string;
}

interface IpLink {
  readonly ifname?: string;
  readonly flags?: readonly string[];
  readonly mtu?: number;
  readonly master?: string;
  readonly address?: string;
  readonly operstate?: string;
  readonly linkinfo?: {
    readonly info_kind?: string;
    readonly info_data?: { readonly id?: number; readonly local?: string };
    readonly info_slave_kind?: string;
    readonly info_slave_data?: { readonly learning?: boolean };
  };
  readonly addr_info?: readonly IpAddrInfo[];
}

/** Global IPv4 addresses as `ip/len`. */
export function ipv4Addresses(link: IpLink): string[] {
  return (
    link.addr_info?.flatMap((a) =>
      a.family === 'inet' && a.scope !== 'host' && a.local !== undefined && a.prefixlen !== undefined ? [`${a.local}/${a.prefixlen}`] : [],
    ) ?? []
  );
}

export function parseIpLinks(json: string, netns: string): { links: ObservedLink[]; loopback: string[] } {
  const parsed: unknown = JSON.parse(json === '' ? '[]' : json);
  if (!Array.isArray(parsed)) throw new Error(`ip -json address show in ${netns} did not return a list`);
  const links: ObservedLink[] = [];
  let loopback: string[] = [];
  // JSON's other values (a string, a number, an array) have no ifname either
  for (const link of parsed as readonly (IpLink | null)[]) {
    if (link === null || link.ifname === undefined) continue;
    const name = link.ifname;
    if (name === 'lo') {
      loopback = ipv4Addresses(link);
      continue;
    }
    const kindText = link.linkinfo?.info_kind;
    const kind = kindText === 'veth' || kindText === 'bridge' || kindText === 'vxlan' ? kindText : 'other';
    const flags = new Set(link.flags);
    const vxlanData = link.linkinfo?.info_data;
    links.push({
      name,
      netns,
      kind,
      up: flags.has('UP'),
      carrier: flags.has('UP') && !flags.has('NO-CARRIER') && link.operstate !== 'LOWERLAYERDOWN',
      mtu: link.mtu ?? 0,
      mac: (link.address ?? '').toLowerCase(),
      ...(link.master === undefined ? {} : { master: link.master }),
      addresses: ipv4Addresses(link),
      ...(kind === 'vxlan' && vxlanData?.id !== undefined ? { vxlan: { vni: vxlanData.id, local: vxlanData.local ?? '' } } : {}),
      ...(link.linkinfo?.info_slave_kind === 'bridge' ? { learning: link.linkinfo.info_slave_data?.learning !== false } : {}),
    });
  }
  return { links, loopback };
}
