/**
 * What `createVyosDriver` takes. Everything has a default except the switch and how to reach it.
 */
export interface VyosSshTarget {
  readonly kind: 'ssh';
  /** the router's management address or name (Switch spec.management.ssh.host) */
  readonly host: string;
  /** default 22 */
  readonly port?: number;
  /** default `vyos` */
  readonly user?: string;
  /** the private key to log in with (OpenSSH or PEM format) */
  readonly privateKeyFile: string;
  readonly passphrase?: string;
  /**
   * Host keys are always pinned: a known_hosts file, or `hostKey` (`ssh-ed25519 AAAA...`, the
   * Switch's spec.management.ssh.hostKey). An unknown or changed key is refused.
   */
  readonly knownHostsFile?: string;
  readonly hostKey?: string;
  /** TCP connect and SSH handshake, default 20000 */
  readonly connectTimeoutMs?: number;
  /** SSH keepalives; three missed ones drop the connection. Default 10000 */
  readonly keepaliveIntervalMs?: number;
}

export interface VyosQgaTarget {
  readonly kind: 'qga';
  /** the guest agent's unix socket on the hypervisor (or `qemu-ga -m unix-listen -p SOCKET`) */
  readonly socket: string;
  /** one guest agent command, default 30000 */
  readonly commandTimeoutMs?: number;
  /** between guest-exec-status polls, default 100 */
  readonly pollIntervalMs?: number;
}

export interface VyosDriverOptions {
  /** the Switch's name, used in every message */
  readonly switch: string;
  readonly target: VyosSshTarget | VyosQgaTarget;
  /** `commit-confirm N`: minutes VyOS waits for `confirm` before it rolls back. 1 to 60, default 2 */
  readonly confirmMinutes?: number;
  /** one script (read, apply, confirm), default 180000 */
  readonly scriptTimeoutMs?: number;
  /** VyOS's shell, default `/bin/vbash` */
  readonly vbash?: string;
  /**
   * Ethernet ports whose address, description, mtu and vrf Weft manages even when the desired
   * configuration no longer mentions them (so that a port Weft stops using is cleaned up).
   * Default: only the ports the desired configuration names.
   */
  readonly ownedPorts?: readonly string[];
}

export interface ResolvedVyosOptions {
  readonly switch: string;
  readonly confirmMinutes: number;
  readonly scriptTimeoutMs: number;
  readonly vbash: string;
  readonly ownedPorts: readonly string[];
}

/** Checks the options; every problem is named with the option it is about. */
export function checkVyosOptions(options: VyosDriverOptions): string[] {
  const problems: string[] = [];
  const integer = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) problems.push(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(options.switch)) problems.push(`switch must be a switch name, got ${JSON.stringify(options.switch)}`);
  integer('confirmMinutes', options.confirmMinutes, 1, 60);
  integer('scriptTimeoutMs', options.scriptTimeoutMs, 1000, 3_600_000);
  if (options.vbash !== undefined && !/^[A-Za-z0-9_./-]+$/.test(options.vbash)) problems.push(`vbash must be a plain path, got ${JSON.stringify(options.vbash)}`);
  for (const port of options.ownedPorts ?? []) if (!/^[A-Za-z0-9._-]{1,15}$/.test(port)) problems.push(`ownedPorts: ${JSON.stringify(port)} is not an interface name`);
  const { target } = options;
  if (target.kind === 'ssh') {
    if (target.host.trim() === '') problems.push('target.host is empty');
    integer('target.port', target.port, 1, 65535);
    if (target.user !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(target.user)) problems.push(`target.user must be a user name, got ${JSON.stringify(target.user)}`);
    if (target.privateKeyFile === '') problems.push('target.privateKeyFile is empty');
    if (target.knownHostsFile === undefined && target.hostKey === undefined) problems.push('target needs knownHostsFile or hostKey: SSH host keys are always pinned');
    integer('target.connectTimeoutMs', target.connectTimeoutMs, 100, 600_000);
    integer('target.keepaliveIntervalMs', target.keepaliveIntervalMs, 100, 600_000);
  } else {
    if (target.socket === '') problems.push('target.socket is empty');
    integer('target.commandTimeoutMs', target.commandTimeoutMs, 100, 600_000);
    integer('target.pollIntervalMs', target.pollIntervalMs, 10, 60_000);
  }
  return problems;
}
