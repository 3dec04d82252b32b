/**
 * Where FRR's tools must run. vtysh prints its own process's hostname into the running config,
 * and FRR daemons started with `-N` keep the kernel hostname whatever frr.conf says (FRR #7583),
 * so a lab starts them in their own UTS namespace: vtysh and frr-reload.py must run in the
 * daemons' UTS namespace (found through zebra's pid file in the vty directory) or the hostname
 * line never converges. `--frr-netns` adds the network namespace.
 */
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface FrrPlace {
  /** the argv prefix: [] or ['nsenter', ...] */
  readonly prefix: readonly string[];
  /** the daemons share this process's UTS namespace: FRR keeps the kernel hostname */
  readonly sharedUts: boolean;
}

export async function daemonPid(vtyDir: string, daemon: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(vtyDir, `${daemon}.pid`), 'utf8')).trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    await readlink(`/proc/${pid}/ns/uts`);
    return pid;
  } catch {
    return undefined;
  }
}

async function namespaceOf(pid: number | 'self', kind: string): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

export async function frrPlace(vtyDir: string, netns?: string): Promise<FrrPlace> {
  const zebra = await daemonPid(vtyDir, 'zebra');
  const theirs = zebra === undefined ? undefined : await namespaceOf(zebra, 'uts');
  const ours = await namespaceOf('self', 'uts');
  const enterUts = zebra !== undefined && theirs !== undefined && theirs !== ours;
  const args: string[] = [];
  if (enterUts) args.push('--target', String(zebra), '--uts');
  if (netns !== undefined) args.push(`--net=/run/netns/${netns}`);
  return { prefix: args.length === 0 ? [] : ['nsenter', ...args, '--'], sharedUts: !enterUts };
}
