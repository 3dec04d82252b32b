/**
 * The driver for a switch, chosen by its desired state's `os`: sonic (CONFIG_DB + FRR), frr (an FRR
 * node: Linux devices + FRR), vyos (the VyOS driver, `createVyosDriver` from ./vyos/index.js, when
 * this build has it).
 */
import { join } from 'node:path';
import { DeviceError, UnsupportedDeviceError, type DesiredState, type DeviceDriver, type DriverFactory } from './core/device-driver.js';
import type { AgentLogger } from './core/log.js';
import { FrrNodeDriver, type AppliedDevices } from './frr-node/frr-node-driver.js';
import { LinuxDeviceBackend } from './frr-node/linux-backend.js';
import { NetnsDeviceBackend } from './frr-node/netns-backend.js';
import { Frr } from './frr/frr.js';
import { ConfigDb } from './sonic/config-db.js';
import { SonicDriver, type AppliedConfigDb } from './sonic/sonic-driver.js';
import { JsonRecord } from './state/json-record.js';

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
  /** options for the VyOS driver, passed through as its module reads them */
  readonly vyos?: Readonly<Record<string, unknown>>;
}

/** Where the VyOS driver lives; a variable, so that a build without it still compiles. */
const VYOS_MODULE = './vyos/index.js';

export interface VyosModule {
  readonly createVyosDriver: (options: never) => DeviceDriver;
  readonly vyosDriverOptionsFrom?: (name: string, flags: Readonly<Record<string, unknown>>, management: undefined, home: string) => { options: unknown } | { problems: string[] };
  readonly VYOS_FLAGS?: readonly { readonly flags: string; readonly description: string }[];
}

/** The VyOS driver module, or undefined when this build does not have it. */
export async function loadVyosModule(): Promise<VyosModule | undefined> {
  try {
    const module = (await import(VYOS_MODULE)) as Partial<VyosModule>;
    return typeof module.createVyosDriver === 'function' ? (module as VyosModule) : undefined;
  } catch {
    return undefined;
  }
}

async function vyosDriver(settings: DriverSettings): Promise<DeviceDriver> {
  const vyos = await loadVyosModule();
  if (vyos === undefined) throw new UnsupportedDeviceError(`switch ${settings.switchName} runs VyOS: the VyOS driver is not in this build`);
  if (vyos.vyosDriverOptionsFrom === undefined) return vyos.createVyosDriver({ switch: settings.switchName, ...settings.vyos } as never);
  const { homedir } = await import('node:os');
  const built = vyos.vyosDriverOptionsFrom(settings.switchName, settings.vyos ?? {}, undefined, homedir());
  if ('problems' in built) throw new DeviceError(`switch ${settings.switchName}: the VyOS driver options are not valid`, false, built.problems);
  return vyos.createVyosDriver(built.options as never);
}

export function driverFactory(settings: DriverSettings): DriverFactory {
  const frr = (): Frr =>
    new Frr({ vtyDir: settings.frrVtyDir, workDir: join(settings.stateDir, 'frr'), log: settings.log, vrfNetns: settings.vrfBackend === 'netns', ...(settings.frrNetns === undefined ? {} : { netns: settings.frrNetns }) });
  return async (desired: DesiredState): Promise<DeviceDriver> => {
    switch (desired.os) {
      case 'sonic':
        return new SonicDriver({
          configDb: new ConfigDb({ url: settings.redisUrl, log: settings.log }),
          frr: frr(),
          record: new JsonRecord<AppliedConfigDb>(join(settings.stateDir, 'configdb-applied.json')),
          log: settings.log,
          ...(settings.pauseBetweenGroupsMs === undefined ? {} : { pauseBetweenGroupsMs: settings.pauseBetweenGroupsMs }),
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
        return vyosDriver(settings);
      case undefined:
      default:
        throw new UnsupportedDeviceError(`switch ${settings.switchName}: os ${desired.os ?? '(none)'} has no driver (sonic, frr, vyos)`);
    }
  };
}
