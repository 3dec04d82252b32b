/**
 * A real OpenSSH server for tests (Debian openssh-server), on a loopback port, with its own host
 * key, configuration and authorized_keys in a temporary directory. Every login runs `forceCommand`
 * (sshd's ForceCommand) as the current user, with key authentication only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/net.js';

export const SSHD = '/usr/sbin/sshd';

/** Why sshd cannot run here, or undefined. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian package openssh-server)`;
  if (spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error !== undefined) return 'ssh-keygen is not installed (Debian package openssh-client)';
  return undefined;
}

export interface KeyPair {
  readonly privateKeyFile: string;
  /** the `.pub` line: `ssh-ed25519 AAAA... comment` */
  readonly publicKey: string;
}

/** A new ed25519 key pair, by ssh-keygen. */
export function generateKeyPair(file: string, comment: string): KeyPair {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
  return { privateKeyFile: file, publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
}

export interface OpenSshServer {
  readonly port: number;
  readonly user: string;
  readonly hostKey: KeyPair;
  readonly clientKey: KeyPair;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}: ${log()}`);
}

export async function startOpenSshServer(dir: string, forceCommand: string): Promise<OpenSshServer> {
  mkdirSync(dir, { recursive: true });
  const hostKey = generateKeyPair(join(dir, 'host_ed25519'), 'stand-in host key');
  const clientKey = generateKeyPair(join(dir, 'client_ed25519'), 'weft agent');
  writeFileSync(join(dir, 'authorized_keys'), `${clientKey.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const user = userInfo().username;
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey.privateKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'AuthenticationMethods publickey',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'StrictModes no',
      'UsePAM no',
      'PrintMotd no',
      'LogLevel ERROR',
      `ForceCommand ${forceCommand}`,
      '',
    ].join('\n'),
  );
  // privilege separation needs this directory when sshd runs as root
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let stderr = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  await waitForPort(port, child, () => stderr);
  return {
    port,
    user,
    hostKey,
    clientKey,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
