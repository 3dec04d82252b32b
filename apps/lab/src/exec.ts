/**
 * `weft lab exec NODE -- CMD...`: runs a command where the node lives. For a switch (and an
 * outside peer) that is its FRR's namespaces: network, hostname and mounts, so `vtysh`,
 * `redis-cli -n 4` (its CONFIG_DB on 127.0.0.1:6379) and `ip netns` (its VRFs) work as on the box.
 */
import { spawn } from 'node:child_process';
import type { LabState } from './lab-state.js';
import { daemonPid, frrPaths } from './frr.js';
import { peerDir, switchDir } from './lab-state.js';

export interface ExecTarget {
  readonly command: string[];
  readonly kind: 'switch' | 'server' | 'peer';
}

export async function execTarget(state: LabState, node: string, command: readonly string[]): Promise<ExecTarget | undefined> {
  const plan = state.plan;
  if (plan === undefined) return undefined;
  const sw = plan.switches.find((s) => s.name === node);
  const peer = plan.peers.find((p) => p.name === node);
  const server = plan.servers.find((s) => s.name === node);
  if (sw !== undefined || peer !== undefined) {
    const home = sw !== undefined ? switchDir(state.dir, node) : peerDir(state.dir, node);
    const netns = sw?.netns ?? peer?.netns ?? '';
    const zebra = await daemonPid(frrPaths(home), 'zebra');
    const kind = sw !== undefined ? 'switch' : 'peer';
    if (zebra === undefined) return { kind, command: ['ip', 'netns', 'exec', netns, ...command] };
    return { kind, command: ['nsenter', `--target=${zebra}`, '--net', '--uts', '--mount', '--', ...command] };
  }
  if (server !== undefined) return { kind: 'server', command: ['ip', 'netns', 'exec', server.netns, ...command] };
  return undefined;
}

/** Runs with the terminal attached; resolves with the command's exit code. */
export function runAttached(command: readonly string[]): Promise<number> {
  const [file, ...args] = command;
  return new Promise((resolve) => {
    const child = spawn(file ?? 'true', args, { stdio: 'inherit' });
    child.once('error', () => {
      resolve(127);
    });
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}
