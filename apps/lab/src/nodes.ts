/**
 * Starting the daemons of each node: per SONiC switch its Redis (with the platform's CONFIG_DB)
 * and FRR; per FRR node (and VyOS stand-in) its FRR; per outside peer its FRR with the lab's own
 * configuration; and the agent of each switch.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { peerFrrConf, type LabPlan, type LabSwitch } from '#lab';
import { daemonPid, frrPaths, startFrr } from './frr.js';
import { peerDir, switchDir, tokenPath } from './lab-state.js';
import { redisSocket, startRedis, writePlatformConfig } from './redis.js';
import { weftCommand } from './processes.js';
import { freePort } from '../../api/src/net.js';

/** The wired ports of a node, from the plan. */
export function portsOf(plan: LabPlan, node: string): string[] {
  return plan.links.flatMap((l) => [l.a, l.b]).filter((e) => e.node === node).map((e) => e.port);
}

export async function startSwitch(dir: string, plan: LabPlan, sw: LabSwitch): Promise<void> {
  const home = switchDir(dir, sw.name);
  await mkdir(home, { recursive: true });
  if (sw.emulation === 'sonic') {
    await startRedis(sw.netns, home);
    await writePlatformConfig(home, sw.name, portsOf(plan, sw.name));
  }
  await startFrr({ netns: sw.netns, hostname: sw.name, paths: frrPaths(home) });
}

export async function startPeers(dir: string, plan: LabPlan): Promise<void> {
  for (const peer of plan.peers) {
    const home = peerDir(dir, peer.name);
    await mkdir(home, { recursive: true });
    await startFrr({ netns: peer.netns, hostname: peer.name, paths: frrPaths(home), config: peerFrrConf(peer) });
  }
}

/**
 * The `weft agent` command line of one switch, run in the switch's UTS namespace (taken from its
 * zebra) so that vtysh there shows the switch's hostname, as on the switch itself.
 */
export async function agentCommand(dir: string, serverUrl: string, sw: LabSwitch): Promise<string[]> {
  const home = switchDir(dir, sw.name);
  const paths = frrPaths(home);
  const zebra = await daemonPid(paths, 'zebra');
  // each agent serves its metrics on a loopback port of its own, written down beside its files
  const metrics = `127.0.0.1:${await freePort()}`;
  await writeFile(metricsAddressPath(dir, sw.name), `${metrics}\n`);
  const agent = weftCommand(
    'agent',
    '--switch', sw.name,
    '--server', serverUrl,
    '--token-file', tokenPath(dir, `agent-${sw.name}`),
    ...(sw.emulation === 'sonic' ? ['--redis', `unix://${redisSocket(home)}`] : []),
    '--frr-vty-dir', paths.run,
    '--frr-netns', sw.netns,
    '--vrf-backend', 'netns',
    '--state-dir', join(home, 'agent'),
    '--period', '5',
    '--metrics-address', metrics,
  );
  return zebra === undefined ? agent : ['nsenter', `--uts=/proc/${zebra}/ns/uts`, '--', ...agent];
}

/** Where `up` writes the `HOST:PORT` a switch's agent serves /metrics on. */
export function metricsAddressPath(dir: string, sw: string): string {
  return join(switchDir(dir, sw), 'metrics-address');
}
