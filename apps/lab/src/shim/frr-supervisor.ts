/**
 * An emulated switch's FRR kept running, as SONiC's supervisord keeps the bgp container's
 * daemons: zebra 8.4 with netns VRFs can abort when a VRF goes (docs/adr/0044). A switch whose
 * zebra, bgpd or staticd stopped has its FRR started again with its VRF namespaces bound before
 * zebra starts (docs/adr/0096); its agent finds FRR without configuration and applies it again.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { daemonPid, FRR_DAEMONS, startFrr } from '../frr.js';
import { stopPids } from '../processes.js';
import { alive } from '../system.js';
import { listNamespaces } from '../topology.js';
import { switchVrfs, type SwitchHandle } from './linux.js';

/** Stops what is left of the switch's FRR and starts it again with its VRF namespaces bound. */
export async function restartFrr(handle: SwitchHandle): Promise<void> {
  const pids: number[] = [];
  for (const daemon of FRR_DAEMONS) {
    const pid = await daemonPid(handle.frr, daemon);
    if (pid !== undefined) pids.push(pid);
  }
  await stopPids(pids);
  for (const daemon of FRR_DAEMONS) await rm(join(handle.frr.run, `${daemon}.pid`), { force: true });
  const vrfs = switchVrfs(handle, await listNamespaces());
  await startFrr({ netns: handle.netns, hostname: handle.name, paths: handle.frr, vrfs });
}

/** The daemons of the switch's FRR that are not running. */
export async function stoppedDaemons(handle: SwitchHandle): Promise<string[]> {
  const stopped: string[] = [];
  for (const daemon of FRR_DAEMONS) {
    const pid = await daemonPid(handle.frr, daemon);
    if (pid === undefined || !(await alive(pid))) stopped.push(daemon);
  }
  return stopped;
}

/** Starts the switch's FRR again when a daemon of it stopped; says what it did. */
export async function superviseFrr(handle: SwitchHandle): Promise<string[]> {
  const stopped = await stoppedDaemons(handle);
  if (stopped.length === 0) return [];
  await restartFrr(handle);
  return [`started FRR again: ${stopped.join(', ')} had stopped`];
}
