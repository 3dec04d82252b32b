/**
 * The lab's wiring in the kernel: a network namespace per node and a veth pair per link, created
 * straight into both namespaces with the ports' names (batched: one `ip` process for all pairs).
 * Switch-side ports of SONiC switches stay down until their CONFIG_DB says `admin_status up`.
 */
import type { LabLink, LabPlan } from '#lab';
import { inNetns, ipBatch, runOk, CommandError } from './system.js';

/** Sysctls of a router namespace (switches, VRFs, outside peers) and of a host's. */
export const ROUTER_SYSCTLS = ['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1', 'net.ipv6.conf.default.forwarding=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0'];
const HOST_SYSCTLS = ['net.ipv4.conf.all.arp_announce=2'];

export async function sysctls(netns: string, settings: readonly string[]): Promise<void> {
  await runOk(inNetns(netns, ['sysctl', '-q', '-w', ...settings]));
}

async function batchOk(netns: string | undefined, lines: readonly string[]): Promise<void> {
  const result = await ipBatch(netns, lines);
  if (result.code !== 0) throw new CommandError(['ip', ...(netns === undefined ? [] : ['-n', netns]), '-batch', '-'], result);
}

export async function createNamespaces(names: readonly string[]): Promise<void> {
  await batchOk(undefined, names.map((n) => `netns add ${n}`));
  await Promise.all(names.map((n) => batchOk(n, ['link set lo up'])));
}

/** The ports each end of a link starts with: up, except a SONiC switch's (its CONFIG_DB decides). */
function startsUp(plan: LabPlan, node: string): boolean {
  return plan.switches.find((s) => s.name === node)?.emulation !== 'sonic';
}

export async function createLinks(plan: LabPlan): Promise<void> {
  const pair = (l: LabLink): string => `link add name ${l.a.port} mtu ${l.mtu} netns ${l.a.netns} type veth peer name ${l.b.port} mtu ${l.mtu} netns ${l.b.netns}`;
  await batchOk(undefined, plan.links.map(pair));
  const up = new Map<string, string[]>();
  for (const link of plan.links) {
    for (const end of [link.a, link.b]) {
      if (startsUp(plan, end.node)) up.set(end.netns, [...(up.get(end.netns) ?? []), `link set ${end.port} up`]);
    }
  }
  // a server's LAG: a bridge over its links (no bonding driver in this kernel)
  for (const server of plan.servers) {
    for (const bond of server.bonds) {
      const lines = [`link add name ${bond.name} type bridge`, ...bond.ports.map((p) => `link set ${p} master ${bond.name}`), `link set ${bond.name} up`];
      up.set(server.netns, [...(up.get(server.netns) ?? []), ...lines]);
    }
  }
  await Promise.all([...up].map(([netns, lines]) => batchOk(netns, lines)));
}

export async function configureNodes(plan: LabPlan): Promise<void> {
  await Promise.all([
    ...plan.switches.map((s) => sysctls(s.netns, ROUTER_SYSCTLS)),
    ...plan.peers.map((p) => sysctls(p.netns, ROUTER_SYSCTLS)),
    ...plan.servers.map((s) => sysctls(s.netns, HOST_SYSCTLS)),
  ]);
}

/** Every namespace of the plan's nodes. */
export function nodeNamespaces(plan: LabPlan): string[] {
  return [...plan.switches.map((s) => s.netns), ...plan.servers.map((s) => s.netns), ...plan.peers.map((p) => p.netns)];
}

/** `ip netns list` names. */
export async function listNamespaces(): Promise<string[]> {
  const text = await runOk(['ip', 'netns', 'list']);
  return text
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}
