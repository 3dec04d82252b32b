/**
 * Real FRR (zebra, bgpd, staticd) in network namespaces of its own, for the multihoming tests,
 * each removed when its test ends: the agent tests' FRR (apps/agent/test/support/processes.ts,
 * names `wag-<pid>-`), with JSON, `vtysh -f`, VRF namespaces and exec added. A node with `vrfNetns`
 * runs zebra -n (FRR's netns VRF backend: this kernel has no VRF devices): its VRFs are the
 * namespaces `<netns>@<VRF>`, shown to zebra as /run/netns/<VRF> in its own mount namespace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startFrr as startAgentFrr } from '../../apps/agent/test/support/processes.js';

/** Why these tests cannot run here, or undefined. */
function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'the multihoming FRR tests need root (network namespaces, FRR daemons)';
  if (!existsSync('/usr/lib/frr/bgpd')) return 'FRR is not installed (Debian package frr)';
  if (spawnSync('sh', ['-c', 'command -v nsenter && command -v vtysh']).status !== 0) return 'nsenter or vtysh is missing (util-linux, frr)';
  return undefined;
}

/** Skips the test, saying why, outside CI; fails it in CI. */
export function requireFrr(t: TestContext): boolean {
  const why = unavailable();
  if (why === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`required in CI: ${why}`);
  t.skip(why);
  return false;
}

export function sh(command: readonly string[]): string {
  const r = spawnSync(command[0] ?? '', command.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface FrrNode {
  readonly netns: string;
  /** the vty socket directory */
  readonly runDir: string;
  vtysh(...commands: string[]): string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller says what shape the JSON has
  json<T>(command: string): T;
  /** applies frr.conf text to the running daemons (`vtysh -f`) */
  apply(config: string): string;
  /** a VRF's namespace (netns VRF backend), made on first use and shown to zebra */
  vrf(name: string): string;
  /** `ip netns exec` in the node (or in one of its VRFs) */
  exec(command: readonly string[], vrf?: string): string;
}

/** The agent tests' FRR (zebra, bgpd, staticd in a namespace of its own), with what these tests ask of it. */
export function startFrr(t: TestContext, hostname: string, options: { vrfNetns?: boolean } = {}): FrrNode {
  const node = startAgentFrr(t, hostname, options);
  const { netns, dir } = node;
  const run = node.vtyDir;
  const zebraPid = (): string => String(node.pid('zebra'));
  const vrfs = new Set<string>();
  const vtysh = (...commands: string[]): string => node.vtysh(...commands);
  return {
    netns,
    runDir: run,
    vtysh,
    // the caller names the JSON's shape (FrrNode.json<T>)
    json: (command: string) => JSON.parse(vtysh(command)) as never,
    apply: (config) => {
      const file = join(dir, `apply-${Date.now()}.conf`);
      writeFileSync(file, config);
      return sh(['vtysh', '--vty_socket', run, '-f', file]);
    },
    vrf: (name) => {
      const vrfNetns = `${netns}@${name}`;
      if (vrfs.has(name)) return vrfNetns;
      sh(['ip', 'netns', 'add', vrfNetns]);
      sh(['ip', '-n', vrfNetns, 'link', 'set', 'lo', 'up']);
      sh(['ip', 'netns', 'exec', vrfNetns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
      const bind = `touch /run/netns/${name} && mount --bind /proc/self/ns/net /run/netns/${name}`;
      sh(['nsenter', `--net=/run/netns/${vrfNetns}`, '--', 'nsenter', '--target', zebraPid(), '--mount', '--', 'sh', '-c', bind]);
      vrfs.add(name);
      return vrfNetns;
    },
    exec: (command, vrf) => sh(['ip', 'netns', 'exec', vrf === undefined ? netns : `${netns}@${vrf}`, ...command]),
  };
}
