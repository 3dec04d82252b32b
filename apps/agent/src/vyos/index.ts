/**
 * The VyOS border driver: `createVyosDriver(options)` gives the agent loop a DeviceDriver for one
 * VyOS router, reached over SSH or through the QEMU guest agent. docs/vyos-agent.md explains the
 * apply, the ownership rules and the options.
 */
import { DeviceError, type DeviceDriver } from '../core/device-driver.js';
import { VyosDriver } from './driver.js';
import { checkVyosOptions, type VyosDriverOptions } from './options.js';
import { QgaTransport } from './qga-transport.js';
import { SshTransport } from './ssh-transport.js';
import type { VyosTransport } from './transport.js';

export { fingerprint, KnownHosts, knownHostsName } from './known-hosts.js';
export { checkVyosOptions, type VyosDriverOptions, type VyosQgaTarget, type VyosSshTarget } from './options.js';
export { parseVyosFlags, vyosDriverOptionsFrom, VYOS_FLAGS, type VyosFlags } from './flags.js';

function transportFor(options: VyosDriverOptions, vbash: string): VyosTransport {
  const { target } = options;
  const label = `switch ${options.switch}`;
  if (target.kind === 'qga') {
    return new QgaTransport({ socket: target.socket, label, vbash, commandTimeoutMs: target.commandTimeoutMs ?? 30_000, pollIntervalMs: target.pollIntervalMs ?? 100 });
  }
  return new SshTransport({
    host: target.host,
    port: target.port ?? 22,
    user: target.user ?? 'vyos',
    privateKeyFile: target.privateKeyFile,
    ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
    ...(target.knownHostsFile === undefined ? {} : { knownHostsFile: target.knownHostsFile }),
    ...(target.hostKey === undefined ? {} : { hostKey: target.hostKey }),
    connectTimeoutMs: target.connectTimeoutMs ?? 20_000,
    keepaliveIntervalMs: target.keepaliveIntervalMs ?? 10_000,
    label,
    vbash,
  });
}

/**
 * A DeviceDriver for one VyOS router. Nothing is opened until the first call. Bad options throw a
 * non-retryable DeviceError naming each one.
 */
export function createVyosDriver(options: VyosDriverOptions): DeviceDriver {
  const problems = checkVyosOptions(options);
  if (problems.length > 0) throw new DeviceError(`invalid VyOS driver options for ${options.switch}`, false, problems);
  const vbash = options.vbash ?? '/bin/vbash';
  return new VyosDriver(
    { switch: options.switch, confirmMinutes: options.confirmMinutes ?? 2, scriptTimeoutMs: options.scriptTimeoutMs ?? 180_000, vbash, ownedPorts: options.ownedPorts ?? [] },
    transportFor(options, vbash),
  );
}
