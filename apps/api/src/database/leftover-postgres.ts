/**
 * A PostgreSQL left running on our data directory by a weft that died (kill -9, OOM): its
 * `postmaster.pid` names it. Weft holds the data directory's lock (data-dir-lock.ts), so a live
 * server of this directory has no owner any more: it is stopped, politely first (fast shutdown,
 * which rolls back what its dead clients left open), and the start goes on as usual.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processAlive } from './data-dir-lock.js';

export interface PostmasterPid {
  readonly pid: number;
  readonly dataDir: string;
  readonly port?: number;
}

/** Lines 1, 2 and 4 of postmaster.pid: the postmaster's pid, its data directory, its port. */
export async function readPostmasterPid(databaseDir: string): Promise<PostmasterPid | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(databaseDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const [pidText, dataDir, , portText] = text.split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || dataDir === undefined) return undefined;
  const port = Number(portText);
  return { pid, dataDir, ...(Number.isInteger(port) && port > 0 ? { port } : {}) };
}

/** Whether `pid` is a postgres of `databaseDir` (its command line, where /proc tells). */
function isPostgresOf(pid: number, databaseDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((arg) => /postgres$/.test(arg)) && args.includes(resolve(databaseDir));
  } catch {
    // no /proc (not Linux): trust postmaster.pid
    return processAlive(pid);
  }
}

/**
 * Stops the server `postmaster.pid` names when it is alive and is a postgres of this directory;
 * returns its pid then. SIGINT (fast shutdown), then SIGQUIT (immediate), then SIGKILL.
 */
export async function stopLeftoverPostgres(databaseDir: string, log: (message: string) => void): Promise<number | undefined> {
  const found = await readPostmasterPid(databaseDir);
  if (found === undefined || !processAlive(found.pid) || !isPostgresOf(found.pid, databaseDir)) return undefined;
  log(`a PostgreSQL left running on ${databaseDir} (pid ${found.pid}) by an earlier weft is stopped`);
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
    ['SIGKILL', 10_000],
  ] as const) {
    try {
      process.kill(found.pid, signal);
    } catch {
      return found.pid;
    }
    for (let waited = 0; waited < waitMs; waited += 100) {
      if (!processAlive(found.pid)) return found.pid;
      await sleep(100);
    }
  }
  return found.pid;
}
