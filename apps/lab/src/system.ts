/**
 * Running the host's tools (ip, nft, nsenter, vtysh, redis-server): argument lists only, never a
 * shell line built from names, and an error that says which command failed and what it printed.
 */
import { execFile, spawn } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly result: RunResult,
  ) {
    super(`${command.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs a command to completion; never throws for a non-zero exit (see `runOk`). */
export function run(command: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new Error('empty command'));
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 60_000, ...(options.env === undefined ? {} : { env: options.env }) },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          // a spawn failure (the program is missing) or a kill, not an exit status
          if (error.code === 'ENOENT') reject(new Error(`${file} is not installed (or not on PATH)`));
          else if (error.killed) resolve({ stdout, stderr: `${stderr}\n(timed out after ${options.timeoutMs ?? 60_000} ms)`, code: 124 });
          else reject(new Error(`${file} failed to run: ${error.message}`));
          return;
        }
        resolve({ stdout, stderr, code: error === null ? 0 : Number(error.code) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export async function runOk(command: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(command, options);
  if (result.code !== 0) throw new CommandError(command, result);
  return result.stdout;
}

/** `ip -n NS ...`, or `ip ...` in this namespace when `netns` is undefined. */
export function ipCommand(netns: string | undefined, ...args: string[]): string[] {
  return netns === undefined ? ['ip', ...args] : ['ip', '-n', netns, ...args];
}

/** `ip -batch -`: many commands in one process; `force` keeps going past a failing line. */
export async function ipBatch(netns: string | undefined, lines: readonly string[], force = false): Promise<RunResult> {
  if (lines.length === 0) return { stdout: '', stderr: '', code: 0 };
  return run([...ipCommand(netns), ...(force ? ['-force'] : []), '-batch', '-'], { input: `${lines.join('\n')}\n` });
}

/** A command inside a named network namespace (`ip netns exec`). */
export function inNetns(netns: string, command: readonly string[]): string[] {
  return ['ip', 'netns', 'exec', netns, ...command];
}

/**
 * A long-running child, detached into its own session so it outlives the command that started
 * it; output to `logFile`. Resolves with its PID once spawned.
 */
export function spawnDetached(command: readonly string[], logFd: number, env: NodeJS.ProcessEnv): Promise<number> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new Error('empty command'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', logFd, logFd], env });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      if (child.pid === undefined) reject(new Error(`${file} did not start`));
      else resolve(child.pid);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True while a process with this PID exists (and is not a zombie). */
export async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const { readFile } = await import('node:fs/promises');
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}
