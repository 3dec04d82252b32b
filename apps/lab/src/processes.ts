/**
 * The lab's long-running processes (weft serve, the shim, one agent per switch): detached from
 * the `weft lab up` that starts them, logging to the lab directory, marked with WEFT_LAB_DIR. And
 * the other half: finding and stopping every process of a lab, by PID only.
 */
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB_MARKER, logPath, type LabProcess } from './lab-state.js';
import { alive, sleep, spawnDetached } from './system.js';

/** bin/weft.js of this checkout (dist/apps/lab/src -> the repository root). */
export const WEFT_BIN = fileURLToPath(new URL('../../../../bin/weft.js', import.meta.url));

export function labEnvironment(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, [LAB_MARKER]: dir, ...extra };
}

/** Starts `command` detached, its output in `<dir>/_logs/<name>.log`. */
export async function startProcess(dir: string, name: string, command: readonly string[], extraEnv: Record<string, string> = {}): Promise<LabProcess> {
  const log = logPath(dir, name);
  await mkdir(dirname(log), { recursive: true });
  const handle = await open(log, 'a');
  try {
    const pid = await spawnDetached(command, handle.fd, labEnvironment(dir, extraEnv));
    return { name, pid };
  } finally {
    await handle.close();
  }
}

/** The last `count` lines of a lab process's log, for an error a person reads ('' when it has none). */
export async function logTail(dir: string, name: string, count = 20): Promise<string> {
  try {
    const text = (await readFile(logPath(dir, name), 'utf8')).trimEnd();
    return text === '' ? '' : text.split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/** `node bin/weft.js ARGS`, with the Node that runs this (the pinned one). */
export function weftCommand(...args: string[]): string[] {
  return [process.execPath, WEFT_BIN, ...args];
}

/** PIDs of processes whose environment marks them as this lab's. */
export async function markedProcesses(dir: string): Promise<number[]> {
  const marker = `${LAB_MARKER}=${dir}\0`;
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = await readFile(join('/proc', entry, 'environ'), 'latin1');
      if (`${environ}\0`.includes(marker)) out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** SIGTERM, up to `graceMs` to exit, then SIGKILL; returns the PIDs that needed the KILL. */
export async function stopPids(pids: readonly number[], graceMs = 5000): Promise<number[]> {
  const targets = [...new Set(pids)].filter((pid) => pid > 1 && pid !== process.pid);
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  let left = targets;
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    const still: number[] = [];
    for (const pid of left) if (await alive(pid)) still.push(pid);
    left = still;
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left;
}
