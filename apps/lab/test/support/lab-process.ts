/**
 * Running `weft lab` in tests the way a person does, as a child process of bin/weft.js, in a lab
 * directory and with a namespace prefix of the test's own (`wl-...`), so it never meets another
 * lab on the machine. And the lab's API, through the architect token `up` leaves in the lab.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabApi } from '../../src/api.js';
import { missingPrerequisites } from '../../src/prereqs.js';
import { readState } from '../../src/lab-state.js';

/** dist/apps/lab/test/support -> the repository root */
export const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const WEFT = join(ROOT, 'bin/weft.js');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function weft(args: readonly string[], options: { timeoutMs?: number; onStdout?: (text: string) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEFT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Why the lab cannot run here, or undefined when it can. */
export async function labUnavailable(): Promise<string | undefined> {
  const missing = await missingPrerequisites();
  return missing.length === 0 ? undefined : missing.join('; ');
}

/** A fresh lab directory and a prefix of the test's own, e.g. `wl-k3f9-`. */
export async function labPlace(): Promise<{ dir: string; prefix: string }> {
  const dir = await mkdtemp('/tmp/wl-lab-');
  const tag = dir.slice(-4).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  return { dir, prefix: `wl-${tag}-` };
}

export async function labApi(dir: string): Promise<LabApi> {
  const state = await readState(dir);
  if (state?.serve === undefined) throw new Error(`no lab service in ${dir}`);
  return new LabApi(state.serve.url, (await readFile(join(dir, '_tokens', 'architect'), 'utf8')).trim());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value or the time is up; the error names what was waited for. */
export async function eventually<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e instanceof Error ? e : new Error(String(e));
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${last.message}`}`);
    await sleep(500);
  }
}
