/**
 * The lab directory and its state file: everything `weft lab up` makes is written down there
 * before it is made, so `weft lab down` finds it again, also after an `up` that failed or was
 * killed half way. Every process the lab starts carries WEFT_LAB_DIR=<dir> in its environment,
 * which is how `down` recognises one whose PID was never recorded.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LabPlan } from '#lab';

export const DEFAULT_LAB_DIR = '/tmp/weft-lab';
export const DEFAULT_PREFIX = 'weft-';
/** the environment variable marking the lab's processes */
export const LAB_MARKER = 'WEFT_LAB_DIR';

export interface LabProcess {
  readonly name: string;
  readonly pid: number;
}

export interface LabState {
  readonly version: 1;
  readonly dir: string;
  readonly prefix: string;
  readonly files: readonly string[];
  readonly createdAt: string;
  plan?: LabPlan;
  /** namespaces this lab may have made (written before they are made) */
  netns: string[];
  processes: LabProcess[];
  serve?: { readonly url: string; readonly port: number };
  /** set once `up` finished */
  ready: boolean;
}

export interface LabOptions {
  readonly dir?: string;
  readonly prefix?: string;
}

export function labDir(options: LabOptions, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(options.dir ?? env.WEFT_LAB_DIR ?? DEFAULT_LAB_DIR);
}

export const statePath = (dir: string): string => join(dir, 'state.json');

/** The lab's state, or undefined when there is no lab in `dir`. */
export async function readState(dir: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(dir), 'utf8');
  } catch {
    return undefined;
  }
  const value = JSON.parse(text) as LabState;
  if ((value as { version?: unknown }).version !== 1) throw new Error(`${statePath(dir)} was written by another version of weft lab`);
  return value;
}

/** Written whole to a temporary file, then renamed: a crash never leaves half a state file. */
export async function writeState(state: LabState): Promise<void> {
  await mkdir(state.dir, { recursive: true });
  const target = statePath(state.dir);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, target);
}

/**
 * Where each switch keeps its Redis, FRR and agent files: `<dir>/<switch>/`, so the default lab
 * matches wiring/lab.yaml's `management.redis: unix:///tmp/weft-lab/<switch>/redis.sock`. The
 * lab's own directories start with `_`, which no object name can.
 */
export function switchDir(dir: string, sw: string): string {
  return join(dir, sw);
}

export function peerDir(dir: string, peer: string): string {
  return join(dir, '_peers', peer);
}

export const serveDir = (dir: string): string => join(dir, '_serve');
export const tokenPath = (dir: string, name: string): string => join(dir, '_tokens', name);
export const logPath = (dir: string, name: string): string => join(dir, '_logs', `${name}.log`);
