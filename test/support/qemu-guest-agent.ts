/**
 * A real QEMU guest agent for tests (Debian qemu-guest-agent): `qemu-ga -m unix-listen` on a
 * socket in a temporary directory, with its own state directory and pid file, so that it neither
 * needs a VM nor collides with another qemu-ga. guest-exec finds programs on the PATH given here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const QEMU_GA = '/usr/sbin/qemu-ga';

export function qemuGaUnavailable(): string | undefined {
  if (!existsSync(QEMU_GA)) return `${QEMU_GA} is not installed (Debian package qemu-guest-agent)`;
  return undefined;
}

export interface QemuGuestAgent {
  readonly socket: string;
  stop(): Promise<void>;
}

async function waitForSocket(path: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`qemu-ga exited with ${child.exitCode}: ${log()}`);
    if (existsSync(path)) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(path);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => {
          resolve(false);
        });
      });
      if (open) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`qemu-ga did not listen on ${path}: ${log()}`);
}

export async function startQemuGuestAgent(dir: string, environment: NodeJS.ProcessEnv): Promise<QemuGuestAgent> {
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'qga.sock');
  let log = '';
  const child = spawn(QEMU_GA, ['-m', 'unix-listen', '-p', socket, '-t', dir, '-f', join(dir, 'qemu-ga.pid')], { stdio: ['ignore', 'ignore', 'pipe'], env: environment });
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  await waitForSocket(socket, child, () => log);
  return {
    socket,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
