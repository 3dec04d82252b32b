/**
 * `weft serve` as a child process, the way `npm start` runs it: on a free loopback port, with the
 * service's environment variables replaced. Killed when the test ends, so a failed assertion
 * never leaves the service (and its PostgreSQL) running.
 */
import type { TestContext } from 'node:test';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/net.js';

/** dist/apps/api/test/support/ -> the repository root */
export const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const WEFT = join(ROOT, 'bin/weft.js');

const SERVICE_VARIABLES = ['PORT', 'HOST', 'WEFT_DATA', 'DATABASE_URL', 'WEFT_ADMIN_TOKEN', 'LOG_LEVEL'];

/** This environment without the service's variables, plus `extra`. */
export function serviceEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !SERVICE_VARIABLES.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface WeftProcess {
  readonly port: number;
  readonly base: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** resolves with the exit code */
  readonly exited: Promise<number | null>;
  /** the `Weft listening on ...` line */
  readonly listening: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** Starts `weft serve` with `extra` on a free port; resolves once it says it listens. */
export async function spawnWeftServe(t: TestContext, extra: Record<string, string>): Promise<WeftProcess> {
  const port = await freePort();
  const env = serviceEnvironment({ PORT: String(port), HOST: '127.0.0.1', ...extra });
  const child = spawn(process.execPath, [WEFT, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolveExit) => {
    child.on('exit', (code) => {
      resolveExit(code);
    });
  });
  t.after(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const listening = await new Promise<string>((resolveLine, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('Weft listening'));
      if (line !== undefined) resolveLine(line);
    });
    void exited.then((code) => {
      reject(new Error(`weft serve exited ${String(code)} before listening: ${stderr}`));
    });
  });
  return { port, base: `http://127.0.0.1:${port}`, child, exited, listening, stdout: () => stdout, stderr: () => stderr };
}
