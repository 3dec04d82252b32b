/**
 * `weft agent --switch NAME` flags for a VyOS switch, and how they combine with the Switch's
 * spec.management.ssh (the default way to reach it):
 *
 *   --ssh HOST[:PORT]      SSH to HOST (default: spec.management.ssh.host and .port, port 22)
 *   --ssh-user USER        default: spec.management.ssh.user, else vyos
 *   --ssh-key FILE         the private key (required for SSH; spec.management.ssh.secretRef names
 *                          a Kubernetes Secret, which an agent outside Kubernetes cannot read)
 *   --known-hosts FILE     pinned host keys (default: spec.management.ssh.hostKey when set, else
 *                          ~/.ssh/known_hosts); an unknown or changed key is refused
 *   --qga SOCKET           the QEMU guest agent's unix socket instead of SSH
 *   --confirm-minutes N    commit-confirm N (default 2)
 *   --vbash PATH           VyOS's shell (default /bin/vbash)
 */
import { join } from 'node:path';
import type { SwitchSpec } from '#api';
import type { VyosDriverOptions } from './options.js';

export interface VyosFlags {
  readonly ssh?: string;
  readonly sshUser?: string;
  readonly sshKey?: string;
  readonly knownHosts?: string;
  readonly qga?: string;
  readonly confirmMinutes?: string;
  readonly vbash?: string;
}

/** For a commander Command: `.option(flags, description)` each. */
export const VYOS_FLAGS: readonly { readonly flags: string; readonly description: string }[] = [
  { flags: '--ssh <host[:port]>', description: 'VyOS: SSH to this address (default: the Switch spec.management.ssh host and port)' },
  { flags: '--ssh-user <user>', description: 'VyOS: SSH user (default: spec.management.ssh.user, else vyos)' },
  { flags: '--ssh-key <file>', description: 'VyOS: SSH private key file' },
  { flags: '--known-hosts <file>', description: 'VyOS: pinned SSH host keys (default: spec.management.ssh.hostKey, else ~/.ssh/known_hosts)' },
  { flags: '--qga <socket>', description: "VyOS: the router VM's QEMU guest agent socket, instead of SSH" },
  { flags: '--confirm-minutes <n>', description: 'VyOS: commit-confirm minutes before VyOS rolls back an unconfirmed change (default 2)' },
  { flags: '--vbash <path>', description: "VyOS: the router's vbash (default /bin/vbash)" },
];

type Management = SwitchSpec['management'];

/** `host`, `host:port`, `[v6]:port`; a bare IPv6 address is a host. */
export function parseHostPort(text: string): { host: string; port?: number } | string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const found = bracketed ?? plain;
  if (found === null) return text.includes(':') && !text.includes('[') ? { host: text } : `--ssh: expected HOST or HOST:PORT, got ${JSON.stringify(text)}`;
  const host = found[1] ?? '';
  if (found[2] === undefined) return { host };
  const port = Number(found[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `--ssh: the port must be 1 to 65535, got ${found[2]}`;
  return { host, port };
}

/**
 * The driver options for switch `name` from the flags and its spec.management; or the problems,
 * each naming the flag (a usage error).
 */
export function vyosDriverOptionsFrom(name: string, flags: VyosFlags, management: Management, home: string): { options: VyosDriverOptions } | { problems: string[] } {
  const problems: string[] = [];
  let confirmMinutes: number | undefined;
  if (flags.confirmMinutes !== undefined) {
    confirmMinutes = Number(flags.confirmMinutes);
    if (!/^\d+$/.test(flags.confirmMinutes) || confirmMinutes < 1 || confirmMinutes > 60) problems.push(`--confirm-minutes must be 1 to 60, got ${JSON.stringify(flags.confirmMinutes)}`);
  }
  const common = { switch: name, ...(confirmMinutes === undefined ? {} : { confirmMinutes }), ...(flags.vbash === undefined ? {} : { vbash: flags.vbash }) };
  if (flags.qga !== undefined) {
    for (const flag of ['ssh', 'sshUser', 'sshKey', 'knownHosts'] as const) {
      if (flags[flag] !== undefined) problems.push(`--qga and --${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} cannot be combined: the guest agent needs no SSH`);
    }
    return problems.length > 0 ? { problems } : { options: { ...common, target: { kind: 'qga', socket: flags.qga } } };
  }
  const ssh = management?.ssh;
  let host = ssh?.host;
  let port = ssh?.port;
  if (flags.ssh !== undefined) {
    const parsed = parseHostPort(flags.ssh);
    if (typeof parsed === 'string') problems.push(parsed);
    else ({ host, port } = { host: parsed.host, port: parsed.port ?? (parsed.host === ssh?.host ? ssh.port : undefined) });
  }
  if (host === undefined) problems.push(`switch ${name} has no spec.management.ssh: give --ssh HOST[:PORT] or --qga SOCKET`);
  if (flags.sshKey === undefined) {
    problems.push(`--ssh-key FILE is required to log in to switch ${name} over SSH${ssh?.secretRef === undefined ? '' : ` (spec.management.ssh.secretRef ${ssh.secretRef} is a Kubernetes Secret)`}`);
  }
  if (problems.length > 0 || host === undefined || flags.sshKey === undefined) return { problems };
  const pinned = flags.knownHosts !== undefined ? { knownHostsFile: flags.knownHosts } : ssh?.hostKey !== undefined ? { hostKey: ssh.hostKey } : { knownHostsFile: join(home, '.ssh', 'known_hosts') };
  return {
    options: {
      ...common,
      target: { kind: 'ssh', host, ...(port === undefined ? {} : { port }), user: flags.sshUser ?? ssh?.user ?? 'vyos', privateKeyFile: flags.sshKey, ...pinned },
    },
  };
}

/** The VYOS_FLAGS values out of a commander options object. */
export function parseVyosFlags(values: Record<string, unknown>): VyosFlags {
  const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const flags: Record<string, string> = {};
  for (const key of ['ssh', 'sshUser', 'sshKey', 'knownHosts', 'qga', 'confirmMinutes', 'vbash']) {
    const value = text(key);
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}
