/** VRF devices, bridges and VXLAN made with `ip link`, as on a real FRR box (kernel VRF support needed). */
import { planLinuxDevices, type DevicePlan, type DeviceStep, type NodeCommand, type NodeDevices } from '#frr-config';
import { DeviceError } from '../core/device-driver.js';
import type { NodeDeviceBackend } from './device-backend.js';
import { readLinks } from './links.js';
import { commandText, executeSteps, runIp } from './run-steps.js';

export class LinuxDeviceBackend implements NodeDeviceBackend {
  readonly name = 'linux' as const;
  readonly interfaceCommand = 'show interface vrf all json';

  /** `netns`: the node's namespace, when the agent runs outside it */
  constructor(private readonly netns?: string) {}

  async plan(desired: NodeDevices, previous?: NodeDevices): Promise<DevicePlan> {
    return planLinuxDevices(desired, { links: await readLinks(this.netns) }, previous);
  }

  execute(steps: readonly DeviceStep[]): Promise<void> {
    return executeSteps(steps, (command) => this.run(command));
  }

  private async run(command: NodeCommand): Promise<void> {
    if (command.run !== 'ip') throw new Error(`the linux backend has no ${command.run} step`);
    const args = [...(this.netns === undefined ? [] : ['-n', this.netns]), ...command.args];
    try {
      await runIp(args, commandText(command));
    } catch (e) {
      if (command.args.includes('vrf') && e instanceof DeviceError && e.details.some((d) => /Unknown device type|not supported/i.test(d))) {
        throw new DeviceError(`this kernel has no VRF devices (ip ${args.join(' ')}: Unknown device type); run the agent with --vrf-backend netns and zebra -n`, false);
      }
      throw e;
    }
  }
}
