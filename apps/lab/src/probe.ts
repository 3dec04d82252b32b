/**
 * `weft lab test`: the reachability the intents promise, checked with real packets. It waits for
 * the agents to have applied the current generation and for the servers to hold their addresses
 * (leased, in a subnet Weft's DHCP serves: a server that got no lease fails the test),
 * then pings every pair (several at once). A probe expected to pass is retried, since the first
 * packets to a host that has not spoken yet wait for the anycast gateway's ARP exchange; a probe
 * expected to fail is sent several times too, so a late answer is still caught.
 */
import { expectedReachability, formatMatrix, probeOk, type DhcpClient, type LabPlan, type Probe, type ProbeResult, type ServerAddress } from '#lab';
import type { LabApi } from './api.js';
import { observeLinks } from './shim/linux.js';
import { currentServerAddresses } from './shim/servers.js';
import { agentObjects } from './status.js';
import { run, sleep } from './system.js';

export interface TestOptions {
  readonly json?: boolean;
  readonly color?: boolean;
  /** seconds to wait for agents and server addresses before probing */
  readonly settleSeconds?: number;
}

export interface TestReport {
  readonly ok: boolean;
  readonly results: readonly ProbeResult[];
  readonly skipped: readonly { readonly attachment: string; readonly reason: string }[];
  /** server interfaces in a served subnet that hold no lease */
  readonly unleased: readonly DhcpClient[];
  readonly text: string;
}

function netnsOf(plan: LabPlan, node: string): string | undefined {
  return plan.servers.find((s) => s.name === node)?.netns ?? plan.peers.find((p) => p.name === node)?.netns;
}

/** One ping burst: three echoes 200 ms apart, the last waited for up to a second. */
async function pingOnce(netns: string, from: string, to: string): Promise<boolean> {
  const result = await run(['ip', 'netns', 'exec', netns, 'ping', '-n', '-q', '-c', '3', '-i', '0.2', '-W', '1', '-I', from, to], { timeoutMs: 10_000 });
  return result.code === 0;
}

export async function probe(plan: LabPlan, p: Probe): Promise<ProbeResult> {
  const netns = netnsOf(plan, p.from.node);
  if (netns === undefined) return { ...p, reached: false };
  const attempts = p.expect ? 5 : 3;
  for (let i = 0; i < attempts; i++) {
    if (await pingOnce(netns, p.from.ip, p.to.ip)) return { ...p, reached: true };
    if (p.expect) await sleep(500);
  }
  return { ...p, reached: false };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await job(items[i] as T);
      }
    }),
  );
  return out;
}

/** Every agent has applied the generation it should run. */
async function agentsCurrent(api: LabApi, plan: LabPlan): Promise<string[]> {
  const agents = await agentObjects(api);
  return plan.switches
    .filter((sw) => {
      const a = agents.get(sw.name);
      return !(a?.status?.appliedGeneration !== undefined && a.spec?.generation !== undefined && a.status.appliedGeneration >= a.spec.generation);
    })
    .map((sw) => sw.name);
}

async function serversAddressed(plan: LabPlan, addresses: readonly ServerAddress[]): Promise<string[]> {
  const missing: string[] = [];
  for (const a of addresses) {
    const netns = netnsOf(plan, a.server);
    if (netns === undefined) continue;
    const { links } = await observeLinks(netns);
    if (!links.some((l) => l.name === a.device && l.addresses.includes(`${a.ip}/${a.prefixLength}`))) missing.push(`${a.server} ${a.ip}`);
  }
  return missing;
}

export async function labTest(api: LabApi, plan: LabPlan, options: TestOptions = {}): Promise<TestReport> {
  const deadline = Date.now() + (options.settleSeconds ?? 90) * 1000;
  let current = await currentServerAddresses(api, plan);
  for (;;) {
    current = await currentServerAddresses(api, plan);
    const behind = await agentsCurrent(api, plan);
    const unaddressed = await serversAddressed(plan, current.addresses);
    if ((behind.length === 0 && unaddressed.length === 0 && unleasedOf(current).length === 0) || Date.now() > deadline) break;
    await sleep(500);
  }
  // each server greets its gateway first: the anycast gateway learns it before the probes
  await mapLimit(current.addresses, 8, (a) => run(['ip', 'netns', 'exec', netnsOf(plan, a.server) ?? '', 'ping', '-n', '-q', '-c', '1', '-W', '1', '-I', a.ip, a.gateway]));
  const probes = expectedReachability(current.set, current.addresses, plan.peers);
  const results = await mapLimit(probes, 12, (p) => probe(plan, p));
  const unleased = unleasedOf(current);
  const ok = results.every(probeOk) && unleased.length === 0;
  const green = (t: string): string => (options.color === true ? `\u001b[32m${t}\u001b[0m` : t);
  const red = (t: string): string => (options.color === true ? `\u001b[31m${t}\u001b[0m` : t);
  const skippedText = current.skipped.map((s) => `not probed: attachment ${s.attachment}: ${s.reason}\n`).join('');
  const unleasedText = unleased.map((c) => `${red('FAIL')} ${c.server} ${c.device} (attachment ${c.attachment}): no DHCP lease\n`).join('');
  return { ok, results, skipped: current.skipped, unleased, text: `${formatMatrix(results, { good: green, bad: red })}${skippedText}${unleasedText}` };
}

/** DHCP clients whose interface holds no address of their subnet yet. */
function unleasedOf(current: { readonly addresses: readonly ServerAddress[]; readonly dhcp: readonly DhcpClient[] }): DhcpClient[] {
  return current.dhcp.filter((c) => !current.addresses.some((a) => a.server === c.server && a.device === c.device && a.dhcp === true));
}
