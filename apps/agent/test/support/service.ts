/**
 * A real `weft serve` (embedded PostgreSQL in a temporary WEFT_DATA, the sample fabric loaded) and
 * real `weft agent` processes for the end-to-end agent tests.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { spawnWeftServe, WEFT } from '../../../api/test/support/weft-process.js';

export const ADMIN_TOKEN = 'agent-tests-admin-secret-0123456789';

export interface Service {
  readonly base: string;
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** an agent-role token for `switchName`, in a file */
  agentTokenFile(switchName: string): Promise<string>;
  /** SIGTERM, then `weft serve` again on the same port and data */
  restart(): Promise<void>;
}

export async function startService(t: TestContext): Promise<Service> {
  const data = mkdtempSync(join(tmpdir(), 'wag-weft-'));
  t.after(() => {
    rmSync(data, { recursive: true, force: true });
  });
  const environment = { WEFT_DATA: data, WEFT_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'warn' };
  let weft = await spawnWeftServe(t, environment);
  const { base, port } = weft;
  const call = async (method: string, path: string, body?: unknown, token = ADMIN_TOKEN): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };
  return {
    base,
    call,
    async restart() {
      weft.child.kill('SIGTERM');
      await weft.exited;
      weft = await spawnWeftServe(t, { ...environment, PORT: String(port) });
    },
    async agentTokenFile(switchName) {
      const created = await call('POST', '/api/v1/tokens', { name: `wag-agent-${switchName}-${Date.now()}`, role: 'agent', switch: switchName });
      assert.ok(created.status === 200 || created.status === 201, JSON.stringify(created.body));
      const file = join(data, `${switchName}.token`);
      writeFileSync(file, `${String(created.body.token)}\n`, { mode: 0o600 });
      return file;
    },
  };
}

export interface LogLine {
  readonly level: string;
  readonly event: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface AgentProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<number | null>;
  readonly lines: LogLine[];
  /** resolves with the first log line `match` accepts (already seen or still to come) */
  line(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  stderr(): string;
}

/** `weft agent ...` as a child process; killed when the test ends. */
export function spawnAgent(t: TestContext, args: readonly string[], env: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [WEFT, 'agent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    resolve(code);
  }));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const lines: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let raw = '';
  let partial = '';
  child.stdout.resume();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    raw += chunk;
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  return {
    child,
    exited,
    lines,
    stderr: () => raw,
    line(match, what, timeoutMs = 60_000) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no log line ${what} within ${timeoutMs} ms; the agent said:\n${raw}`));
        }, timeoutMs);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          setTimeout(() => {
            reject(new Error(`the agent exited before ${what}:\n${raw}`));
          }, 100);
        });
      });
    },
  };
}
