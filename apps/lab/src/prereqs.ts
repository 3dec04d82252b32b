/**
 * What `weft lab up` needs from the host, checked before anything is made: root (namespaces,
 * veths, mounts) and the Debian packages whose programs it runs.
 */
import { access, constants } from 'node:fs/promises';

export interface Requirement {
  readonly path: string;
  readonly what: string;
  readonly package: string;
}

const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const REQUIREMENTS: readonly Requirement[] = [
  { path: 'ip', what: 'ip (network namespaces, veth pairs, bridges, VXLAN)', package: 'iproute2' },
  { path: 'bridge', what: 'bridge (the VXLAN forwarding table)', package: 'iproute2' },
  { path: 'nft', what: 'nft (the ACLs of peering permits)', package: 'nftables' },
  { path: 'nsenter', what: 'nsenter and unshare (FRR in its own mount and UTS namespace)', package: 'util-linux' },
  { path: 'redis-server', what: 'redis-server (each switch\'s CONFIG_DB)', package: 'redis-server' },
  { path: 'redis-cli', what: 'redis-cli (CONFIG_DB by hand, inside `weft lab exec`)', package: 'redis-tools' },
  { path: '/usr/lib/frr/zebra', what: 'FRR (zebra, bgpd, staticd)', package: 'frr' },
  { path: 'vtysh', what: 'vtysh', package: 'frr' },
  { path: '/usr/lib/frr/frr-reload.py', what: 'frr-reload.py (how agents apply frr.conf)', package: 'frr-pythontools' },
  { path: 'ping', what: 'ping (weft lab test)', package: 'iputils-ping' },
  { path: '/usr/sbin/kea-dhcp4', what: "kea-dhcp4 (Weft's DHCP service)", package: 'kea-dhcp4-server' },
  { path: '/usr/sbin/dhcrelay', what: 'dhcrelay (the switches\' DHCPV4_RELAY)', package: 'isc-dhcp-relay' },
  { path: 'udhcpc', what: 'udhcpc (the servers\' DHCP client)', package: 'udhcpc' },
];

async function executable(path: string): Promise<boolean> {
  const candidates = path.startsWith('/') ? [path] : SEARCH.map((dir) => `${dir}/${path}`);
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

/** Sentences naming what is missing (empty when the host has everything). */
export async function missingPrerequisites(isRoot = process.getuid?.() === 0, present: (path: string) => Promise<boolean> = executable): Promise<string[]> {
  const problems: string[] = [];
  if (!isRoot) problems.push('weft lab needs root: it creates network namespaces, veth pairs and mounts (run it with sudo)');
  const missing: Requirement[] = [];
  for (const requirement of REQUIREMENTS) if (!(await present(requirement.path))) missing.push(requirement);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((m) => m.package))];
    problems.push(`missing: ${missing.map((m) => m.what).join('; ')}. Install them with: apt-get install ${packages.join(' ')}`);
  }
  return problems;
}
