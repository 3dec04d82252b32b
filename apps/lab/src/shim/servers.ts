/**
 * Servers follow their attachments: every few seconds the shim reads the VPCs and attachments
 * from the lab's service and gives each server the addresses `planServerAddresses` assigns (and
 * a default route through its first subnet's gateway), removing what is no longer attached. In a
 * subnet Weft's DHCP serves, the server runs a DHCP client instead (dhcp-clients.ts) and keeps
 * what it leased.
 */
import { readFile } from 'node:fs/promises';
import { planRouteHosts, planServerAddresses, type DhcpClient, type LabPlan, type RouteHost, type ServerAddress } from '#lab';
import { LabApi } from '../api.js';
import { resourcesOf } from '../inputs.js';
import { readState, tokenPath } from '../lab-state.js';
import { ipCommand, run, runOk } from '../system.js';
import { DhcpClients } from './dhcp-clients.js';
import { observeLinks } from './linux.js';
import type { ShimLog } from './switch-sync.js';

/** Tagged attachments: the VLAN of `ns/attachment` on its switch port, from the switches' Agent specs. */
export function taggedVlans(agents: readonly unknown[], set: ReturnType<typeof resourcesOf>): (attachment: string) => number | undefined {
  return (key) => {
    const [namespace, name] = key.split('/');
    const attachment = set.attachments.find((a) => (a.metadata.namespace ?? 'default') === namespace && a.metadata.name === name);
    const connection = set.connections.find((c) => c.metadata.name === attachment?.spec.connection);
    const ref = connection?.spec.unbundled?.switch ?? connection?.spec.bundled?.links[0]?.switch;
    if (attachment === undefined || ref === undefined) return undefined;
    const [sw, port] = ref.split('/');
    const [vpc, subnet] = attachment.spec.subnet.split('/');
    const agent = agents.find((a) => (a as { metadata?: { name?: string } }).metadata?.name === sw) as { spec?: { configDb?: Record<string, Record<string, Record<string, string>>> } } | undefined;
    const db = agent?.spec?.configDb ?? {};
    for (const [vlan, fields] of Object.entries(db.VLAN ?? {})) {
      if (fields.description !== `${namespace ?? ''}/${vpc ?? ''} ${subnet ?? ''}`) continue;
      const members = Object.entries(db.VLAN_MEMBER ?? {}).filter(([k, f]) => k.startsWith(`${vlan}|`) && f.tagging_mode === 'tagged');
      if (members.some(([k]) => k === `${vlan}|${port ?? ''}` || k.startsWith(`${vlan}|PortChannel`))) return Number(fields.vlanid);
    }
    return undefined;
  };
}

/** The lab's planned server addresses from what the service holds now. */
export async function currentServerAddresses(api: LabApi, plan: LabPlan): Promise<{ addresses: ServerAddress[]; skipped: { attachment: string; reason: string }[]; dhcp: DhcpClient[]; set: ReturnType<typeof resourcesOf> }> {
  const collections = ['switches', 'servers', 'connections', 'vpcs', 'vpc-attachments', 'vpc-peerings', 'externals', 'external-attachments', 'external-peerings'];
  const lists = await Promise.all(collections.map((c) => api.list(c)));
  const set = resourcesOf(lists.flat());
  const agents = await api.list('agents').catch(() => []);
  const held = new Map<string, string[]>();
  for (const server of plan.servers) {
    for (const link of (await observeLinks(server.netns).catch(() => ({ links: [] }))).links) held.set(`${server.name}|${link.name}`, [...link.addresses]);
  }
  const planned = planServerAddresses(set, plan, taggedVlans(agents, set), held);
  return { ...planned, set };
}

export async function labApi(dir: string): Promise<LabApi | undefined> {
  const state = await readState(dir);
  if (state?.serve === undefined) return undefined;
  try {
    const token = (await readFile(tokenPath(dir, 'architect'), 'utf8')).trim();
    return new LabApi(state.serve.url, token);
  } catch {
    return undefined;
  }
}

interface Want {
  readonly device: string;
  readonly address: string;
}

export class ServerSync {
  private api: LabApi | undefined;
  private readonly clients: DhcpClients;

  constructor(
    private readonly dir: string,
    private readonly plan: LabPlan,
    private readonly log: ShimLog,
  ) {
    this.clients = new DhcpClients(dir, log);
  }

  /** Stops the DHCP clients (the shim stops). */
  stop(): void {
    this.clients.stop();
  }

