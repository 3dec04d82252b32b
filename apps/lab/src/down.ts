/**
 * `weft lab down`: stops every process of the lab (agents and shim, FRR and Redis by their pid
 * files, the service and its PostgreSQL, anything left carrying the lab's marker or running in
 * one of its namespaces), deletes its namespaces (also the VRF and DHCP service namespaces the
 * shim made) and its
 * files. It works from the state file alone, so it also cleans up after an `up` that failed or
 * was killed; it never touches a namespace or process that is not the lab's.
 */
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseVrfNetns } from '#lab';
import { frrPaths, FRR_DAEMONS } from './frr.js';
import { peerDir, readState, statePath, switchDir, type LabState } from './lab-state.js';
import { markedProcesses, stopPids } from './processes.js';
import { listNamespaces } from './topology.js';
import { ipBatch, run } from './system.js';
import type { Io } from './up.js';

async function pidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The namespaces of this lab that exist now: its nodes' and their VRFs'. */
export async function labNamespaces(state: LabState): Promise<string[]> {
  const switches = new Set(state.plan?.switches.map((s) => s.name) ?? []);
  const own = new Set(state.netns);
  // a VRF namespace of a switch, or a DHCP service namespace (`<prefix>_dhcp@VrfN`)
  return (await listNamespaces()).filter((name) => own.has(name) || switches.has(parseVrfNetns(state.prefix, name)?.switch ?? '') || parseVrfNetns(state.prefix, name)?.switch === '_dhcp');
}

async function namespacePids(namespaces: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (const netns of namespaces) {
    const result = await run(['ip', 'netns', 'pids', netns]);
    for (const line of result.stdout.split('\n')) if (/^\d+$/.test(line.trim())) out.push(Number(line.trim()));
  }
  return out;
}

/** Only what the lab puts in its directory is removed; the directory goes when that leaves it empty. */
async function removeFiles(state: LabState): Promise<void> {
  const nodes = [...(state.plan?.switches.map((s) => switchDir(state.dir, s.name)) ?? []), ...(state.plan?.peers.map((p) => peerDir(state.dir, p.name)) ?? [])];
  for (const path of [...nodes, ...['_seed', '_logs', '_tokens', '_serve', '_peers', '_dhcp'].map((d) => join(state.dir, d))]) {
    await rm(path, { recursive: true, force: true });
  }
  await rm(statePath(state.dir), { force: true });
  for (const entry of await readdir(state.dir).catch(() => [])) if (entry.startsWith('state.json.')) await rm(join(state.dir, entry), { force: true });
  await rmdir(state.dir).catch(() => undefined);
}

export async function labDown(dir: string, io: Io): Promise<number> {
  const state = await readState(dir);
  const marked = await markedProcesses(dir);
  if (state === undefined) {
    if (marked.length > 0) await stopPids(marked);
    io.out(marked.length > 0 ? `no lab state in ${dir}; stopped ${marked.length} of its processes\n` : `no lab in ${dir}\n`);
    return 0;
  }
  const stopped = new Set<number>();
  const stop = async (pids: readonly (number | undefined)[], graceMs?: number): Promise<void> => {
    const list = pids.filter((p): p is number => p !== undefined && !stopped.has(p));
    list.forEach((p) => stopped.add(p));
    if (list.length > 0) await stopPids(list, graceMs);
  };
  // the agents and the shim first, so nothing repairs what is being taken down
  await stop(state.processes.filter((p) => p.name !== 'serve').map((p) => p.pid));
  const homes = [...(state.plan?.switches.map((s) => switchDir(dir, s.name)) ?? []), ...(state.plan?.peers.map((p) => peerDir(dir, p.name)) ?? [])];
  await stop(await Promise.all(homes.flatMap((home) => FRR_DAEMONS.map((d) => pidFile(join(frrPaths(home).run, `${d}.pid`))))));
  await stop(await Promise.all(homes.map((home) => pidFile(join(home, 'redis.pid')))));
  // weft serve stops its PostgreSQL on SIGTERM
  await stop(state.processes.filter((p) => p.name === 'serve').map((p) => p.pid), 20_000);
  await stop(await markedProcesses(dir));
  const namespaces = await labNamespaces(state);
  await stop(await namespacePids(namespaces));
  await ipBatch(undefined, namespaces.map((n) => `netns del ${n}`), true);
  const left = await labNamespaces(state);
  await removeFiles(state);
  io.out(`lab down: ${stopped.size} processes stopped, ${namespaces.length - left.length} namespaces deleted, ${dir} removed\n`);
  if (left.length > 0) {
    io.err(`weft lab down: these namespaces could not be deleted: ${left.join(', ')}\n`);
    return 1;
  }
  return 0;
}
