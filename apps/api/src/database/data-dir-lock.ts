/**
 * One weft per data directory: `WEFT_DATA/weft.pid` holds the pid (and, on Linux, the start
 * time) of the weft that owns the directory. A lock whose process is gone (kill -9, a reboot) is
 * stale and taken over; a lock held by a live weft refuses the start, naming that process.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';

export const LOCK_FILE = 'weft.pid';

/** A process's start time in clock ticks since boot (/proc/PID/stat field 22), where there is /proc. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count from the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(root: string): Promise<DataDirLock> {
  const path = join(root, LOCK_FILE);
  const content = `${process.pid}\n${processStartTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(content);
      await handle.close();
      return { release: () => releaseLock(path, content) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new StartupError(`WEFT_DATA ${root} is not writable (${code ?? String(e)}): weft keeps its lock and PostgreSQL's data there`, { cause: e });
    }
    const holder = await readHolder(path);
    if (holder !== undefined && holder.pid !== process.pid && processAlive(holder.pid) && (holder.startTime === undefined || holder.startTime === processStartTime(holder.pid))) {
      throw new StartupError(`WEFT_DATA ${root} is in use by weft process ${holder.pid} (${path}); stop that one first, or give this one another WEFT_DATA`);
    }
    // stale: moved aside (atomic), so two starters cannot both take it over
    const aside = `${path}.stale-${process.pid}`;
    try {
      await rename(path, aside);
      await unlink(aside);
    } catch {
      // another starter moved it first; try again
    }
  }
  throw new StartupError(`WEFT_DATA ${root}: cannot take its lock ${path}; another weft is starting on it`);
}

async function readHolder(path: string): Promise<{ pid: number; startTime?: string } | undefined> {
  try {
    const [pidText, startTime] = (await readFile(path, 'utf8')).split('\n');
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, ...(startTime === undefined || startTime === '' ? {} : { startTime }) };
  } catch {
    return undefined;
  }
}

async function releaseLock(path: string, content: string): Promise<void> {
  try {
    if ((await readFile(path, 'utf8')) === content) await unlink(path);
  } catch {
    // gone already
  }
}