  async sync(): Promise<void> {
    this.api ??= await labApi(this.dir);
    if (this.api === undefined) return;
    let planned: ServerAddress[];
    let routes: RouteHost[];
    let clients: DhcpClient[];
    try {
      const current = await currentServerAddresses(this.api, this.plan);
      planned = current.addresses;
      clients = current.dhcp;
      routes = planRouteHosts(current.set, planned);
    } catch (e) {
      this.log({ component: 'servers', error: e instanceof Error ? e.message : String(e) });
      return;
    }
    const netnsOf = new Map(this.plan.servers.map((s) => [s.name, s.netns]));
    const wanted = new Map(clients.flatMap((c) => {
      const netns = netnsOf.get(c.server);
      return netns === undefined ? [] : [[`${netns}|${c.device}`, { netns, device: c.device, server: c.server }] as const];
    }));
    const started = await this.clients.sync(wanted).catch((e: unknown) => [`DHCP clients: ${e instanceof Error ? e.message : String(e)}`]);
    if (started.length > 0) this.log({ component: 'servers', changes: started });
    for (const server of this.plan.servers) {
      const mine = planned.filter((a) => a.server === server.name);
      const behind = routes.filter((r) => r.server === server.name);
      await this.syncServer(server.netns, mine, behind).catch((e: unknown) => {
        this.log({ component: 'servers', server: server.name, error: e instanceof Error ? e.message : String(e) });
      });
    }
  }

  private async syncServer(netns: string, addresses: readonly ServerAddress[], routes: readonly RouteHost[]): Promise<void> {
    const { links, loopback } = await observeLinks(netns);
    // a static route's next hop, when the lab numbered the server otherwise, is a second address
    const nextHops: Want[] = routes.map((r) => ({ device: r.device, address: `${r.nextHop}/${r.prefixLength}` }));
    const want: Want[] = [...addresses.map((a) => ({ device: a.device, address: `${a.ip}/${a.prefixLength}` })), ...nextHops];
    const changes: string[] = [];
    for (const link of links) {
      // a DHCP client's interface holds what the client put there (it may have bound since the plan was made)
      if (this.clients.has(netns, link.name)) continue;
      for (const address of link.addresses) {
        if (!want.some((w) => w.device === link.name && w.address === address)) {
          await runOk(ipCommand(netns, 'address', 'del', address, 'dev', link.name));
          changes.push(`del ${address} ${link.name}`);
        }
      }
    }
    for (const a of addresses) {
      const link = links.find((l) => l.name === a.device);
      if (link === undefined) continue;
      if (!link.up) await runOk(ipCommand(netns, 'link', 'set', 'dev', a.device, 'up'));
      if (!link.addresses.includes(`${a.ip}/${a.prefixLength}`)) {
        await runOk(ipCommand(netns, 'address', 'add', `${a.ip}/${a.prefixLength}`, 'dev', a.device));
        changes.push(`add ${a.ip}/${a.prefixLength} ${a.device}`);
      }
    }
    for (const hop of nextHops) {
      const link = links.find((l) => l.name === hop.device);
      if (link !== undefined && !link.addresses.includes(hop.address) && !want.slice(0, addresses.length).some((w) => w.device === hop.device && w.address === hop.address)) {
        await runOk(ipCommand(netns, 'address', 'add', hop.address, 'dev', hop.device));
        changes.push(`add ${hop.address} ${hop.device} (static route next hop)`);
      }
    }
    // the address behind each static route, on the loopback; others the lab put there go
    const behind = routes.map((r) => `${r.probe}/32`);
    for (const address of loopback) {
      if (!address.startsWith('127.') && address.includes('/32') && !behind.includes(address)) {
        await runOk(ipCommand(netns, 'address', 'del', address, 'dev', 'lo'));
        changes.push(`del ${address} lo`);
      }
    }
    for (const address of behind) {
      if (!loopback.includes(address)) {
        await runOk(ipCommand(netns, 'address', 'add', address, 'dev', 'lo'));
        changes.push(`add ${address} lo (behind a static route)`);
      }
    }
    const route = addresses.find((a) => links.some((l) => l.name === a.device));
    const current = (await run(ipCommand(netns, '-json', 'route', 'show', 'default'))).stdout;
    const defaults = (JSON.parse(current === '' ? '[]' : current) as { gateway?: string; dev?: string }[]).map((r) => `${r.gateway ?? ''}@${r.dev ?? ''}`);
    const wanted = route === undefined ? undefined : `${route.gateway}@${route.device}`;
    if (wanted !== undefined && (defaults.length !== 1 || defaults[0] !== wanted) && route !== undefined) {
      await runOk(ipCommand(netns, 'route', 'replace', 'default', 'via', route.gateway, 'dev', route.device));
      changes.push(`default via ${route.gateway}`);
    } else if (wanted === undefined && defaults.length > 0) {
      await run(ipCommand(netns, 'route', 'del', 'default'));
    }
    // a host talks to its gateway, so its leaf learns it (and advertises it to the other leaves):
    // an answer to a remote leaf's ARP would go to the local anycast gateway instead (the ARP
    // dance of an anycast gateway). Greeted on every sync, as a real host keeps talking: that the
    // server knows its gateway does not mean its own leaf knows the server, since the anycast
    // gateway's MAC may have come from another leaf over the L2VNI while the local SVI had no
    // address yet; the leaf then never advertised the host, and other subnets could not reach it.
    for (const a of addresses) void run(['ip', 'netns', 'exec', netns, 'ping', '-c', '1', '-W', '1', '-I', a.ip, a.gateway]);
    if (changes.length > 0) this.log({ component: 'servers', netns, changes });
  }
}
