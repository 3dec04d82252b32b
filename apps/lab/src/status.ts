/**
 * `weft lab status`: per switch its BGP sessions (from its FRR), the generation its agent applied
 * and its drift (from the service), per server the addresses it holds in its VPC subnets.
 */
import { countEstablished, parseBgpSummary, type LabPlan } from '#lab';
import type { LabApi } from './api.js';
import { frrPaths, vtysh } from './frr.js';
import { switchDir } from './lab-state.js';
import { currentServerAddresses } from './shim/servers.js';
import { observeLinks } from './shim/linux.js';

export interface SwitchStatus {
  readonly name: string;
  readonly bgp: { readonly established: number; readonly configured: number };
  readonly appliedGeneration: number | null;
  readonly generation: number | null;
  readonly drift: number;
  readonly emulation: string;
  readonly lastError?: string;
}

export interface ServerStatus {
  readonly name: string;
  readonly addresses: readonly { readonly vpc: string; readonly subnet: string; readonly ip: string; readonly dhcp?: true }[];
}

export interface LabStatus {
  readonly switches: readonly SwitchStatus[];
  readonly servers: readonly ServerStatus[];
}

export interface AgentObject {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly generation?: number };
  readonly status?: {
    readonly appliedGeneration?: number;
    readonly driftCount?: number;
    readonly drift?: readonly unknown[];
    readonly lastError?: string;
    readonly bgpNeighbors?: readonly { readonly peer: string; readonly state: string }[];
  };
}

export async function switchBgp(dir: string, sw: string): Promise<{ established: number; configured: number }> {
  try {
    return countEstablished(parseBgpSummary(await vtysh(frrPaths(switchDir(dir, sw)), ['show bgp vrf all summary json'])));
  } catch {
    return { established: 0, configured: 0 };
  }
}

export async function agentObjects(api: LabApi): Promise<Map<string, AgentObject>> {
  const agents = (await api.list('agents')) as unknown as AgentObject[];
  return new Map(agents.map((a) => [a.metadata.name, a]));
}

export async function labStatus(dir: string, plan: LabPlan, api: LabApi): Promise<LabStatus> {
  const agents = await agentObjects(api);
  const switches = await Promise.all(
    plan.switches.map(async (sw): Promise<SwitchStatus> => {
      const agent = agents.get(sw.name);
      const status = agent?.status;
      return {
        name: sw.name,
        bgp: await switchBgp(dir, sw.name),
        appliedGeneration: status?.appliedGeneration ?? null,
        generation: agent?.spec?.generation ?? null,
        drift: status?.driftCount ?? status?.drift?.length ?? 0,
        emulation: sw.standInFor === undefined ? (sw.emulation === 'sonic' ? 'SONiC emulation (namespaces)' : 'FRR node') : `FRR node standing in for ${sw.standInFor}`,
        ...(status?.lastError === undefined ? {} : { lastError: status.lastError }),
      };
    }),
  );
  const planned = (await currentServerAddresses(api, plan)).addresses;
  const servers = await Promise.all(
    plan.servers.map(async (server): Promise<ServerStatus> => {
      const { links } = await observeLinks(server.netns);
      const held = planned.filter((a) => a.server === server.name && links.some((l) => l.name === a.device && l.addresses.includes(`${a.ip}/${a.prefixLength}`)));
      return { name: server.name, addresses: held.map((a) => ({ vpc: a.vpc, subnet: a.subnet, ip: a.ip, ...(a.dhcp === true ? { dhcp: true as const } : {}) })) };
    }),
  );
  return { switches, servers };
}

export function formatStatus(status: LabStatus): string {
  const lines = ['switch      BGP est/cfg  applied/desired  drift  runs as'];
  for (const s of status.switches) {
    const applied = `${s.appliedGeneration ?? '-'}/${s.generation ?? '-'}`;
    lines.push(
      `${s.name.padEnd(11)} ${`${s.bgp.established}/${s.bgp.configured}`.padEnd(12)} ${applied.padEnd(16)} ${String(s.drift).padEnd(6)} ${s.emulation}${s.lastError === undefined ? '' : `  error: ${s.lastError}`}`,
    );
  }
  lines.push('', 'server      addresses');
  for (const s of status.servers) {
    lines.push(`${s.name.padEnd(11)} ${s.addresses.length === 0 ? '(none)' : s.addresses.map((a) => `${a.ip} (${a.vpc}/${a.subnet}${a.dhcp === true ? ', DHCP' : ''})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
