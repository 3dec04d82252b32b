/**
 * Locates the conformance tools of ../shared (SONiC YANG validator, VyOS schema validator) and
 * FRR's vtysh, and runs them on files. Outside CI, a missing tool makes the test say it is
 * skipped and why; in CI (CI=true) a missing tool is a failure.
 */
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestContext } from 'node:test';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const SHARED_DIR = process.env.WEFT_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');

export interface ToolResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly output: string;
}

export type Tool = 'sonic-validate' | 'vyos-validate' | 'vtysh';

function commandPath(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const out = r.stdout.trim();
  return r.status === 0 && out !== '' ? out : undefined;
}

/** Why the tool cannot run here, or undefined when it can. */
export function toolUnavailable(tool: Tool): string | undefined {
  switch (tool) {
    case 'sonic-validate':
      if (!existsSync(join(SHARED_DIR, 'tools', 'sonic-validate'))) return `${SHARED_DIR}/tools/sonic-validate is absent (../shared is not beside this clone)`;
      if (commandPath('yanglint') === undefined) return 'yanglint is not installed (Debian package libyang2-tools)';
      return undefined;
    case 'vyos-validate':
      if (!existsSync(join(SHARED_DIR, 'tools', 'vyos-validate'))) return `${SHARED_DIR}/tools/vyos-validate is absent (../shared is not beside this clone)`;
      return undefined;
    case 'vtysh':
      if (commandPath('vtysh') === undefined) return 'vtysh is not installed (Debian package frr)';
      return undefined;
  }
}

/**
 * Returns true when the tool can run. Otherwise skips the test with the reason, or, in CI,
 * fails it: conformance must always run there.
 */
export function requireTool(t: TestContext, tool: Tool): boolean {
  const why = toolUnavailable(tool);
  if (why === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`conformance tool ${tool} is required in CI: ${why}`);
  t.skip(`${tool} unavailable: ${why}`);
  return false;
}

export function runTool(tool: Tool, file: string, extraArgs: readonly string[] = []): ToolResult {
  let command: string;
  let args: string[];
  switch (tool) {
    case 'sonic-validate':
      command = process.execPath;
      args = [join(SHARED_DIR, 'tools', 'sonic-validate'), ...extraArgs, file];
      break;
    case 'vyos-validate':
      command = process.execPath;
      args = [join(SHARED_DIR, 'tools', 'vyos-validate'), ...extraArgs, file];
      break;
    case 'vtysh':
      command = 'vtysh';
      args = ['-C', '-f', file, ...extraArgs];
      break;
  }
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  return { ok: r.status === 0, status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Writes text to a temporary file, runs the tool on it, and removes the file. */
export function runToolOnText(tool: Tool, text: string, fileName: string, extraArgs: readonly string[] = []): ToolResult {
  const dir = mkdtempSync(join(tmpdir(), 'weft-conformance-'));
  try {
    const file = join(dir, fileName);
    writeFileSync(file, text);
    return runTool(tool, file, extraArgs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
