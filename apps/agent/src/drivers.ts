/**
 * The driver for a switch, chosen by its desired state's `os`: sonic (CONFIG_DB + FRR), frr (an FRR
 * node: Linux devices + FRR), vyos (the VyOS driver over SSH or the QEMU guest agent).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DeviceError, UnsupportedDeviceError, type DesiredState, type DeviceDriver, type DriverFactory } from './core/device-driver.js';
import type { AgentLogger } from './core/log.js';
import { FrrNodeDriver, type AppliedDevices } from './frr-node/frr-node-driver.js';
import { LinuxDeviceBackend } from './frr-node/linux-backend.js';
import { NetnsDeviceBackend } from './frr-node/netns-backend.js';
import { Frr } from './frr/frr.js';
import { ConfigDb } from './sonic/config-db.js';
import { CountersDb } from './sonic/counters-db.js';
import { SonicDriver, type AppliedConfigDb } from './sonic/sonic-driver.js';
import { JsonRecord } from './state/json-record.js';
import { createVyosDriver, vyosDriverOptionsFrom, type VyosFlags } from './vyos/index.js';

export type VrfBackend = 'linux' | 'netns';

export interface DriverSettings {
  readonly switchName: string;
  /** CONFIG_DB: `redis://host:port` or `unix:///path/redis.sock` */
  readonly redisUrl: string;
  /** FRR's vty socket directory */
  readonly frrVtyDir: string;
  /** the switch's network namespace, when the agent runs outside it */
  readonly frrNetns?: string;
  readonly vrfBackend: VrfBackend;
  readonly stateDir: string;
  readonly log: AgentLogger;
  /** test hook: pause between CONFIG_DB groups */
  readonly pauseBetweenGroupsMs?: number;
  /** the VyOS flags (`--ssh`, `--qga`, ...), combined with the Switch's spec.management */
  readonly vyos?: VyosFlags;
}

/**
 * The VyOS driver for this switch: its flags (`--ssh`, `--qga`, ...) over the Switch's
 * spec.management, which the Agent spec carries. Options that cannot work (no address, no key,
 * --qga with SSH flags) are a DeviceError naming each, reported in the status: a later generation
 * (a Switch given spec.management) or a restart with other flags is what fixes them.
 */
function vyosDriver(settings: DriverSettings, desired: DesiredState): DeviceDriver {
  const built = vyosDriverOptionsFrom(settings.switchName, settings.vyos ?? {}, desired.management, homedir());
  if ('problems' in built) throw new DeviceError(`switch ${settings.switchName}: cannot reach the VyOS router: ${built.problems.join('; ')}`, false, built.problems);
  return createVyosDriver(built.options);
}

export function driverFactory(settings: DriverSettings): DriverFactory {
  const frr = (): Frr =>
    new Frr({ vtyDir: settings.frrVtyDir, workDir: join(settings.stateDir, 'frr'), log: settings.log, vrfNetns: settings.vrfBackend === 'netns', ...(settings.frrNetns === undefined ? {} : { netns: settings.frrNetns }) });
  const build = (desired: DesiredState): DeviceDriver => {
    switch (desired.os) {
      case 'sonic':
        return new SonicDriver({
          configDb: new ConfigDb({ url: settings.redisUrl, log: settings.log }),
          counters: new CountersDb(settings.redisUrl, settings.log),
          frr: frr(),
          record: new JsonRecord<AppliedConfigDb>(join(settings.stateDir, 'configdb-applied.json')),
          log: settings.log,
          ...(settings.pauseBetweenGroupsMs === undefined ? {} : { pauseBetweenGroupsMs: settings.pauseBetweenGroupsMs }),
          ...(settings.vrfBackend === 'netns' ? { vrfBinding: {} } : {}),
        });
      case 'frr':
        return new FrrNodeDriver({
          frr: frr(),
          devices:
            settings.vrfBackend === 'netns'
              ? new NetnsDeviceBackend({ switchName: settings.switchName, vtyDir: settings.frrVtyDir, log: settings.log, ...(settings.frrNetns === undefined ? {} : { node: settings.frrNetns }) })
              : new LinuxDeviceBackend(settings.frrNetns),
          record: new JsonRecord<AppliedDevices>(join(settings.stateDir, 'devices-applied.json')),
        });
      case 'vyos':
        return vyosDriver(settings, desired);
      case undefined:
      default:
        throw new UnsupportedDeviceError(`switch ${settings.switchName}: os ${desired.os ?? '(none)'} has no driver (sonic, frr, vyos)`);
    }
  };
  return (desired) => Promise.resolve().then(() => build(desired));
}
