/**
 * FRR for one lab node, run the way the lab feasibility study found to work (recipe B with a
 * private mount namespace): zebra, bgpd and staticd inside the node's network namespace, in a UTS
 * namespace of their own (so FRR 8.4 shows the node's hostname), and in a private mount namespace
 * where /etc/frr, /var/run/frr and /var/run/netns are the node's own directories. So FRR runs with
 * its default paths, `vtysh` inside `weft lab exec` finds it, and zebra's netns VRF backend (`-n`)
 * sees only this switch's VRF namespaces, which the shim (or an FRR node's agent) binds there.
 */
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inNetns, runOk } from './system.js';

export interface FrrPaths {
  /** /etc/frr inside */
  readonly etc: string;
  /** /var/run/frr inside: vty sockets, zserv.api, pid files */
  readonly run: string;
  /** /var/run/netns inside: the VRF namespaces zebra sees */
  readonly vrfns: string;
  readonly log: string;
}

export function frrPaths(nodeDir: string): FrrPaths {
  return { etc: join(nodeDir, 'frr'), run: join(nodeDir, 'frr-run'), vrfns: join(nodeDir, 'vrfns'), log: join(nodeDir, 'frr-log') };
}

export const FRR_DAEMONS = ['zebra', 'bgpd', 'staticd'] as const;

async function frrIds(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('frr:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('there is no user frr (install the frr package)');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Single quotes for sh, for paths the lab chose (no user text reaches this). */
function sh(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

export interface FrrStart {
  readonly netns: string;
  readonly hostname: string;
  readonly paths: FrrPaths;
  /** frr.conf to boot with (`vtysh -b`); empty: the agent applies the configuration */
  readonly config?: string;
  /**
   * VRF namespaces (`/run/netns/<netns>`) bound as `/var/run/netns/<vrf>` before zebra starts, so
   * zebra binds them as it reads the directory at start. Shown to a running zebra instead, a
   * namespace goes through its inotify watch, and a VRF that watch meets `inactive` can crash
   * FRR 8.4 (docs/adr/0096).
   */
  readonly vrfs?: readonly { readonly vrf: string; readonly netns: string }[];
}

export async function startFrr(start: FrrStart): Promise<void> {
  const { paths } = start;
  const ids = await frrIds();
  for (const dir of [paths.etc, paths.run, paths.vrfns, paths.log]) {
    await mkdir(dir, { recursive: true });
    await chown(dir, ids.uid, ids.gid);
  }
  await writeFile(join(paths.etc, 'vtysh.conf'), 'service integrated-vtysh-config\n');
  await writeFile(join(paths.etc, 'frr.conf'), start.config ?? '');
  for (const file of ['vtysh.conf', 'frr.conf']) await chown(join(paths.etc, file), ids.uid, ids.gid);
  const daemon = (name: string, extra: string): string => `/usr/lib/frr/${name} -d -F datacenter -A 127.0.0.1 ${extra}--log file:${sh(join(paths.log, `${name}.log`))}`;
  const script = [
    `hostname ${sh(start.hostname)}`,
    `mount --bind ${sh(paths.run)} /var/run/frr`,
    `mount --bind ${sh(paths.etc)} /etc/frr`,
    // before the rbind hides the host's /run/netns
    ...(start.vrfs ?? []).map((v) => `{ [ -e ${sh(join(paths.vrfns, v.vrf))} ] || touch ${sh(join(paths.vrfns, v.vrf))}; } && mount --bind ${sh(`/run/netns/${v.netns}`)} ${sh(join(paths.vrfns, v.vrf))}`),
    `mount --rbind ${sh(paths.vrfns)} /var/run/netns`,
    daemon('zebra', '-n -s 90000000 '),
    daemon('bgpd', ''),
    daemon('staticd', ''),
    ...(start.config === undefined || start.config === '' ? [] : ['vtysh -b >/dev/null']),
  ].join(' && ');
  await runOk(inNetns(start.netns, ['unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c', script]), { timeoutMs: 60_000 });
}

/** The PID of a daemon from its pid file, or undefined. */
export async function daemonPid(paths: FrrPaths, daemon: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(paths.run, `${daemon}.pid`), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** `vtysh` against this node's FRR from outside (its vty sockets), in its UTS namespace so it shows its hostname. */
export async function vtysh(paths: FrrPaths, commands: readonly string[]): Promise<string> {
  const zebra = await daemonPid(paths, 'zebra');
  const base = ['vtysh', '--vty_socket', paths.run, ...commands.flatMap((c) => ['-c', c])];
  return runOk(zebra === undefined ? base : ['nsenter', `--uts=/proc/${zebra}/ns/uts`, ...base], { timeoutMs: 30_000 });
}

/** A command in the node's FRR mount namespace (where `ip -n Vrf1` names its VRF namespaces). */
export async function inFrrMounts(paths: FrrPaths, command: readonly string[]): Promise<string[]> {
  const zebra = await daemonPid(paths, 'zebra');
  if (zebra === undefined) throw new Error(`FRR of ${paths.run} is not running (no zebra.pid)`);
  return ['nsenter', `--mount=/proc/${zebra}/ns/mnt`, '--', ...command];
}
