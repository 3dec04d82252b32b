/**
 * An FRR node (`os: frr`): the Linux devices its frr.conf needs (VRFs, L3VNI bridges and VXLAN,
 * ports bound to VRFs), made by a device backend, then frr.conf applied with frr-reload.py. What the
 * agent made is recorded before it makes it, so devices Weft no longer wants are removed even
 * after a kill.
 */
import { NodeDevicesError, nodeDevices, interfacesFrom, type NodeDevices } from '#frr-config';
import { DeviceError, type ApplyResult, type DesiredState, type DeviceChange, type DeviceDriver, type DeviceObservation } from '../core/device-driver.js';
import { frrChanges, type Frr } from '../frr/frr.js';
import { observeFrr } from '../frr/observe-frr.js';
import type { JsonRecord } from '../state/json-record.js';
import type { NodeDeviceBackend } from './device-backend.js';

export interface AppliedDevices {
  readonly devices: NodeDevices;
}

export interface FrrNodeDriverOptions {
  readonly frr: Frr;
  readonly devices: NodeDeviceBackend;
  readonly record: JsonRecord<AppliedDevices>;
}

function devicesOf(desired: DesiredState): NodeDevices {
  if (desired.frr === undefined) throw new DeviceError(`Agent ${desired.switch} generation ${desired.generation}: an FRR node needs spec.frr`, false);
  try {
    return nodeDevices(desired.frr);
  } catch (e) {
    if (e instanceof NodeDevicesError) throw new DeviceError(e.message, false);
    throw e;
  }
}

function union(a: NodeDevices | undefined, b: NodeDevices): NodeDevices {
  if (a === undefined) return b;
  const by = <T>(items: readonly T[], key: (item: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];
  return {
    vrfs: by([...a.vrfs, ...b.vrfs], (v) => v.name),
    vnis: by([...a.vnis, ...b.vnis], (v) => v.vxlan),
    members: by([...a.members, ...b.members], (m) => m.interface),
    ports: [...new Set([...a.ports, ...b.ports])],
  };
}

export class FrrNodeDriver implements DeviceDriver {
  private ports: readonly string[] = [];

  constructor(private readonly options: FrrNodeDriverOptions) {}

  async plan(desired: DesiredState): Promise<ApplyResult> {
    const devices = devicesOf(desired);
    this.ports = devices.ports;
    const previous = (await this.options.record.read())?.devices;
    const plan = await this.options.devices.plan(devices, previous);
    const frr = await this.options.frr.delta(desired.frr ?? '');
    return { changes: [...plan.steps.map((s) => ({ op: s.op, key: s.key, detail: s.detail })), ...frrChanges(frr)] };
  }

  async apply(desired: DesiredState): Promise<ApplyResult> {
    const devices = devicesOf(desired);
    this.ports = devices.ports;
    const previous = (await this.options.record.read())?.devices;
    const plan = await this.options.devices.plan(devices, previous);
    if (plan.problems.length > 0) throw new DeviceError(`the node cannot carry its frr.conf`, false, plan.problems);
    if (plan.steps.length > 0) await this.options.record.write({ devices: union(previous, devices) });
    // what FRR will use is made before FRR is told; what it no longer uses goes after
    const making = plan.steps.filter((s) => s.op !== 'delete');
    const removing = plan.steps.filter((s) => s.op === 'delete');
    await this.options.devices.execute(making);
    const made: DeviceChange[] = making.map((s) => ({ op: s.op, key: s.key, detail: s.detail }));
    let frr: DeviceChange[];
    try {
      await this.options.devices.ready?.(making, this.options.frr);
      frr = await this.options.frr.apply(desired.frr ?? '');
      await this.options.devices.settle?.(devices, this.options.frr);
    } catch (e) {
      if (e instanceof DeviceError) throw new DeviceError(e.message, e.retryable, e.details, [...made, ...e.applied]);
      throw e;
    }
    try {
      await this.options.devices.execute(removing);
    } catch (e) {
      if (e instanceof DeviceError) throw new DeviceError(e.message, e.retryable, e.details, [...made, ...frr, ...e.applied]);
      throw e;
    }
    await this.options.record.write({ devices });
    return { changes: [...made, ...frr, ...removing.map((s) => ({ op: s.op, key: s.key, detail: s.detail }))] };
  }

  async observe(): Promise<DeviceObservation> {
    const frr = this.options.frr;
    const { observation, interfaces } = await observeFrr(frr, this.options.devices.interfaceCommand);
    return {
      ...observation,
      ports: interfacesFrom(interfaces, this.ports),
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
