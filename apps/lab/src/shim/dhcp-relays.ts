/**
 * DHCPV4_RELAY in the lab: what SONiC's dhcp4relay does, with Debian's dhcrelay (isc-dhcp-relay)
 * run in the VRF namespace for the relays libs/lab/shim-dhcp.ts plans. Each relay's leg (`dhcp0`,
 * with the switch's Loopback0 address as giaddr) is one end of a veth pair whose other end joins
 * the service bridge in the VRF's DHCP service namespace, where `weft dhcp` runs that VRF's Kea;
 * replies to giaddr are routed back over the same bridge. One relay process per VRF namespace,
 * started again when it stopped, or its VLANs, servers or devices changed; a relay no longer wanted stops
 * and its leg goes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DHCP_RELAY_LEG, DHCP_SERVICE_BRIDGE, dhcrelayArgs, type DhcpRelay } from '#lab';
import { ipCommand, run, runOk } from '../system.js';
import { listNamespaces } from '../topology.js';
import type { ShimLog } from './switch-sync.js';

interface Running {
  readonly key: string;
  readonly child: ChildProcess;
  exited: boolean;
}

/** switch -> VRF namespace -> its relay process */
const running = new Map<string, Map<string, Running>>();

/**
 * What a running relay was started for, with the interface indexes of its bridges and leg: a
 * bridge made again (a VLAN that left and came back) is a new device the old relay never sees.
 */
async function keyOf(r: DhcpRelay): Promise<string> {
  const shown = (await run(ipCommand(r.netns, '-json', 'link', 'show'))).stdout;
  const links = JSON.parse(shown === '' ? '[]' : shown) as { ifname?: string; ifindex?: number }[];
  const index = (name: string): number | undefined => links.find((l) => l.ifname === name)?.ifindex;
  return JSON.stringify([r.vlans.map((v) => [v, index(v)]), r.servers, r.giaddr, r.serviceNetns, index(r.leg)]);
}

/** The far end's name in the service namespace: the switch's name, cut to 15 bytes. */
function farEnd(sw: string): string {
  return sw.slice(0, 15);
}

async function ensureServiceNetns(netns: string): Promise<void> {
  if (!(await listNamespaces()).includes(netns)) {
    await runOk(['ip', 'netns', 'add', netns]);
    await runOk(ipCommand(netns, 'link', 'set', 'lo', 'up'));
  }
  if ((await run(ipCommand(netns, 'link', 'show', 'dev', DHCP_SERVICE_BRIDGE))).code !== 0) await runOk(ipCommand(netns, 'link', 'add', DHCP_SERVICE_BRIDGE, 'type', 'bridge'));
  await runOk(ipCommand(netns, 'link', 'set', DHCP_SERVICE_BRIDGE, 'up'));
}

/** The leg and its routes; returns what it changed. */
async function ensureLeg(sw: string, relay: DhcpRelay): Promise<string[]> {
  const changes: string[] = [];
  await ensureServiceNetns(relay.serviceNetns);
  const far = farEnd(sw);
  if ((await run(ipCommand(relay.netns, 'link', 'show', 'dev', relay.leg))).code !== 0) {
    // a far end left from an earlier leg (its near end went with a VRF namespace's devices)
    await run(ipCommand(relay.serviceNetns, 'link', 'del', far));
    await runOk(['ip', 'link', 'add', relay.leg, 'netns', relay.netns, 'type', 'veth', 'peer', 'name', far, 'netns', relay.serviceNetns]);
    changes.push(`DHCP relay leg ${relay.netns}/${relay.leg} to ${relay.serviceNetns}/${far}`);
  }
  await runOk(ipCommand(relay.serviceNetns, 'link', 'set', far, 'master', DHCP_SERVICE_BRIDGE, 'up'));
  await runOk(ipCommand(relay.netns, 'address', 'replace', `${relay.giaddr}/32`, 'dev', relay.leg));
  await runOk(ipCommand(relay.netns, 'link', 'set', relay.leg, 'up'));
  for (const server of relay.servers) await runOk(ipCommand(relay.netns, 'route', 'replace', `${server}/32`, 'dev', relay.leg));
  await runOk(ipCommand(relay.serviceNetns, 'route', 'replace', `${relay.giaddr}/32`, 'dev', DHCP_SERVICE_BRIDGE));
  return changes;
}

function stop(r: Running): void {
  if (!r.exited) r.child.kill('SIGTERM');
}

/** Makes the switch's relays what CONFIG_DB asks for; returns what changed. */
export async function syncDhcpRelays(sw: string, relays: readonly DhcpRelay[], log: ShimLog): Promise<string[]> {
  const mine = running.get(sw) ?? new Map<string, Running>();
  running.set(sw, mine);
  const changes: string[] = [];
  const wanted = new Set(relays.map((r) => r.netns));
  for (const [netns, r] of mine) {
    if (wanted.has(netns)) continue;
    stop(r);
    mine.delete(netns);
    // the pair goes with it, far end and all
    await run(ipCommand(netns, 'link', 'del', DHCP_RELAY_LEG));
    changes.push(`stopped the DHCP relay in ${netns}`);
  }
  for (const relay of relays) {
    changes.push(...(await ensureLeg(sw, relay)));
    const current = mine.get(relay.netns);
    const key = await keyOf(relay);
    if (current !== undefined && current.key === key && !current.exited) continue;
    if (current !== undefined) stop(current);
    const child = spawn('ip', ['netns', 'exec', relay.netns, 'dhcrelay', ...dhcrelayArgs(relay)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const entry: Running = { key, child, exited: false };
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-2000);
    });
    child.on('error', () => {
      entry.exited = true;
    });
    child.on('exit', (code) => {
      entry.exited = true;
      log({ switch: sw, component: 'dhcp-relay', netns: relay.netns, exited: code, output: tail.split('\n').slice(-5).join(' | ') });
    });
    mine.set(relay.netns, entry);
    changes.push(`DHCP relay in ${relay.netns}: ${relay.vlans.join(', ')} -> ${relay.servers.join(', ')} (giaddr ${relay.giaddr}, link selection)`);
  }
  return changes;
}

/** Stops every relay this process started (the shim stops). */
export function stopDhcpRelays(): void {
  for (const mine of running.values()) for (const r of mine.values()) stop(r);
  running.clear();
}
